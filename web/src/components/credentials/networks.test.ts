import { describe, expect, it } from 'vitest';
import { allowedNetworksFieldSchema, isNetwork, networkLines, networksProblem, sameList } from './networks';

describe('the allowed networks field', () => {
  it('reads one range per line, ignoring blank lines and stray spaces or commas', () => {
    expect(networkLines('  203.0.113.0/24\n\n2001:db8::/32 ,10.0.0.1\n')).toEqual([
      '203.0.113.0/24',
      '2001:db8::/32',
      '10.0.0.1',
    ]);
    expect(networkLines('   \n')).toEqual([]);
  });

  it('takes IPv4 and IPv6 addresses and CIDR ranges', () => {
    for (const ok of ['203.0.113.0/24', '10.0.0.1', '0.0.0.0/0', '2001:db8::/32', '::1', '::', 'fe80::1/64'])
      expect(isNetwork(ok), ok).toBe(true);
    expect(isNetwork('::ffff:192.0.2.1/128')).toBe(true);
    expect(isNetwork('1:2:3:4:5:6:7:8')).toBe(true);
  });

  it('catches the obvious mistakes', () => {
    for (const bad of [
      '256.1.1.1',
      '10.0.0/8',
      '10.0.0.0/33',
      '2001:db8::/129',
      '2001:db8:::1',
      '1::2::3',
      '1:2:3:4:5:6:7:8:9',
      'example.com',
      '10.0.0.0/',
      '10.0.0.0/8/8',
      '010.0.0.1',
    ])
      expect(isNetwork(bad), bad).toBe(false);
  });

  it('names the first wrong entry, and the limit of 50', () => {
    expect(networksProblem('10.0.0.0/8\n300.0.0.0/8\nnope')).toBe(
      '“300.0.0.0/8” is not an IPv4 or IPv6 address or CIDR range, e.g. 203.0.113.0/24.',
    );
    expect(networksProblem('')).toBeUndefined();
    const many = Array.from({ length: 51 }, (_, i) => `10.0.${i}.0/24`).join('\n');
    expect(networksProblem(many)).toBe('At most 50 networks: there are 51.');
  });

  it('gives the list to send, empty for anywhere', () => {
    expect(allowedNetworksFieldSchema.parse('10.0.0.0/8\n')).toEqual(['10.0.0.0/8']);
    expect(allowedNetworksFieldSchema.parse('')).toEqual([]);
    expect(allowedNetworksFieldSchema.safeParse('10.0.0.0/99').success).toBe(false);
  });

  it('compares lists whatever their order', () => {
    expect(sameList(['a', 'b'], ['b', 'a'])).toBe(true);
    expect(sameList(['a'], ['a', 'b'])).toBe(false);
    expect(sameList(['a', 'c'], ['a', 'b'])).toBe(false);
  });
});
