import { createHash, timingSafeEqual } from 'node:crypto';
import type { TokenVerifier } from '../http/credentials.js';
import type { Principal } from '../http/principal.js';
import { ownerRefusal } from '../security/credential-usability.js';
import type { UserRepository } from '../store/store.js';

const sha256 = (s: string) => createHash('sha256').update(s).digest();

/**
 * GoodData's bootstrap token: an administrator's bearer credential from configuration. It acts as the `admin`
 * account when that account exists and is an enabled administrator, otherwise as a synthetic administrator.
 */
export function bootstrapTokenVerifier(
  users: Pick<UserRepository, 'getByUsername'>,
  bootstrapToken: string,
): TokenVerifier {
  // Digests have equal length whatever was sent, so the comparison takes the same time for every guess.
  const expected = sha256(bootstrapToken);
  return {
    accepts: (raw) => raw.length === bootstrapToken.length,
    async verify(raw): Promise<Principal | undefined> {
      if (!timingSafeEqual(sha256(raw), expected)) return undefined;
      const admin = await users.getByUsername('admin');
      // The configured token needs no API credentials of its own; only a disabled admin account falls back.
      const user =
        admin && admin.role === 'admin' && ownerRefusal(admin) !== 'user_disabled'
          ? { id: admin.id, username: admin.username, displayName: admin.displayName, role: admin.role }
          : { id: 'bootstrap', username: 'bootstrap', displayName: 'Bootstrap token', role: 'admin' as const };
      return { user, authenticatedBy: 'bootstrap-token', via: 'bearer' };
    },
  };
}
