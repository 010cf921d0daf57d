import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allowListOf, allowedNetworksSchema, networksWithin, normaliseNetwork, storedNetworks } from './networks.js';

describe('network allow-lists', () => {
  it('normalises ranges to their network address and prefix, IPv4-mapped ranges to IPv4', () => {
    expect(normaliseNetwork('203.0.113.7/24')).toBe('203.0.113.0/24');
    expect(normaliseNetwork(' 2001:DB8:0:0::5/32 ')).toBe('2001:db8::/32');
    expect(normaliseNetwork('198.51.100.4')).toBe('198.51.100.4/32');
    expect(normaliseNetwork('::1')).toBe('::1/128');
    expect(normaliseNetwork('::ffff:10.0.0.0/104')).toBe('10.0.0.0/8');
    expect(normaliseNetwork('0.0.0.0/0')).toBe('0.0.0.0/0');
  });

  it('refuses what is not an address or a range in the usual notation', () => {
    for (const bad of ['', 'localhost', '1.2.3.4/33', '::/129', '10.1/8', '0xa.0.0.0/8', '1.2.3.4/+8', '1.2.3.4/ 8'])
      expect(normaliseNetwork(bad), bad).toBeUndefined();
  });

  it('validates the request field: at most 50, each named by index, duplicates folded', () => {
    const bad = allowedNetworksSchema.safeParse(['10.0.0.0/8', 'nope']);
    expect(bad.error?.issues).toEqual([expect.objectContaining({ path: [1] })]);
    expect(allowedNetworksSchema.safeParse(Array.from({ length: 51 }, (_, i) => `10.0.${i}.0/24`)).success).toBe(false);
    expect(allowedNetworksSchema.parse(['10.1.2.3/8', '10.0.0.0/8', '2001:db8::1/32'])).toEqual([
      '10.0.0.0/8',
      '2001:db8::/32',
    ]);
    expect(storedNetworks([])).toBeNull();
  });

  it('matches IPv4, IPv6 and IPv4-mapped client addresses, refusing an unknown address', () => {
    const list = allowListOf('203.0.113.0/24 2001:db8::/32')!;
    expect(list.allows('203.0.113.200')).toBe(true);
    expect(list.allows('::ffff:203.0.113.200')).toBe(true);
    expect(list.allows('2001:db8:1::9')).toBe(true);
    expect(list.allows('203.0.114.1')).toBe(false);
    expect(list.allows('2001:db9::1')).toBe(false);
    expect(list.allows(null)).toBe(false);
    expect(list.allows('garbage')).toBe(false);
    // Compiled once per stored text.
    expect(allowListOf('203.0.113.0/24 2001:db8::/32')).toBe(list);
    expect(allowListOf(null)).toBeNull();
  });

  it('decides containment as matching does (property: an address in the inner range is allowed by the outer)', () => {
    fc.assert(
      fc.property(fc.ipV4(), fc.integer({ min: 0, max: 32 }), fc.integer({ min: 0, max: 32 }), (ip, a, b) => {
        const outer = normaliseNetwork(`${ip}/${Math.min(a, b)}`)!;
        const inner = normaliseNetwork(`${ip}/${Math.max(a, b)}`)!;
        expect(networksWithin([inner], [outer])).toBe(true);
        expect(allowListOf(outer)!.allows(ip)).toBe(true);
        if (a !== b) expect(networksWithin([outer], [inner])).toBe(false);
      }),
    );
  });
});
