import type { WebhookEventFilter } from '../api/types';

/** Words for every event a webhook can subscribe to: an event the server adds without a label here fails `tsc`. */
export const EVENT_LABELS: Record<WebhookEventFilter, string> = {
  '*': 'Every event, including ones added later',
  'auth_token.*': 'Every auth token event',
  'oauth2_client.*': 'Every OAuth client event',
  'user.*': 'Every user event',
  'service_account.*': 'Every service account event',
  'project.*': 'Every project event',
  'application_credential.*': 'Every application credential event',
  'auth_token.created': 'Token generated',
  'auth_token.updated': 'Token edited',
  'auth_token.regenerated': 'Token regenerated',
  'auth_token.suspended': 'Token suspended',
  'auth_token.resumed': 'Token resumed',
  'auth_token.revoked': 'Token revoked by an administrator',
  'auth_token.restored': 'Token restored (revocation undone)',
  'auth_token.deleted': 'Token deleted',
  'auth_token.old_secret_used': 'Token’s old secret used in its grace window',
  'auth_token.grace_ended': 'Token’s grace window ended',
  'auth_token.expiring': 'Token expires soon',
  'auth_token.expired': 'Token expired',
  'auth_token.used_from_new_network': 'Token used from a new network',
  'oauth2_client.created': 'OAuth client created',
  'oauth2_client.updated': 'OAuth client edited',
  'oauth2_client.secret_reset': 'OAuth client secret reset',
  'oauth2_client.suspended': 'OAuth client suspended',
  'oauth2_client.resumed': 'OAuth client resumed',
  'oauth2_client.deleted': 'OAuth client deleted',
  'oauth2_client.used_from_new_network': 'OAuth client used from a new network',
  'oauth2_client.old_secret_used': 'OAuth client’s old secret used in its grace window',
  'oauth2_client.grace_ended': 'OAuth client’s grace window ended',
  'user.created': 'User created',
  'user.updated': 'User changed',
  'user.password_changed': 'Password changed',
  'user.unlocked': 'Sign-in lockout lifted',
  'service_account.created': 'Service account created',
  'service_account.updated': 'Service account changed',
  'service_account.ownership_transferred': 'Service account handed over',
  'service_account.deleted': 'Service account deleted',
  'project.created': 'Project created',
  'project.updated': 'Project changed',
  'project.deleted': 'Project deleted',
  'project.role_assigned': 'Project role granted',
  'project.role_unassigned': 'Project role taken away',
  'application_credential.created': 'Application credential created',
  'application_credential.deleted': 'Application credential deleted',
};

const ALL = Object.keys(EVENT_LABELS) as WebhookEventFilter[];

/** The checklist's groups: a resource's wildcard first, then its events. */
export const EVENT_GROUPS = [
  { label: 'Auth tokens', prefix: 'auth_token.' },
  { label: 'OAuth 2.0 client credentials', prefix: 'oauth2_client.' },
  { label: 'Users', prefix: 'user.' },
  { label: 'Service accounts', prefix: 'service_account.' },
  { label: 'Projects', prefix: 'project.' },
  { label: 'Application credentials', prefix: 'application_credential.' },
].map(({ label, prefix }) => ({
  label,
  wildcard: `${prefix}*` as WebhookEventFilter,
  events: ALL.filter((e) => e.startsWith(prefix) && !e.endsWith('*')),
}));

/** An endpoint's events in a few words for the list: "Every event", "auth_token.*, user.created", … */
export function eventsSummary(events: readonly string[]): string {
  if (events.includes('*')) return 'Every event';
  return events.join(', ');
}

/** The URL as lists show it: a query (which may hold the receiver's token) is left out. */
export function displayUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.origin}${u.pathname}${u.search ? '?…' : ''}`;
  } catch {
    return url;
  }
}
