import type { TokenVerifier } from '../http/credentials.js';
import { KEYSTONE_TOKEN_PREFIX } from '../lib/token-format.js';
import { ALL_SCOPES } from '../scopes/vocabulary.js';
import type { KeystoneService } from './service.js';

/** Keystone tokens work on all of Tessera's API through X-Auth-Token or Authorization: Bearer. */
export function keystoneVerifier(keystone: KeystoneService): TokenVerifier {
  return {
    accepts: (raw) => raw.startsWith(KEYSTONE_TOKEN_PREFIX),
    async verify(raw) {
      const t = await keystone.find(raw);
      if (!t) return undefined;
      const { id, username, displayName, role } = t.user;
      return {
        user: { id, username, displayName, role },
        authenticatedBy: 'keystone',
        via: 'bearer',
        // A Keystone token comes from a password (or another Keystone token): the user's full access.
        scopes: ALL_SCOPES,
        fullAccess: true,
        expiresAt: Date.parse(t.expiresAt),
        ...(t.project ? { project: { id: t.project.id, name: t.project.name, roles: t.roles } } : {}),
      };
    },
  };
}
