import { describe, expect, it } from 'vitest';
import { isTesseraAudience, scopeSuggestions } from './scope-suggestions';

const origin = 'https://tessera.example.com';
// As GET /api/scopes lists them (for a non-administrator, without the administrators' two).
const tessera = ['profile:read', 'tokens:read', 'tokens:write', 'activity:read'];
const used = [
  { audience: 'https://api.example.com', scope: 'reports.read' },
  { audience: 'https://api.example.com/', scope: 'reports.write' },
  { audience: origin, scope: 'tokens:read' },
  { audience: origin, scope: 'custom:thing' },
];

describe('scope suggestions', () => {
  it("offers Tessera's scopes for Tessera's own origin, however it is typed, then those already in use", () => {
    expect(scopeSuggestions('HTTPS://tessera.example.com/', used, origin, tessera)).toEqual([
      ...tessera,
      'custom:thing',
    ]);
    expect(isTesseraAudience('https://tessera.example.com//', origin)).toBe(true);
    expect(isTesseraAudience('', origin)).toBe(false);
  });

  it('offers only the scopes in use for another audience, and nothing without one', () => {
    expect(scopeSuggestions('https://api.example.com', used, origin, tessera)).toEqual([
      'reports.read',
      'reports.write',
    ]);
    expect(scopeSuggestions('https://other.example.com', used, origin, tessera)).toEqual([]);
    expect(scopeSuggestions('  ', used, origin, tessera)).toEqual([]);
  });
});
