import { InsufficientScope } from '../errors.js';
import { NotFound } from '../http/errors.js';
import type { Principal } from '../http/principal.js';
import { holds, scopeBit } from '../scopes/vocabulary.js';
import type { User } from '../store/store.js';

/** A service account, as the policy reads it. */
export type ServiceAccount = User & { kind: 'service' };

export const isServiceAccount = (u: User | undefined): u is ServiceAccount => u?.kind === 'service';

/**
 * Who may read or change a service account: the person who owns it, or an administrator whose credential holds the
 * administrators' scope for it. Anyone else learns nothing (404, as for an id that is no service account).
 */
export function assertMayManage(
  p: Principal,
  account: User | undefined,
  adminScope: 'admin:read' | 'admin:write',
): asserts account is ServiceAccount {
  if (isServiceAccount(account) && account.ownerId !== null && account.ownerId === p.user.id) return;
  if (p.user.role === 'admin') {
    if (!holds(p.scopes, scopeBit(adminScope))) throw new InsufficientScope(adminScope);
    if (isServiceAccount(account)) return;
  }
  throw new NotFound('No such service account.');
}

/** Whether the list shows every service account (an administrator's credential with admin:read) or one's own. */
export const seesAll = (p: Principal): boolean => p.user.role === 'admin' && holds(p.scopes, scopeBit('admin:read'));
