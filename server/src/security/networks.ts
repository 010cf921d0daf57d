import { BlockList, isIP } from 'node:net';
import ipaddr from 'ipaddr.js';
import { z } from 'zod';

/**
 * Network allow-lists (Okta's network zones) for auth tokens and OAuth clients: IPv4 and IPv6 CIDR ranges, stored
 * normalised (network address, lower case, `/bits` always) and space-separated; `null` is "anywhere". A list is
 * compiled once into a node:net BlockList (matching in C++, IPv4-mapped IPv6 addresses included) and remembered by
 * its text, so neither the embedded credential cache nor PostgreSQL's per-request row parses anything per request.
 */
export const MAX_NETWORKS = 50;

/** One range as typed ("203.0.113.7/24", "2001:DB8::/32", a bare address) → its normal form, or undefined. */
export function normaliseNetwork(text: string): string | undefined {
  const s = text.trim();
  try {
    if (!s.includes('/')) {
      if (!ipaddr.isValid(s) || isIP(s) === 0) return undefined;
      const a = ipaddr.process(s);
      return `${a.toString()}/${a.kind() === 'ipv4' ? 32 : 128}`;
    }
    // Only the usual notations: ipaddr.js also takes classful and hexadecimal forms ("10.1/8", "0xa.0.0.0/8").
    const slash = s.indexOf('/');
    if (isIP(s.slice(0, slash)) === 0 || !/^\d{1,3}$/.test(s.slice(slash + 1))) return undefined;
    const [addr, bits] = ipaddr.parseCIDR(s);
    if (addr.kind() === 'ipv4') return `${ipaddr.IPv4.networkAddressFromCIDR(s).toString()}/${bits}`;
    const v6 = addr as ipaddr.IPv6;
    // An IPv4-mapped range (::ffff:1.2.3.0/120) is the IPv4 range it maps.
    if (v6.isIPv4MappedAddress() && bits >= 96)
      return `${ipaddr.IPv4.networkAddressFromCIDR(`${v6.toIPv4Address().toString()}/${bits - 96}`).toString()}/${bits - 96}`;
    return `${ipaddr.IPv6.networkAddressFromCIDR(s).toString()}/${bits}`;
  } catch {
    return undefined;
  }
}

/**
 * The request field: at most 50 ranges, each valid; answered normalised and without duplicates, in the order given.
 * An empty list means "anywhere" (stored as null).
 */
export const allowedNetworksSchema = z
  .array(z.string().max(64))
  .max(MAX_NETWORKS, `has more than ${MAX_NETWORKS} networks`)
  .superRefine((list, ctx) => {
    list.forEach((n, i) => {
      if (normaliseNetwork(n) === undefined)
        ctx.addIssue({ code: 'custom', path: [i], message: 'is not an IPv4 or IPv6 address or CIDR range' });
    });
  })
  .transform((list) => [...new Set(list.map((n) => normaliseNetwork(n)!))])
  .meta({
    description:
      'IPv4 and IPv6 CIDR ranges the credential may be used from (at most 50), normalised; empty: from anywhere.',
    example: ['203.0.113.0/24', '2001:db8::/32'],
  });

/** How a list is stored: null for anywhere, else the normalised ranges, space-separated. */
export const storedNetworks = (list: readonly string[] | null | undefined): string | null =>
  list && list.length > 0 ? list.join(' ') : null;

/** The stored text back as a list (empty: anywhere). */
export const networkList = (stored: string | null): string[] => (stored ? stored.split(' ') : []);

/** A compiled allow-list: `allows` is the per-request test. */
export interface NetworkAllowList {
  readonly text: string;
  /** The ranges, as stored: what a credential minted by this one may be no wider than. */
  readonly list: readonly string[];
  allows(ip: string | null | undefined): boolean;
}

// Answers a compiled list keeps, per list: a credential is used from a few addresses, and a spray of others only
// evicts (oldest first). 4,096 lists × 16 answers bound the memory at about 6 MB in the worst case.
const ANSWERS_MAX = 16;

function compile(text: string): NetworkAllowList {
  const list = new BlockList();
  for (const range of text.split(' ')) {
    const slash = range.lastIndexOf('/');
    const addr = range.slice(0, slash);
    list.addSubnet(addr, Number(range.slice(slash + 1)), addr.includes(':') ? 'ipv6' : 'ipv4');
  }
  // BlockList.check with a string builds a SocketAddress (a C++-backed object) per call: 7–9 µs of the server's
  // main thread per request in the bench's profile, on a path of ~200 µs. The answer for an address never changes
  // (a changed list is another text, compiled anew), so it is remembered: one Map lookup per request after the first
  // (docs/decisions/0004-performance-deviations.md).
  const answers = new Map<string, boolean>();
  return {
    text,
    list: Object.freeze(text.split(' ')),
    allows(ip) {
      if (!ip) return false;
      let ok = answers.get(ip);
      if (ok === undefined) {
        const family = isIP(ip);
        ok = family !== 0 && list.check(ip, family === 4 ? 'ipv4' : 'ipv6');
        if (answers.size >= ANSWERS_MAX) answers.delete(answers.keys().next().value!);
        answers.set(ip, ok);
      }
      return ok;
    },
  };
}

const compiled = new Map<string, NetworkAllowList>();
const COMPILED_MAX = 4096;

/** The compiled list for a stored column (null: anywhere, no test), remembered by its text. */
export function allowListOf(stored: string | null): NetworkAllowList | null {
  if (stored === null) return null;
  let c = compiled.get(stored);
  if (!c) {
    c = compile(stored);
    if (compiled.size >= COMPILED_MAX) compiled.delete(compiled.keys().next().value!);
    compiled.set(stored, c);
  }
  return c;
}

/** Whether every range of `inner` lies inside some range of `outer` (null outer: anywhere, so always). */
export function networksWithin(inner: readonly string[] | null, outer: readonly string[] | null): boolean {
  if (outer === null || outer.length === 0) return true;
  if (inner === null || inner.length === 0) return false;
  const ranges = outer.map((r) => ipaddr.parseCIDR(r));
  return inner.every((r) => {
    const [addr, bits] = ipaddr.parseCIDR(r);
    return ranges.some(([o, ob]) => o.kind() === addr.kind() && ob <= bits && addr.match(o, ob));
  });
}
