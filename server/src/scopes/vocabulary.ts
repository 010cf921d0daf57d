/**
 * Tessera's scopes (PRODUCT.md, "Scopes"; docs/api.md): a fixed vocabulary, each a bit, so a route's check on the
 * verification path is one bit test. A credential's scopes are stored as their names (space-separated, in this
 * order) and read into a mask once per credential; `null` in storage is "full access": every scope the owner's
 * role can use, now and later (sessions, GoodData-style tokens, tokens from before scopes existed).
 */
export const SCOPES = [
  { name: 'profile:read', description: 'Read your own profile: who you are (whoami) and your user.', adminOnly: false },
  {
    name: 'tokens:read',
    description: 'List your own credentials of every kind: auth tokens, OAuth clients, Keystone tokens.',
    adminOnly: false,
  },
  {
    name: 'tokens:write',
    description: 'Create, edit, regenerate, suspend and delete your own credentials.',
    adminOnly: false,
  },
  { name: 'activity:read', description: 'Read your own activity.', adminOnly: false },
  {
    name: 'admin:read',
    description: 'Administrators: read users, every credential, the organisation’s activity and policy.',
    adminOnly: true,
  },
  {
    name: 'admin:write',
    description: 'Administrators: change users, act on anyone’s credentials, change policy.',
    adminOnly: true,
  },
] as const;

export type ScopeName = (typeof SCOPES)[number]['name'];
export const SCOPE_NAMES: readonly ScopeName[] = SCOPES.map((s) => s.name);

const BIT = new Map<string, number>(SCOPE_NAMES.map((n, i) => [n, 1 << i]));
/** Every scope: what a session and a full-access credential hold. */
export const ALL_SCOPES = (1 << SCOPES.length) - 1;
/** The scopes only an administrator may hold (a non-administrator's full access leaves them out when listed). */
export const ADMIN_SCOPES = SCOPES.reduce((m, s, i) => (s.adminOnly ? m | (1 << i) : m), 0);
/** The read-only default the console preselects (GitHub's fine-grained form starts as narrow). */
export const DEFAULT_CONSOLE_SCOPES: readonly ScopeName[] = ['profile:read'];

export const isScopeName = (name: string): name is ScopeName => BIT.has(name);
export const scopeBit = (name: ScopeName): number => BIT.get(name)!;

/** The mask of some scope names; unknown names are ignored (callers validate first). */
export function scopeMask(names: Iterable<string>): number {
  let m = 0;
  for (const n of names) m |= BIT.get(n) ?? 0;
  return m;
}

/** The names in a mask, in vocabulary order. */
export function scopeNames(mask: number): ScopeName[] {
  const out: ScopeName[] = [];
  for (let i = 0; i < SCOPE_NAMES.length; i++) if (mask & (1 << i)) out.push(SCOPE_NAMES[i]!);
  return out;
}

/** Whether `mask` holds every scope of `needed`. */
export const holds = (mask: number, needed: number): boolean => (mask & needed) === needed;

/** The scopes a role can use: what "full access" lists for it. */
export const roleScopes = (role: 'admin' | 'user'): number =>
  role === 'admin' ? ALL_SCOPES : ALL_SCOPES & ~ADMIN_SCOPES;

// Stored text → mask, remembered: the PostgreSQL lookup reads the column on every verification, and a credential's
// text is one of few distinct values, so no string is split per request. Bounded, oldest out.
const parsed = new Map<string, number>();
const PARSED_MAX = 1024;

/** A stored `scopes` column: null is full access (ALL_SCOPES), else the space-separated names. */
export function storedScopeMask(stored: string | null): number {
  if (stored === null) return ALL_SCOPES;
  let m = parsed.get(stored);
  if (m === undefined) {
    m = scopeMask(stored.split(' '));
    if (parsed.size >= PARSED_MAX) parsed.delete(parsed.keys().next().value!);
    parsed.set(stored, m);
  }
  return m;
}

/** How a scope list is stored: null for full access, else the names in vocabulary order, space-separated. */
export const storedScopes = (names: readonly string[] | null): string | null =>
  names === null ? null : scopeNames(scopeMask(names)).join(' ');
