import { Forbidden, NotFound, Unauthenticated } from '../http/errors.js';
import type { Principal } from '../http/principal.js';

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
