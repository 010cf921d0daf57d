import { describe, expect, it } from 'vitest';
import { networkPrefix } from './network-prefix.js';

describe('networkPrefix: the network a use is from (/24, /48)', () => {
  it.each([
    ['198.51.100.4', '198.51.100.0/24'],
    ['198.51.100.255', '198.51.100.0/24'],
    ['::ffff:198.51.100.9', '198.51.100.0/24'],
    ['::ffff:c633:6409', '198.51.100.0/24'],
    ['2001:db8:1:1::5', '2001:db8:1::/48'],
    ['2001:DB8:1:ffff::9', '2001:db8:1::/48'],
    ['2001:db8:2::1', '2001:db8:2::/48'],
    ['::1', '::/48'],
  ])('%s → %s', (ip, prefix) => expect(networkPrefix(ip)).toBe(prefix));

  it.each([null, undefined, '', 'unknown', '198.51.100', '10.1', '0xa.0.0.1', '2001:db8::/48'])(
    'has none for %s',
    (ip) => expect(networkPrefix(ip)).toBeUndefined(),
  );
});
