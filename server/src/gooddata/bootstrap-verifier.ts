import { createHash, timingSafeEqual } from 'node:crypto';
import type { TokenVerifier } from '../http/credentials.js';
import type { Principal } from '../http/principal.js';
import { isUuidShaped, redactPath } from '../http/redact-path.js';
import type { BootstrapTokenService } from '../settings/bootstrap-token.js';
import { ownerRefusal } from '../security/credential-usability.js';
import type { UserRepository } from '../store/store.js';
import { ALL_SCOPES } from '../scopes/vocabulary.js';

const sha256 = (s: string) => createHash('sha256').update(s).digest();

/**
 * GoodData's bootstrap token: an administrator's bearer credential from configuration. It acts as the `admin`
 * account when that account exists and is an enabled administrator, otherwise as a synthetic administrator.
 * With `gate`, a matching token is refused like an unknown one while an administrator has turned it off, and every
 * use is audited (settings/bootstrap-token.ts).
 */
export function bootstrapTokenVerifier(
  users: Pick<UserRepository, 'getByUsername'>,
  bootstrapToken: string,
  gate?: Pick<BootstrapTokenService, 'admit'>,
): TokenVerifier {
  // Digests have equal length whatever was sent, so the comparison takes the same time for every guess.
  const expected = sha256(bootstrapToken);
  // The audited path keeps Tessera's ids, unless the token itself looks like one.
  const keepIds = !isUuidShaped(bootstrapToken);
  return {
    kind: 'bootstrap_token',
    accepts: (raw) => raw.length === bootstrapToken.length,
    async verify(raw, req, ip): Promise<Principal | undefined> {
      if (!timingSafeEqual(sha256(raw), expected)) return undefined;
      const admin = await users.getByUsername('admin');
      // The configured token needs no API credentials of its own; only a disabled admin account falls back.
      const acting = admin && admin.role === 'admin' && ownerRefusal(admin) !== 'user_disabled' ? admin : undefined;
      const user = acting
        ? { id: acting.id, username: acting.username, displayName: acting.displayName, role: acting.role }
        : { id: 'bootstrap', username: 'bootstrap', displayName: 'Bootstrap token', role: 'admin' as const };
      if (gate) {
        const admitted = await gate.admit({
          ip,
          userAgent: req.get('user-agent')?.slice(0, 512) ?? null,
          method: req.method,
          path: redactPath(req.originalUrl.split('?')[0]!, keepIds),
          actingAs: acting ? { id: acting.id, username: acting.username } : null,
        });
        if (!admitted) return undefined;
      }
      return { user, authenticatedBy: 'bootstrap-token', via: 'bearer', scopes: ALL_SCOPES, fullAccess: true };
    },
  };
}
