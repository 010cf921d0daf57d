import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';

/**
 * The network an address is "from" for the first-use-from-a-new-network notice (issue 20, point 4): its /24 for
 * IPv4, its /48 for IPv6 (an IPv4-mapped IPv6 address counts as the IPv4 address it maps). Undefined for anything
 * that is no address (a proxy's odd forwarding header): such a use is never news.
 */
export function networkPrefix(ip: string | null | undefined): string | undefined {
  if (!ip) return undefined;
  const family = isIP(ip);
  if (family === 0) return undefined;
  // The usual case without a parse: a dotted quad's first three parts.
  if (family === 4) return `${ip.slice(0, ip.lastIndexOf('.'))}.0/24`;
  try {
    let a = ipaddr.parse(ip);
    if (a.kind() === 'ipv6' && (a as ipaddr.IPv6).isIPv4MappedAddress()) a = (a as ipaddr.IPv6).toIPv4Address();
    if (a.kind() === 'ipv4') {
      const [x, y, z] = (a as ipaddr.IPv4).octets;
      return `${x}.${y}.${z}.0/24`;
    }
    const p = (a as ipaddr.IPv6).parts;
    return `${new ipaddr.IPv6([p[0]!, p[1]!, p[2]!, 0, 0, 0, 0, 0]).toString()}/48`;
  } catch {
    return undefined;
  }
}
