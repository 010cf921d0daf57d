import { DAY_MS } from '../../../lib/format';
import type { AuthToken } from '../api/types';

/** Within this of its expiry an active token is flagged "Expires soon". */
export const SOON_MS = 7 * DAY_MS;

export const STATUS_FILTERS = [
  { value: 'all', label: 'All' },
  { value: 'active', label: 'Active' },
  { value: 'expired', label: 'Expired' },
  { value: 'suspended', label: 'Suspended' },
  { value: 'expiring', label: 'Expiring soon' },
  { value: 'no-expiry', label: 'No expiration' },
] as const;
export type StatusFilter = (typeof STATUS_FILTERS)[number]['value'];

export const SORTS = [
  { value: 'created-desc', label: 'Newest first' },
  { value: 'created-asc', label: 'Oldest first' },
  { value: 'expires-asc', label: 'Expires soonest' },
  { value: 'expires-desc', label: 'Expires latest' },
  { value: 'used-desc', label: 'Recently used' },
  { value: 'used-asc', label: 'Least recently used' },
] as const;
export type TokenSort = (typeof SORTS)[number]['value'];

export interface TokenListView {
  search: string;
  status: StatusFilter;
  /** Only tokens that hold this scope ('' for any); a full-access token holds every scope its owner can use. */
  scope: string;
  sort: TokenSort;
}

export const DEFAULT_VIEW: TokenListView = { search: '', status: 'all', scope: '', sort: 'created-desc' };

/** A scope name as the vocabulary spells them (`tokens:read`); anything else in the address bar is ignored. */
const SCOPE_NAME = /^[a-z]+:[a-z]+$/;

const oneOf = <T extends string>(options: readonly { value: T }[], v: string | null, fallback: T): T =>
  options.find((o) => o.value === v)?.value ?? fallback;

/** The view as the address bar holds it (`q`, `status`, `scope`, `sort`); anything unknown falls back to the default. */
export function viewFromParams(params: URLSearchParams): TokenListView {
  return {
    search: params.get('q') ?? '',
    status: oneOf(STATUS_FILTERS, params.get('status'), DEFAULT_VIEW.status),
    scope: SCOPE_NAME.test(params.get('scope') ?? '') ? params.get('scope')! : DEFAULT_VIEW.scope,
    sort: oneOf(SORTS, params.get('sort'), DEFAULT_VIEW.sort),
  };
}

/** Writes a view into search params, leaving defaults out so a plain address stays plain. */
export function paramsForView(view: TokenListView, base: URLSearchParams): URLSearchParams {
  const next = new URLSearchParams(base);
  const set = (key: string, value: string, fallback: string) =>
    value && value !== fallback ? next.set(key, value) : next.delete(key);
  set('q', view.search, '');
  set('status', view.status, DEFAULT_VIEW.status);
  set('scope', view.scope, DEFAULT_VIEW.scope);
  set('sort', view.sort, DEFAULT_VIEW.sort);
  return next;
}

/** Expired by the server's word, or since the list was loaded (a page left open). */
export const isExpired = (t: AuthToken, now: number): boolean =>
  t.status === 'expired' || (t.expiresAt !== null && Date.parse(t.expiresAt) <= now);

export const expiresSoon = (t: AuthToken, now: number): boolean =>
  !isExpired(t, now) && t.expiresAt !== null && Date.parse(t.expiresAt) - now <= SOON_MS;

/** What the Status column says; revoked wins over expired, expired over suspended, as on the server. */
export function tokenStatus(t: AuthToken, now: number): 'active' | 'expired' | 'suspended' | 'revoked' {
  if (t.status === 'revoked') return 'revoked';
  if (isExpired(t, now)) return 'expired';
  return t.status === 'suspended' || t.suspendedAt !== null ? 'suspended' : 'active';
}

/**
 * The scopes the loaded tokens hold, each once, in the vocabulary's order: each token lists its own in that order, so
 * their lists merge into it (a scope no list places is put where it was first seen).
 */
export function scopesInUse(tokens: AuthToken[]): string[] {
  const before = new Map<string, Set<string>>();
  for (const t of tokens)
    t.scopes.forEach((s, i) => {
      const set = before.get(s) ?? new Set<string>();
      t.scopes.slice(0, i).forEach((p) => set.add(p));
      before.set(s, set);
    });
  const out: string[] = [];
  const left = [...before.keys()];
  while (left.length > 0) {
    const i = Math.max(
      0,
      left.findIndex((s) => [...before.get(s)!].every((p) => out.includes(p))),
    );
    out.push(...left.splice(i, 1));
  }
  return out;
}

function matchesStatus(t: AuthToken, status: StatusFilter, now: number): boolean {
  switch (status) {
    case 'all':
      return true;
    case 'active':
    case 'expired':
    case 'suspended':
      return tokenStatus(t, now) === status;
    case 'expiring':
      return expiresSoon(t, now);
    case 'no-expiry':
      return t.expiresAt === null;
  }
}

const time = (iso: string | null): number | null => (iso === null ? null : Date.parse(iso));

/** Compares two optional times; a missing one (never expires, never used) sorts last in both directions. */
function byTime(a: number | null, b: number | null, direction: 1 | -1): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? 1 : -1;
  return (a - b) * direction;
}

const KEYS: Record<TokenSort, [(t: AuthToken) => string | null, 1 | -1]> = {
  'created-desc': [(t) => t.createdAt, -1],
  'created-asc': [(t) => t.createdAt, 1],
  'expires-asc': [(t) => t.expiresAt, 1],
  'expires-desc': [(t) => t.expiresAt, -1],
  'used-desc': [(t) => t.lastUsedAt, -1],
  'used-asc': [(t) => t.lastUsedAt, 1],
};

/** The tokens to show: matching the search (description or hint), the status and the scope, in the chosen order. */
export function visibleTokens(tokens: AuthToken[], view: TokenListView, now = Date.now()): AuthToken[] {
  const needle = view.search.trim().toLowerCase();
  const [key, direction] = KEYS[view.sort];
  return tokens
    .filter(
      (t) =>
        (!needle || t.description.toLowerCase().includes(needle) || t.hint.toLowerCase().includes(needle)) &&
        matchesStatus(t, view.status, now) &&
        (!view.scope || t.scopes.includes(view.scope as AuthToken['scopes'][number])),
    )
    .sort((a, b) => byTime(time(key(a)), time(key(b)), direction) || Date.parse(b.createdAt) - Date.parse(a.createdAt));
}
