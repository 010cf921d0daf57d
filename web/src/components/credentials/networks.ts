import { z } from 'zod';

/** The server's limit (security/networks.ts); the server also normalises each range, the console only catches typos. */
export const MAX_NETWORKS = 50;

export const NETWORKS_HINT =
  'One IPv4 or IPv6 address or CIDR range per line, e.g. 203.0.113.0/24 or 2001:db8::/32. Leave empty to allow any network.';

/** The ranges typed in the field: one per line (commas and spaces also separate), blank lines ignored. */
export const networkLines = (text: string): string[] => text.split(/[\s,]+/).filter(Boolean);

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;
const isIPv4 = (s: string) => {
  const m = IPV4.exec(s);
  return m !== null && m.slice(1).every((o) => Number(o) <= 255 && !/^0\d/.test(o));
};

function isIPv6(s: string): boolean {
  if (!/^[0-9a-f:.]+$/i.test(s) || !s.includes(':')) return false;
  const halves = s.split('::');
  if (halves.length > 2) return false;
  const groups = halves.flatMap((h) => (h === '' ? [] : h.split(':')));
  // A dotted IPv4 tail (::ffff:192.0.2.1) counts as two groups.
  const last = groups.at(-1) ?? '';
  const v4Tail = last.includes('.');
  if (v4Tail && !isIPv4(last)) return false;
  const hex = v4Tail ? groups.slice(0, -1) : groups;
  if (!hex.every((g) => /^[0-9a-f]{1,4}$/i.test(g))) return false;
  const count = hex.length + (v4Tail ? 2 : 0);
  return halves.length === 2 ? count <= 7 : count === 8;
}

/** Whether one entry looks like an address or CIDR range the server will take (it has the final word). */
export function isNetwork(entry: string): boolean {
  const [address = '', bits, ...rest] = entry.split('/');
  if (rest.length > 0) return false;
  const max = isIPv4(address) ? 32 : isIPv6(address) ? 128 : -1;
  if (max < 0) return false;
  return bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= max);
}

const notANetwork = (entry: string) => `“${entry}” is not an IPv4 or IPv6 address or CIDR range, e.g. 203.0.113.0/24.`;

/** Why the field's text can't be sent, in a sentence; undefined when it looks right. */
export function networksProblem(text: string): string | undefined {
  const lines = networkLines(text);
  const wrong = lines.find((l) => !isNetwork(l));
  if (wrong !== undefined) return notANetwork(wrong);
  if (lines.length > MAX_NETWORKS) return `At most ${MAX_NETWORKS} networks: there are ${lines.length}.`;
  return undefined;
}

/** The form field: text in, the list to send out. */
export const allowedNetworksFieldSchema = z
  .string()
  .superRefine((text, ctx) => {
    const problem = networksProblem(text);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  })
  .transform(networkLines);

/** The list as the field shows it. */
export const networksText = (list: readonly string[]): string => list.join('\n');

/** Whether two lists hold the same ranges, whatever their order. */
export const sameList = (a: readonly string[], b: readonly string[]): boolean =>
  a.length === b.length && new Set([...a, ...b]).size === new Set(a).size;
