import { Forbidden, NotFound } from '../http/errors.js';
import type { Principal } from '../http/principal.js';
import type { ProjectViewer } from '../projects/service.js';
import { scopeBit } from '../scopes/vocabulary.js';
import type { UserService } from '../users/service.js';

// Who may do what with Keystone's projects and roles at /v3 (issue 21, point 1): administrators change them; a reader
// sees every project with admin:read, else their own. Refusals are Keystone's, naming the policy rule.

const ADMIN_READ = scopeBit('admin:read');

/** Keystone's 403 names the policy rule that refused: `identity:create_project` and the like. */
export function assertAdmin(p: Principal, rule: string) {
  if (p.user.role !== 'admin') throw new Forbidden(`You are not authorized to perform the requested action: ${rule}.`);
}

/** Who reads: an administrator's credential without admin:read reads as a user (their own projects). */
export function viewerOf(p: Principal): ProjectViewer {
  const admin = p.user.role === 'admin' && (p.scopes & ADMIN_READ) === ADMIN_READ;
  return { user: { id: p.user.id, role: admin ? 'admin' : 'user' }, ...(p.projects ? { projects: p.projects } : {}) };
}

/** The path's user is the caller, or the caller is an administrator (404 for an unknown user then). */
export async function subjectUser(users: Pick<UserService, 'find'>, p: Principal, userId: string, rule: string) {
  if (userId === p.user.id) return userId;
  assertAdmin(p, rule);
  if (!(await users.find(userId))) throw new NotFound(`Could not find user: ${userId}.`);
  return userId;
}
