import { describe, expect, it } from 'vitest';
import { crc32 } from 'node:zlib';
import {
  KEYSTONE_TOKEN_PREFIX,
  base62,
  checksum,
  digestToken,
  generateToken,
  isWellFormedToken,
  tokenHint,
} from './token-format.js';

describe('token format', () => {
  it('is tsr_ + 30 random base62 characters + a 6-character base62 CRC32 of what precedes it', () => {
    const t = generateToken();
    expect(t).toMatch(/^tsr_[0-9A-Za-z]{36}$/);
    const body = t.slice(0, -6);
    const n = crc32(body) >>> 0;
    let decoded = 0;
    for (const c of t.slice(-6))
      decoded = decoded * 62 + '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'.indexOf(c);
    expect(decoded).toBe(n);
    expect(30 * Math.log2(62)).toBeGreaterThanOrEqual(160);
  });

  it('accepts its own tokens and rejects a single changed character', () => {
    for (let i = 0; i < 200; i++) {
      const t = generateToken();
      expect(isWellFormedToken(t)).toBe(true);
      const pos = 4 + (i % 30);
      const swapped = t.slice(0, pos) + (t[pos] === 'a' ? 'b' : 'a') + t.slice(pos + 1);
      expect(isWellFormedToken(swapped)).toBe(false);
    }
  });

  it('rejects noise', () => {
    for (const s of [
      '',
      'tsr_',
      'tsr_' + 'a'.repeat(36),
      'xyz_' + generateToken().slice(4),
      generateToken() + 'a',
      'TSR_' + generateToken().slice(4),
    ])
      expect(isWellFormedToken(s)).toBe(false);
  });

  it('left-pads checksums and spreads characters uniformly', () => {
    expect(base62(0, 6)).toBe('000000');
    expect(base62(61, 6)).toBe('00000z');
    expect(checksum('tsr_x')).toHaveLength(6);
    const counts = new Map<string, number>();
    for (let i = 0; i < 2000; i++)
      for (const c of generateToken().slice(4, 34)) counts.set(c, (counts.get(c) ?? 0) + 1);
    expect(counts.size).toBe(62);
    const values = [...counts.values()];
    expect(Math.min(...values) / Math.max(...values)).toBeGreaterThan(0.7);
  });

  it('keeps only a digest and a hint', () => {
    const t = generateToken();
    expect(digestToken(t)).toMatch(/^[0-9a-f]{64}$/);
    expect(tokenHint(t)).toBe(`tsr_…${t.slice(-4)}`);
  });

  it('takes another prefix without confusing the two kinds', () => {
    const k = generateToken(KEYSTONE_TOKEN_PREFIX);
    expect(k).toMatch(/^tsk_[0-9A-Za-z]{36}$/);
    expect(isWellFormedToken(k, KEYSTONE_TOKEN_PREFIX)).toBe(true);
    expect(isWellFormedToken(k)).toBe(false);
    expect(isWellFormedToken(generateToken(), KEYSTONE_TOKEN_PREFIX)).toBe(false);
    expect(isWellFormedToken('tsk_' + k.slice(4, -1) + (k.endsWith('a') ? 'b' : 'a'), KEYSTONE_TOKEN_PREFIX)).toBe(
      false,
    );
    expect(tokenHint(k, KEYSTONE_TOKEN_PREFIX)).toBe(`tsk_…${k.slice(-4)}`);
    expect(() => generateToken('bad')).toThrow();
  });
});
