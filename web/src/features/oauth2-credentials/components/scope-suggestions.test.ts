import { describe, expect, it } from 'vitest';
import { TESSERA_SCOPES, scopeSuggestions } from './scope-suggestions';

const origin = 'https://tessera.example.com';
const used = [
  { audience: 'https://api.example.com', scope: 'reports.read' },
  { audience: 'https://api.example.com/', scope: 'reports.write' },
  { audience: origin, scope: 'tokens:read' },
  { audience: origin, scope: 'custom:thing' },
];

describe('scope suggestions', () => {
  it("offers Tessera's scopes for Tessera's own origin, however it is typed, then those already in use", () => {
    expect(scopeSuggestions('HTTPS://tessera.example.com/', used, origin)).toEqual([...TESSERA_SCOPES, 'custom:thing']);
  });

  it('offers only the scopes in use for another audience, and nothing without one', () => {
    expect(scopeSuggestions('https://api.example.com', used, origin)).toEqual(['reports.read', 'reports.write']);
    expect(scopeSuggestions('https://other.example.com', used, origin)).toEqual([]);
    expect(scopeSuggestions('  ', used, origin)).toEqual([]);
  });
});
