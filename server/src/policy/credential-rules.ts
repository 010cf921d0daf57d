import { Conflict, PolicyViolation } from '../errors.js';
import { roleScopes, scopeMask, scopeNames, type ScopeName } from '../scopes/vocabulary.js';
import { checkedExpiry, daysFrom } from '../security/credential-issuing.js';
import { allowsNoExpiry, scopesOutsidePolicy, type Policy } from './policy.js';

// The policy's rules as the credential services apply them when a token is created, changed or regenerated.

const DAY_MS = 86_400_000;

/** A create's expiry: omitted → the default lifetime; null → never, if the policy allows; a date → within the max. */
export function tokenExpiry(p: Policy, requested: string | null | undefined, now: number): string | null {
  const max = p.maxLifetimeDays ?? undefined;
  if (requested === undefined) return daysFrom(now, p.defaultLifetimeDays);
  if (requested === null) {
    if (!allowsNoExpiry(p)) {
      throw new PolicyViolation(
        max !== undefined
          ? `Tokens must expire within ${max} days; "no expiry" is not allowed here.`
          : 'Tokens must have an expiry date; "no expiry" is not allowed by the policy.',
        'expiry_required',
      );
    }
    return null;
  }
  return checkedExpiry(requested, now, max, 'Tokens');
}

/** "As long as allowed" (GoodData's tokens): the maximum lifetime; else the default when expiry is required; else never. */
export function longestExpiry(p: Policy, now: number): string | null {
  if (p.maxLifetimeDays !== null) return daysFrom(now, p.maxLifetimeDays);
  return p.requireExpiry ? daysFrom(now, p.defaultLifetimeDays) : null;
}

/**
 * A regenerated token's expiry: the same lifetime length it had, capped by the maximum lifetime; a never-expiring one
 * gets the maximum (or, when expiry is required without a maximum, the default lifetime).
 */
export function regeneratedExpiry(
  p: Policy,
  before: { expiresAt: string | null; createdAt: string; regeneratedAt: string | null },
  now: number,
): string | null {
  if (before.expiresAt === null) return longestExpiry(p, now);
  const issuedAt = new Date(before.regeneratedAt ?? before.createdAt).getTime();
  let lifetime = Math.max(DAY_MS, new Date(before.expiresAt).getTime() - issuedAt);
  if (p.maxLifetimeDays !== null) lifetime = Math.min(lifetime, p.maxLifetimeDays * DAY_MS);
  return new Date(now + lifetime).toISOString();
}

/** Refuses scopes the policy does not allow (422); full access needs every scope of the owner's role allowed. */
export function assertAllowedScopes(p: Policy, scopes: readonly ScopeName[] | null, role: 'admin' | 'user'): void {
  const outside = scopesOutsidePolicy(p, scopes, role);
  if (outside.length === 0) return;
  throw new PolicyViolation(
    scopes === null
      ? `Full access is not allowed by the policy (it would include ${outside.join(', ')}); choose scopes from: ${p.allowedScopes.join(', ')}.`
      : `The policy does not allow ${outside.join(', ')}; credentials may hold only: ${p.allowedScopes.join(', ')}.`,
    'scope_not_allowed_by_policy',
  );
}

/** A scope change: only what the credential gains must be allowed now (one made under an older policy may narrow). */
export function assertGainedScopesAllowed(
  p: Policy,
  before: readonly string[] | null,
  after: readonly ScopeName[] | null,
  role: 'admin' | 'user',
): void {
  if (after === null) {
    if (before !== null) assertAllowedScopes(p, null, role);
    return;
  }
  // From full access, a list is a narrowing: it gains nothing.
  if (before !== null)
    assertAllowedScopes(
      p,
      after.filter((s) => !before.includes(s)),
      role,
    );
}

/** An OAuth client's expiry: omitted or null → as long as allowed (longestExpiry); a date → within the maximum. */
export function clientExpiry(p: Policy, requested: string | null | undefined, now: number): string | null {
  if (requested === undefined || requested === null) return longestExpiry(p, now);
  return checkedExpiry(requested, now, p.maxLifetimeDays ?? undefined, 'Credentials');
}

/** An OAuth client's create: turned off by the policy → 409 (a code the console explains); its Tessera scopes allowed. */
export function assertClientAllowed(p: Policy, ownScopes: readonly ScopeName[], role: 'admin' | 'user'): void {
  if (!p.oauth2ClientCredentials) {
    throw new Conflict(
      'OAuth 2.0 client credentials are turned off by the organisation’s policy; an administrator can turn them on ' +
        'in Identity → Policy.',
      'oauth2_clients_turned_off',
    );
  }
  if (ownScopes.length > 0) assertAllowedScopes(p, ownScopes, role);
}

/** The owner already holds the policy's maximum (`token_limit_reached`, `oauth2_client_limit_reached`). */
export const limitReached = (owner: { username: string }, p: Policy, plural: string, code: string) =>
  new PolicyViolation(
    `${owner.username} already has the maximum of ${p.maxTokensPerUser} ${plural}. Delete one to generate another.`,
    `${code}_limit_reached`,
  );

/**
 * The scopes of a create that names none: the policy's defaults that the owner's role can hold (an administrator's
 * scope in the defaults is not forced on a user); undefined when the policy has none (the creator's own, as before).
 */
export function defaultScopesFor(p: Policy, role: 'admin' | 'user'): ScopeName[] | undefined {
  if (p.defaultScopes === null) return undefined;
  const held = scopeNames(scopeMask(p.defaultScopes) & roleScopes(role));
  return held.length > 0 ? held : p.defaultScopes;
}
