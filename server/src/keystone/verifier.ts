import { allowedByAccessRules } from '../application-credentials/access-rules.js';
import { Forbidden } from '../errors.js';
import type { TokenVerifier } from '../http/credentials.js';
import type { Principal } from '../http/principal.js';
import { KEYSTONE_TOKEN_PREFIX } from '../lib/token-format.js';
import { ALL_SCOPES, roleScopes } from '../scopes/vocabulary.js';
import type { KeystoneCredential } from '../store/store.js';
import type { KeystoneService } from './service.js';

/** Keystone tokens work on all of Tessera's API through X-Auth-Token or Authorization: Bearer. */
export function keystoneVerifier(keystone: KeystoneService): TokenVerifier {
  return {
    kind: 'keystone_token',
    accepts: (raw) => raw.startsWith(KEYSTONE_TOKEN_PREFIX),
    async verify(raw, req) {
      const t = await keystone.find(raw);
      if (!t) return undefined;
      const { id, username, displayName, role } = t.user;
      const ac = t.applicationCredential;
      // Issue 21, point 3: a token from an application credential with access rules calls only what they name.
      if (ac && !allowedByAccessRules(ac.accessRules, req.method, req.originalUrl.split('?', 1)[0]!))
        throw new Forbidden('The application credential’s access rules do not allow this request.', 'access_rule');
      return {
        user: { id, username, displayName, role },
        authenticatedBy: 'keystone',
        via: 'bearer',
        // A Keystone token comes from a password (or another Keystone token): the user's full access.
        scopes: ALL_SCOPES,
        fullAccess: true,
        expiresAt: Date.parse(t.expiresAt),
        ...(t.project ? { project: { id: t.project.id, name: t.project.name, roles: t.roles } } : {}),
        ...(ac ? delegated(t, ac) : {}),
      };
    },
  };
}

/**
 * A token from an application credential is a delegation, not the user: limited to its project, without the
 * administrator scopes (a project role is no organisation role) or account security (not full access).
 */
function delegated(
  t: KeystoneCredential,
  ac: NonNullable<KeystoneCredential['applicationCredential']>,
): Partial<Principal> {
  return {
    scopes: roleScopes('user'),
    fullAccess: false,
    projects: t.projectId ? [t.projectId] : [],
    applicationCredential: {
      id: ac.id,
      unrestricted: ac.unrestricted,
      ...(ac.expiresAt ? { expiresAt: Date.parse(ac.expiresAt) } : {}),
    },
  };
}
