import { Forbidden, NotFound, Unauthenticated } from '../http/errors.js';
import type { Principal } from '../http/principal.js';
import type { User } from '../store/store.js';

export const isAdmin = (p: Principal | undefined) => p?.user.role === 'admin';

export function assertAdmin(p: Principal | undefined): asserts p is Principal {
  if (!p) throw new Unauthenticated();
  if (p.user.role !== 'admin') throw new Forbidden('Only administrators can manage users.');
}

/**
 * Resolves `{userId}` in a per-user resource path (`me` or an id) to the user acted on.
 * Owners and administrators may act; anyone else learns nothing, not even that the user exists.
 */
export function resolveSubjectUserId(p: Principal | undefined, param: string): string {
  if (!p) throw new Unauthenticated();
  if (param === 'me' || param === p.user.id) return p.user.id;
  if (p.user.role === 'admin') return param;
  throw new NotFound('No such user.');
}

/** What the credential policy reads of the user whose credentials a path names. */
export type CredentialSubject = Pick<User, 'id' | 'kind' | 'ownerId'>;

/**
 * May the caller act on this user's credentials (auth tokens, OAuth 2.0 clients, and next application credentials)?
 * The user themself, an administrator, or — for a service account — the person who owns it.
 */
export function mayActOnCredentialsOf(p: Principal, subject: CredentialSubject): boolean {
  if (p.user.id === subject.id || p.user.role === 'admin') return true;
  return subject.kind === 'service' && subject.ownerId !== null && subject.ownerId === p.user.id;
}

/**
 * Resolves `{userId}` of a credential route to the user, loaded once by `load` (which answers 404 for no such user).
 * Oneself and administrators cost no more than before; anyone else gets the user only when mayActOnCredentialsOf,
 * otherwise the same 404 as for a user that does not exist.
 */
export async function resolveCredentialSubject(
  p: Principal | undefined,
  param: string,
  load: (id: string) => Promise<User>,
): Promise<User> {
  if (!p) throw new Unauthenticated();
  if (param === 'me' || param === p.user.id) return load(p.user.id);
  if (p.user.role === 'admin') return load(param);
  const user = await load(param).catch((err: unknown) => {
    if (err instanceof NotFound) return undefined;
    throw err;
  });
  if (user && mayActOnCredentialsOf(p, user)) return user;
  throw new NotFound('No such user.');
}
