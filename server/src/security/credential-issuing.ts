import { NotFound, PolicyViolation, invalidField } from '../errors.js';
import type { AuditContext } from '../audit/context.js';
import type { AuthTokenRepository, User, UserRepository } from '../store/store.js';
import { ownerRefusal } from './credential-usability.js';

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
