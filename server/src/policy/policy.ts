import type { Config } from '../config.js';
import { Invalid, invalidFieldsDetail, type FieldError } from '../errors.js';
import {
  ALL_SCOPES,
  SCOPE_NAMES,
  roleScopes,
  scopeMask,
  scopeNames,
  storedScopeMask,
  type ScopeName,
} from '../scopes/vocabulary.js';

/** The organisation's lifecycle policy for credentials (issue 19, point 3): one value, in force on every replica. */
export interface Policy {
  /** Auth tokens (and, separately, OAuth clients) one user may hold, suspended and expired ones included. */
  maxTokensPerUser: number;
  /** The lifetime of a token created without an expiry date. */
  defaultLifetimeDays: number;
  /** No token may live longer; null: no limit. Set, it also means every token expires. */
  maxLifetimeDays: number | null;
  /** Every token must have an expiry date ("No expiry" is refused). */
  requireExpiry: boolean;
  /** Tokens unused this many days (never used: since creation or the last regenerate) are revoked by the inactivity job; null: never. */
  revokeUnusedAfterDays: number | null;
  /** The scopes of a token whose create names none; null: the creating credential's own (a session's: full access). */
  defaultScopes: ScopeName[] | null;
  /** The only scopes a new token may hold; full access only when it lists every scope the owner's role can use. */
  allowedScopes: ScopeName[];
  /** Users may create and use OAuth 2.0 client credentials. */
  oauth2ClientCredentials: boolean;
}

export type PolicyChanges = Partial<Policy>;

/** Where the policy in force is read: synchronous, held in memory (policy/service.ts refreshes it). */
export interface PolicySource {
  current(): Policy;
}

/** The environment's values (config.ts): the policy until an administrator saves one. */
export function policyFromConfig(config: Pick<Config, 'policy'>): Policy {
  const p = config.policy;
  return {
    maxTokensPerUser: p.maxTokensPerUser,
    defaultLifetimeDays: p.defaultTokenLifetimeDays,
    maxLifetimeDays: p.maxTokenLifetimeDays ?? null,
    requireExpiry: p.requireExpiry || p.maxTokenLifetimeDays !== undefined,
    revokeUnusedAfterDays: p.revokeUnusedAfterDays,
    defaultScopes: null,
    allowedScopes: [...SCOPE_NAMES],
    oauth2ClientCredentials: true,
  };
}

/** Scope lists in vocabulary order without repeats, so equal policies are equal values (and equal JSON). */
export function normalised(p: Policy): Policy {
  return {
    ...p,
    defaultScopes: p.defaultScopes === null ? null : scopeNames(scopeMask(p.defaultScopes)),
    allowedScopes: scopeNames(scopeMask(p.allowedScopes)),
  };
}

/** The rules that tie the fields together; every broken one is named at once (400, nothing changed). */
export function policyProblems(p: Policy): FieldError[] {
  const out: FieldError[] = [];
  if (p.maxLifetimeDays !== null && p.defaultLifetimeDays > p.maxLifetimeDays)
    out.push({ path: 'defaultLifetimeDays', message: `must not exceed maxLifetimeDays (${p.maxLifetimeDays})` });
  if (p.maxLifetimeDays !== null && !p.requireExpiry)
    out.push({
      path: 'requireExpiry',
      message: 'must be true while maxLifetimeDays is set (every token then expires)',
    });
  if (p.allowedScopes.length === 0) out.push({ path: 'allowedScopes', message: 'must name at least one scope' });
  const allowed = scopeMask(p.allowedScopes);
  if (p.defaultScopes !== null) {
    const outside = scopeNames(scopeMask(p.defaultScopes) & ~allowed);
    if (p.defaultScopes.length === 0)
      out.push({ path: 'defaultScopes', message: 'must name at least one scope, or be null' });
    else if (outside.length > 0)
      out.push({ path: 'defaultScopes', message: `must be within allowedScopes (${outside.join(', ')} is not)` });
  } else if (allowed !== ALL_SCOPES) {
    out.push({
      path: 'defaultScopes',
      message: 'may be null (full access) only while allowedScopes lists every scope',
    });
  }
  return out;
}

export function assertConsistent(p: Policy): void {
  const problems = policyProblems(p);
  if (problems.length > 0)
    throw new Invalid(invalidFieldsDetail(problems.map((e) => `${e.path} ${e.message}`)), problems);
}

/** Whether "No expiry" is allowed. */
export const allowsNoExpiry = (p: Pick<Policy, 'requireExpiry' | 'maxLifetimeDays'>): boolean =>
  !p.requireExpiry && p.maxLifetimeDays === null;

/**
 * The scopes of a token (null: full access, as its owner's role has them) that the policy does not allow; empty when
 * it holds only allowed ones.
 */
export function scopesOutsidePolicy(
  p: Policy,
  scopes: readonly ScopeName[] | null,
  role: 'admin' | 'user',
): ScopeName[] {
  const held = scopes === null ? roleScopes(role) : storedScopeMask(scopes.join(' '));
  return scopeNames(held & ~scopeMask(p.allowedScopes));
}
