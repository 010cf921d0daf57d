import { describe, expect, it } from 'vitest';
import { safeReturnPath } from './return-path';

// Also found: the sign-in return path let `/\host` through, so a link could send a user who signs in elsewhere.
describe('safeReturnPath', () => {
  it('keeps a path on this site, with its query and fragment', () => {
    for (const p of [
      '/',
      '/settings/auth-tokens',
      '/identity/users?search=al%20ice&status=locked',
      '/identity/activity#top',
      '/identity/users/3f0c1a52-0d1e-4a4b-9a55-0a3f5e9b1c2d',
      '/docs/api',
    ])
      expect(safeReturnPath(p), p).toBe(p);
  });

  it('refuses another origin however it is spelled', () => {
    for (const p of [
      '//evil.example',
      '///evil.example',
      '/\\evil.example',
      '\\/evil.example',
      '/\\/evil.example',
      '/%5Cevil.example',
      '/%5cevil.example',
      '/%2F/evil.example',
      '/%2f%2fevil.example',
      '/\t/evil.example',
      '/\n/evil.example',
      '/\r/evil.example',
      '/%09/evil.example',
      '/%0a/evil.example',
      '/settings\\..\\..\\evil',
      'https://evil.example/',
      'http:evil.example',
      'javascript:alert(1)',
      'JavaScript:alert(1)',
      'data:text/html,hi',
      'evil.example',
      ' /settings',
      '%2F%2Fevil.example',
      '/%E0%A4%A',
    ])
      expect(safeReturnPath(p), JSON.stringify(p)).toBe('/');
  });

  it('falls back to / for nothing, and for the sign-in page itself', () => {
    expect(safeReturnPath(null)).toBe('/');
    expect(safeReturnPath(undefined)).toBe('/');
    expect(safeReturnPath('')).toBe('/');
    expect(safeReturnPath('/signin')).toBe('/');
    expect(safeReturnPath('/signin?next=/settings')).toBe('/');
  });
});
