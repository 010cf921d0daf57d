import type { RevocationFilter } from '../api/types';

// The inventories' filters as the address bar holds them: the API's own names, so a shared link reads like the query.

export const TOKEN_STATUSES = ['', 'active', 'expired', 'suspended', 'revoked'] as const;
export type TokenStatusFilter = (typeof TOKEN_STATUSES)[number];
/** A client is never revoked: the clients' inventory answers 400 to `status=revoked`. */
export const CLIENT_STATUSES = ['', 'active', 'expired', 'suspended'] as const;

export const TOKEN_SORTS = ['-created', 'created', 'expires', '-expires', '-lastUsed', 'lastUsed', 'owner', '-owner'];
export const CLIENT_SORTS = ['-created', 'created', 'expires', '-expires', '-lastUsed', 'lastUsed', 'owner', '-owner'];

export interface InventoryFilter {
  owner: string;
  createdBy: string;
  status: TokenStatusFilter;
  scope: string;
  /** '' any, 'true' only without expiry, 'false' only with one. */
  neverExpires: '' | 'true' | 'false';
  /** A day, YYYY-MM-DD (the date input's value), meaning that day's local midnight. */
  expiresBefore: string;
  createdBefore: string;
  /** Whole days as typed ('' for any). */
  unusedForDays: string;
  search: string;
}

export type FilterKey = keyof InventoryFilter;

/** What one inventory filters on (in its filter bar's order), the statuses it knows, and its orders. */
export interface InventoryKind {
  fields: readonly FilterKey[];
  statuses: readonly TokenStatusFilter[];
  sorts: readonly string[];
}

export const EMPTY_FILTER: InventoryFilter = {
  owner: '',
  createdBy: '',
  status: '',
  scope: '',
  neverExpires: '',
  expiresBefore: '',
  createdBefore: '',
  unusedForDays: '',
  search: '',
};

export const TOKEN_INVENTORY: InventoryKind = {
  fields: [
    'search',
    'owner',
    'createdBy',
    'status',
    'scope',
    'neverExpires',
    'expiresBefore',
    'createdBefore',
    'unusedForDays',
  ],
  statuses: TOKEN_STATUSES,
  sorts: TOKEN_SORTS,
};

/** The token filters that apply to a client: no token scopes, no revoked. */
export const CLIENT_INVENTORY: InventoryKind = {
  fields: ['search', 'owner', 'createdBy', 'status', 'neverExpires', 'expiresBefore', 'createdBefore', 'unusedForDays'],
  statuses: CLIENT_STATUSES,
  sorts: CLIENT_SORTS,
};

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const SCOPE = /^[a-z]+:[a-z]+$/;
const DAYS = /^\d{1,4}$/;

const oneOf = <T extends string>(options: readonly T[], v: string | null): T =>
  options.find((o) => o === v) ?? options[0]!;
const matching = (re: RegExp, v: string | null) => (v !== null && re.test(v) ? v : '');

/**
 * The filter in the address bar; anything malformed, or that this inventory does not filter on (a token's scope or
 * `status=revoked` on the clients' page), is left out rather than sent for the server to refuse or ignore.
 */
export function filterFromParams(params: URLSearchParams, kind: InventoryKind = TOKEN_INVENTORY): InventoryFilter {
  const text = (k: string) => (params.get(k) ?? '').slice(0, 200);
  const read: InventoryFilter = {
    owner: text('owner'),
    createdBy: text('createdBy'),
    status: oneOf(kind.statuses, params.get('status')),
    scope: matching(SCOPE, params.get('scope')),
    neverExpires: oneOf(['', 'true', 'false'] as const, params.get('neverExpires')),
    expiresBefore: matching(DAY, params.get('expiresBefore')),
    createdBefore: matching(DAY, params.get('createdBefore')),
    unusedForDays: matching(DAYS, params.get('unusedForDays')),
    search: text('search'),
  };
  for (const k of Object.keys(read) as FilterKey[]) if (!kind.fields.includes(k)) read[k] = '';
  return read;
}

export const sortFromParams = (params: URLSearchParams, sorts: readonly string[]): string =>
  oneOf(sorts, params.get('sort'));

/** One filter or the order changed: the rest of the address stays; an empty value leaves the address. */
export function withParam(base: URLSearchParams, key: string, value: string): URLSearchParams {
  const next = new URLSearchParams(base);
  if (value) next.set(key, value);
  else next.delete(key);
  return next;
}

const dayStart = (day: string) => new Date(`${day}T00:00:00`).toISOString();
const days = (v: string) => {
  const n = Number(v);
  return Number.isInteger(n) && n >= 1 && n <= 3650 ? n : undefined;
};

/** What the API's filter holds (the revocation body's `filter`): only what is set, typed as JSON. */
export function apiFilter(f: InventoryFilter): RevocationFilter {
  const out: RevocationFilter = {};
  if (f.owner.trim()) out.owner = f.owner.trim();
  if (f.createdBy.trim()) out.createdBy = f.createdBy.trim();
  if (f.status) out.status = f.status;
  // The address bar's scope is checked for shape only; the server answers 400 for a name it does not know.
  if (f.scope) out.scope = f.scope as NonNullable<RevocationFilter['scope']>;
  if (f.neverExpires) out.neverExpires = f.neverExpires === 'true';
  if (f.expiresBefore) out.expiresBefore = dayStart(f.expiresBefore);
  if (f.createdBefore) out.createdBefore = dayStart(f.createdBefore);
  const unused = days(f.unusedForDays);
  if (unused !== undefined) out.unusedForDays = unused;
  if (f.search.trim()) out.search = f.search.trim();
  return out;
}

/** The list request's query string: the filter, the order, the page. */
export function apiQuery(f: InventoryFilter, sort: string, cursor: string | null, limit: number): URLSearchParams {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(apiFilter(f))) q.set(k, String(v));
  q.set('sort', sort);
  q.set('limit', String(limit));
  if (cursor) q.set('cursor', cursor);
  return q;
}

export const hasFilter = (f: InventoryFilter): boolean => Object.keys(apiFilter(f)).length > 0;

const STATUS_WORDS: Record<string, string> = {
  active: 'active',
  expired: 'expired',
  suspended: 'suspended',
  revoked: 'revoked',
};

/** The filter in words, for the revoke dialog ("Owner: bob", "Unused for 90 days or more"). */
export function describeFilter(f: InventoryFilter): string[] {
  const out: string[] = [];
  const a = apiFilter(f);
  if (a.owner) out.push(`Owner: ${String(a.owner)}`);
  if (a.createdBy) out.push(`Created by: ${String(a.createdBy)}`);
  if (a.status) out.push(`Status: ${STATUS_WORDS[String(a.status)]}`);
  if (a.scope) out.push(`Holds the scope ${String(a.scope)}`);
  if (a.neverExpires === true) out.push('Never expires');
  if (a.neverExpires === false) out.push('Has an expiry date');
  if (f.expiresBefore) out.push(`Expires before ${f.expiresBefore}`);
  if (f.createdBefore) out.push(`Created before ${f.createdBefore}`);
  if (a.unusedForDays !== undefined) out.push(`Unused for ${String(a.unusedForDays)} days or more`);
  if (a.search) out.push(`Description or hint contains “${String(a.search)}”`);
  return out;
}

/** "1,234 tokens" ("… match" when filtered), or "More than 10,000 tokens" when the server stopped counting. */
export function countLabel(total: number, lowerBound: boolean, noun: [string, string], filtered = false): string {
  const one = total === 1 && !lowerBound;
  const n = lowerBound ? `More than ${total.toLocaleString('en')}` : total.toLocaleString('en');
  return `${n} ${one ? noun[0] : noun[1]}${filtered ? (one ? ' matches' : ' match') : ''}`;
}
