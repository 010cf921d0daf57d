import { describe, expect, it } from 'vitest';
import { allowListOf, normaliseNetwork } from './networks.js';

// A compiled allow-list remembers its answers per address (security/networks.ts): these hold it to giving the same
// answer as the first, unremembered one, for every address and past its bound.
describe('a compiled network allow-list', () => {
  const text = ['10.0.0.0/16', '172.16.0.0/12', '2001:db8::/48', 'fd00::/8', '127.0.0.1/32']
    .map((n) => normaliseNetwork(n)!)
    .join(' ');

  it('answers the same the second time, inside and outside the list, IPv4, IPv6 and IPv4-mapped', () => {
    const list = allowListOf(text)!;
    const cases: [string, boolean][] = [
      ['127.0.0.1', true],
      ['127.0.0.2', false],
      ['10.0.255.255', true],
      ['10.1.0.0', false],
      ['172.31.1.1', true],
      ['::ffff:127.0.0.1', true],
      ['::ffff:127.0.0.2', false],
      ['2001:db8:0:1::5', true],
      ['2001:db8:1::5', false],
      ['fd12::1', true],
      ['::1', false],
      ['not an address', false],
      ['', false],
    ];
    for (const [ip, allowed] of cases) expect([ip, list.allows(ip)]).toEqual([ip, allowed]);
    for (const [ip, allowed] of cases) expect([ip, list.allows(ip)]).toEqual([ip, allowed]);
    expect(list.allows(null)).toBe(false);
    expect(list.allows(undefined)).toBe(false);
  });

  it('keeps answering correctly for many more addresses than it remembers', () => {
    const list = allowListOf(text)!;
    for (let round = 0; round < 2; round++)
      for (let i = 0; i < 200; i++) {
        expect(list.allows(`10.0.${i}.1`)).toBe(true);
        expect(list.allows(`10.${i + 1}.0.1`)).toBe(false);
      }
  });
});
