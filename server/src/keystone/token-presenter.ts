import type { KeystoneToken, Project, TokenApplicationCredential, User } from '../store/store.js';

/** Keystone writes timestamps with microseconds: 2015-11-09T01:42:57.527363Z. */
const keystoneTime = (iso: string) => iso.replace(/\.(\d{3})Z$/, '.$1000Z');

/** The token body a Keystone token is answered with, at issue and on validation. */
export type KeystoneTokenBody = ReturnType<typeof presentToken>;

/**
 * Keystone's token body. A project-scoped token names its project (which the caller looks up by the token's
 * projectId) and the roles it carries there; otherwise the user's Tessera role stands in for a domain role.
 */
export function presentToken(
  domain: { id: string; name: string },
  t: Pick<KeystoneToken, 'methods' | 'domainScoped' | 'issuedAt' | 'expiresAt' | 'auditId' | 'roles'> & {
    applicationCredential?: TokenApplicationCredential | undefined;
  },
  user: Pick<User, 'id' | 'username' | 'role'>,
  auditIds = [t.auditId],
  project?: Pick<Project, 'id' | 'name'>,
) {
  const role = user.role === 'admin' ? 'admin' : 'member';
  const roles = project ? t.roles.map((r) => ({ id: r, name: r })) : [{ id: role, name: role }];
  return {
    token: {
      methods: t.methods,
      user: { id: user.id, name: user.username, domain, password_expires_at: null },
      ...(t.domainScoped ? { domain } : {}),
      ...(project ? { project: { id: project.id, name: project.name, domain } } : {}),
      expires_at: keystoneTime(t.expiresAt),
      issued_at: keystoneTime(t.issuedAt),
      audit_ids: auditIds,
      roles,
      ...(t.applicationCredential ? { application_credential: presentTokenCredential(t.applicationCredential) } : {}),
      catalog: [] as unknown[],
    },
  };
}

/** A token body's `application_credential`, as Keystone writes it (`restricted`, and the access rules if any). */
function presentTokenCredential(c: TokenApplicationCredential) {
  return {
    id: c.id,
    name: c.name,
    restricted: !c.unrestricted,
    ...(c.accessRules.length > 0 ? { access_rules: c.accessRules } : {}),
  };
}
