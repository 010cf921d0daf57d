import type { ActivityAction } from '../audit/actions.js';
import type { AuditEvent } from '../store/audit.js';

/**
 * The domain events webhooks subscribe to and notifications are made from (issue 19), named as Standard Webhooks
 * event types (`<resource>.<past participle>`). Most are made from an audited change (AUDITED below), in the change's
 * own transaction; `auth_token.expiring` and `auth_token.expired` come from the expiry job, which writes them itself.
 */
export const DOMAIN_EVENT_TYPES = [
  'auth_token.created',
  'auth_token.updated',
  'auth_token.regenerated',
  'auth_token.suspended',
  'auth_token.resumed',
  'auth_token.revoked',
  'auth_token.restored',
  'auth_token.deleted',
  'auth_token.expiring',
  'auth_token.expired',
  // Issue 20, point 4: first used from a network (/24, /48) it had not been used from; decided in the use's flush.
  'auth_token.used_from_new_network',
  'auth_token.old_secret_used',
  'auth_token.grace_ended',
  'oauth2_client.created',
  'oauth2_client.updated',
  'oauth2_client.secret_reset',
  'oauth2_client.suspended',
  'oauth2_client.resumed',
  'oauth2_client.deleted',
  'oauth2_client.used_from_new_network',
  'oauth2_client.old_secret_used',
  'oauth2_client.grace_ended',
  'user.created',
  'user.updated',
  'user.password_changed',
  'user.unlocked',
  // Issue 21: projects and the roles users hold in them.
  'project.created',
  'project.updated',
  'project.deleted',
  'project.role_assigned',
  'project.role_unassigned',
  // Issue 21, point 5.
  'service_account.created',
  'service_account.updated',
  'service_account.ownership_transferred',
  'service_account.deleted',
  // Issue 21, point 3: Keystone application credentials.
  'application_credential.created',
  'application_credential.deleted',
] as const;

export type DomainEventType = (typeof DOMAIN_EVENT_TYPES)[number];

/** One event as the outbox holds it. `data` never holds a secret (it is made from audit details, which never do). */
export interface DomainEvent {
  id: string;
  type: DomainEventType;
  at: string;
  /** The user it is about: the credential's owner, the user changed. */
  userId: string | null;
  tokenId: string | null;
  data: Record<string, unknown>;
}

/** The audited actions that are domain events when they succeed. */
const AUDITED: Partial<Record<ActivityAction, DomainEventType>> = {
  'auth_token.create': 'auth_token.created',
  'auth_token.update': 'auth_token.updated',
  'auth_token.regenerate': 'auth_token.regenerated',
  'auth_token.suspend': 'auth_token.suspended',
  'auth_token.resume': 'auth_token.resumed',
  'auth_token.revoke': 'auth_token.revoked',
  'auth_token.restore': 'auth_token.restored',
  'auth_token.delete': 'auth_token.deleted',
  // A leaked token is deleted as its owner's delete does: webhooks see the same event, `data.leakReport` says why.
  'auth_token.leak_report': 'auth_token.deleted',
  'oauth2_client.create': 'oauth2_client.created',
  'oauth2_client.update': 'oauth2_client.updated',
  'oauth2_client.reset_secret': 'oauth2_client.secret_reset',
  // A reported client secret is replaced as a reset does (its access tokens die with it); `data.leakReport` says why.
  'oauth2_client.leak_report': 'oauth2_client.secret_reset',
  'oauth2_client.suspend': 'oauth2_client.suspended',
  'oauth2_client.resume': 'oauth2_client.resumed',
  'oauth2_client.delete': 'oauth2_client.deleted',
  'auth_token.new_network': 'auth_token.used_from_new_network',
  'oauth2_client.new_network': 'oauth2_client.used_from_new_network',
  // Issue 20, point 3: a previous secret still in use during its grace window, and the window ended early
  // (`data.leakReport` when a leak report of that secret ended it).
  'auth_token.old_secret_use': 'auth_token.old_secret_used',
  'auth_token.end_grace': 'auth_token.grace_ended',
  'oauth2_client.old_secret_use': 'oauth2_client.old_secret_used',
  'oauth2_client.end_grace': 'oauth2_client.grace_ended',
  'user.create': 'user.created',
  'user.update': 'user.updated',
  'user.password_change': 'user.password_changed',
  'user.unlock': 'user.unlocked',
  'project.create': 'project.created',
  'project.update': 'project.updated',
  'project.delete': 'project.deleted',
  'project.assign_role': 'project.role_assigned',
  'project.unassign_role': 'project.role_unassigned',
  'service_account.create': 'service_account.created',
  'service_account.update': 'service_account.updated',
  'service_account.transfer_ownership': 'service_account.ownership_transferred',
  'service_account.delete': 'service_account.deleted',
  'application_credential.create': 'application_credential.created',
  'application_credential.delete': 'application_credential.deleted',
};

/**
 * The domain event an audit row stands for, or undefined. Its id is the audit row's (so the outbox never holds one
 * change twice); its data names the actor and repeats the row's details (ids, descriptions, reasons: never a secret).
 * For auth tokens and OAuth clients, `tokenId` is the credential's id (an OAuth client's id is its client_id).
 */
export function domainEventOf(e: AuditEvent): DomainEvent | undefined {
  if (e.outcome !== 'success') return undefined;
  const type = AUDITED[e.action as ActivityAction];
  if (!type) return undefined;
  const details = e.details ?? {};
  const tokenId = e.tokenId;
  return {
    id: e.id,
    type,
    at: e.at,
    userId: e.targetUserId,
    tokenId,
    data: {
      ...details,
      ...(e.targetUserId ? { userId: e.targetUserId } : {}),
      ...(tokenId ? { [type.startsWith('oauth2_client.') ? 'clientId' : 'tokenId']: tokenId } : {}),
      actor: { id: e.actorId, username: e.actorUsername },
    },
  };
}
