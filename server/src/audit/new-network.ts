import type { AuditEvent, NewNetworkEventOf, NewNetworkUse } from '../store/store.js';
import { anonymousContext } from './context.js';
import type { AuditService } from './service.js';

/**
 * The audit event of a credential's first use from a new network (issue 20, point 4): outcome success, the address
 * and user agent of the use in the row and in its details, the credential's name in the details (the notification
 * names it). Its domain event (`…used_from_new_network`) makes the owner's notification and webhook deliveries.
 */
export function newNetworkEvents(
  audit: Pick<AuditService, 'event'>,
  kind: 'auth_token' | 'oauth2_client',
): NewNetworkEventOf {
  return (n: NewNetworkUse): AuditEvent =>
    audit.event(anonymousContext(n.ip, n.userAgent ?? undefined), {
      action: kind === 'auth_token' ? 'auth_token.new_network' : 'oauth2_client.new_network',
      targetUserId: n.userId,
      tokenId: n.credentialId,
      actor: { id: null, username: null },
      details: {
        [kind === 'auth_token' ? 'description' : 'name']: n.name,
        ip: n.ip,
        userAgent: n.userAgent,
        network: n.network,
        seenAt: n.at,
      },
    });
}
