import { Forbidden, InsufficientScope, NotFound, PolicyViolation, invalidField } from '../errors.js';
import { ALL_SCOPES, holds, roleScopes, scopeMask, scopeNames, type ScopeName } from '../scopes/vocabulary.js';
import { networksWithin } from './networks.js';
import type { AuditContext } from '../audit/context.js';
import type { AuthTokenRepository, User, UserRepository } from '../store/store.js';
import { ownerRefusal } from './credential-usability.js';
import { assertProjectsWithinRequester } from './project-limits.js';

// Issuing a credential (auth token, OAuth 2.0 client) to a user: the rules both services apply alike.

const DAY_MS = 86_400_000;

/** Who created a credential, as its lists show it. */
export interface CredentialCreator {
  id: string;
  username: string;
  displayName: string;
}

/** The creators of these credentials, in one query for the whole list; an unknown one (bootstrap token) is absent. */
export async function credentialCreators(
  users: Pick<UserRepository, 'getMany'>,
  credentials: readonly { createdBy: string | null }[],
): Promise<Map<string, CredentialCreator>> {
  const ids = [...new Set(credentials.flatMap((c) => (c.createdBy ? [c.createdBy] : [])))];
  const found = await users.getMany(ids);
  return new Map(found.map((u) => [u.id, { id: u.id, username: u.username, displayName: u.displayName }]));
}

/** The user a credential is for, or 404. */
export async function credentialOwner(users: UserRepository, userId: string): Promise<User> {
  const user = await users.get(userId);
  if (!user) throw new NotFound('No such user.');
  return user;
}

/**
 * Refuses to issue a credential its owner could not use (the credential-usability rule's owner half);
 * `credentials` names them in the message: "API tokens", "API credentials".
 */
export function assertMayHoldCredentials(owner: User, credentials: string): void {
  const refusal = ownerRefusal(owner);
  if (refusal === 'user_disabled') {
    throw new PolicyViolation(`The account ${owner.username} is disabled.`, 'user_disabled');
  }
  if (refusal === 'api_tokens_disabled') {
    throw new PolicyViolation(
      `${credentials} are turned off for ${owner.username}. An administrator can turn them on.`,
      'api_tokens_disabled',
    );
  }
}

/** `days` from `now`, as the ISO date-time a credential expires at. */
export const daysFrom = (now: number, days: number): string => new Date(now + days * DAY_MS).toISOString();

/**
 * A requested expiry date, checked: a date-time, in the future, and within `maxDays` when a maximum lifetime is
 * configured; `plural` names the credentials in the message: "Tokens", "Credentials".
 */
export function checkedExpiry(requested: string, now: number, maxDays: number | undefined, plural: string): string {
  const at = new Date(requested).getTime();
  if (Number.isNaN(at)) throw invalidField('expiresAt', 'is not a valid date-time');
  if (at <= now) throw new PolicyViolation('The expiry date must be in the future.', 'expiry_in_past');
  if (maxDays !== undefined && at > now + maxDays * DAY_MS) {
    throw new PolicyViolation(
      `${plural} may live at most ${maxDays} days; choose an earlier expiry date.`,
      'expiry_beyond_policy',
    );
  }
  return new Date(at).toISOString();
}

/**
 * A credential never outlives the one that creates it (F-1): the expiry the policy gave (`null`: never) bounded by
 * the creating credential's own expiry (ms; undefined for a session, a password or the bootstrap token). A Keystone
 * token, an OAuth access token or an expiring auth token that mints an auth token or an OAuth client without an
 * expiry, or with a later one, gives it its own; the response's `expiresAt` shows it.
 */
export function boundedByCreator(expiresAt: string | null, creatorExpiresAt: number | undefined): string | null {
  if (creatorExpiresAt === undefined) return expiresAt;
  if (expiresAt !== null && Date.parse(expiresAt) <= creatorExpiresAt) return expiresAt;
  return new Date(creatorExpiresAt).toISOString();
}

/**
 * When the credential a request came with expires (ms), if it does: the verifier's answer (OAuth access token,
 * Keystone token), or for an auth token one lookup here, on the minting path only, never on verification's.
 */
export async function creatorExpiry(
  ctx: AuditContext,
  authTokens: Pick<AuthTokenRepository, 'get'>,
): Promise<number | undefined> {
  const c = ctx.credential;
  if (!c) return undefined;
  if (c.expiresAt !== undefined) return c.expiresAt;
  if (c.via !== 'auth-token' || !c.tokenId || !ctx.actor) return undefined;
  const t = await authTokens.get(ctx.actor.id, c.tokenId);
  return t?.expiresAt ? Date.parse(t.expiresAt) : undefined;
}

/** What a request's credential may hand on: its scope mask, whether it is full access, and its networks. */
function creatorPowers(ctx: AuditContext): { scopes: number; fullAccess: boolean; networks: readonly string[] | null } {
  const c = ctx.credential;
  // No credential on record (an internal call, the bootstrap path): nothing narrower to inherit.
  if (!c || c.scopes === undefined) return { scopes: ALL_SCOPES, fullAccess: true, networks: null };
  return { scopes: c.scopes, fullAccess: c.fullAccess === true, networks: c.networks ?? null };
}

/**
 * The scopes a new credential gets (least privilege, issue 18): the ones asked for, each held by the creating
 * credential (403 insufficient_scope naming those it lacks) and usable by the owner's role (403 scope_not_allowed for
 * an administrator scope on a non-administrator); or, when none are asked for, exactly the creator's own: `null`
 * (full access) from a session or another full-access credential, else its scopes that the owner's role can use.
 */
export function issuedScopes(
  ctx: AuditContext,
  owner: Pick<User, 'role' | 'username'>,
  asked: readonly ScopeName[] | undefined,
): ScopeName[] | null {
  const creator = creatorPowers(ctx);
  if (asked === undefined) {
    if (creator.fullAccess) return null;
    const inherited = scopeNames(creator.scopes & roleScopes(owner.role));
    if (inherited.length === 0)
      throw invalidField('scopes', 'must name at least one scope the owner can use (the credential has none)');
    return inherited;
  }
  return checkedScopes(creator.scopes, owner, asked);
}

/** Asked-for scopes checked against what the creator holds and what the owner's role allows. */
function checkedScopes(held: number, owner: Pick<User, 'role' | 'username'>, asked: readonly ScopeName[]): ScopeName[] {
  const mask = scopeMask(asked);
  const beyondRole = scopeNames(mask & ~roleScopes(owner.role));
  if (beyondRole.length > 0)
    throw new Forbidden(
      `${beyondRole.join(', ')} ${beyondRole.length === 1 ? 'is' : 'are'} for administrators; ${owner.username} is not one.`,
      'scope_not_allowed',
    );
  if (!holds(held, mask)) throw new InsufficientScope(scopeNames(mask & ~held).join(' '));
  return scopeNames(mask);
}

/**
 * A credential's scopes changed (PATCH): narrowing is always allowed; widening (any scope it does not hold now, or
 * back to full access) only from a browser session (403 scope_widening_needs_session); and never beyond the requesting
 * credential's own. `current` is the credential's scopes now (`null`: full access); `asked` null asks for full access.
 */
export function changedScopes(
  ctx: AuditContext,
  owner: Pick<User, 'role' | 'username'>,
  current: readonly string[] | null,
  asked: readonly ScopeName[] | null,
): ScopeName[] | null {
  const fromSession = ctx.credential?.via === 'session';
  const now = current === null ? ALL_SCOPES : scopeMask(current);
  if (asked === null) {
    if (current !== null) {
      if (!fromSession) throw widening();
      if (!creatorPowers(ctx).fullAccess) throw new InsufficientScope('full-access');
    }
    return null;
  }
  const checked = checkedScopes(creatorPowers(ctx).scopes, owner, asked);
  if (!holds(now, scopeMask(checked)) && !fromSession) throw widening();
  return checked;
}

const widening = () =>
  new Forbidden(
    'Only a signed-in console session can widen a credential’s scopes; a token can only narrow them.',
    'scope_widening_needs_session',
  );

/**
 * The networks a new credential may be used from: the ones asked for (normalised), each inside the creating
 * credential's own allow-list (403 network_not_allowed_for_creator otherwise; an empty list, "anywhere", is wider than
 * any list); or, when none are asked for, the creator's own list (null: anywhere).
 */
export function issuedNetworks(ctx: AuditContext, asked: readonly string[] | undefined): string[] | null {
  const { networks } = creatorPowers(ctx);
  if (asked === undefined) return networks ? [...networks] : null;
  if (!networksWithin(asked.length > 0 ? asked : null, networks))
    throw new Forbidden(
      'The networks must lie within the allow-list of the credential making this request.',
      'network_exceeds_credential',
    );
  return asked.length > 0 ? [...asked] : null;
}

/**
 * A credential's networks changed (PATCH): a list inside the current one is always allowed; a wider one (or
 * "anywhere") only from a browser session (403 network_widening_needs_session); never wider than the requesting
 * credential's own list. `current` empty means anywhere.
 */
export function changedNetworks(ctx: AuditContext, current: readonly string[], asked: readonly string[]): string[] {
  const bounded = issuedNetworks(ctx, asked) ?? [];
  const narrower = current.length === 0 || (bounded.length > 0 && networksWithin(bounded, current));
  if (!narrower && ctx.credential?.via !== 'session')
    throw new Forbidden(
      'Only a signed-in console session can widen a credential’s networks; a token can only narrow them.',
      'network_widening_needs_session',
    );
  return bounded;
}

/**
 * Refuses (403) to hand a credential's power to a request whose own credential is narrower: one that lacks a scope of
 * the target (or full access, for a full-access target), whose network allow-list does not cover the target's, or
 * which is limited to projects the target is not limited to (security/project-limits.ts).
 * Used where an existing credential's power is handed out again (an auth token regenerated, an OAuth client's secret
 * reset) or turned back on (resumed): otherwise a `tokens:write` token could obtain a broader secret. `what` names the
 * target in the message ("token", "client").
 */
export function assertWithinRequester(
  ctx: AuditContext,
  target: {
    scopes: readonly string[] | null;
    allowedNetworks: readonly string[];
    projects: readonly { id: string }[] | null;
  },
  what: string,
): void {
  const c = ctx.credential;
  if (!c || c.scopes === undefined) return;
  assertProjectsWithinRequester(ctx, target.projects, what);
  if (target.scopes === null) {
    if (c.fullAccess !== true) throw new InsufficientScope('full-access');
  } else {
    const need = scopeMask(target.scopes);
    if (!holds(c.scopes, need)) throw new InsufficientScope(scopeNames(need & ~c.scopes).join(' '));
  }
  if (c.networks && !networksWithin(target.allowedNetworks.length > 0 ? target.allowedNetworks : null, c.networks))
    throw new Forbidden(
      `The ${what} may be used from networks outside the allow-list of the credential making this request.`,
      'network_exceeds_credential',
    );
}
