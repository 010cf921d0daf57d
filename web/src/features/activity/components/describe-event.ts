import type { ActivityEvent } from '../api/types';

type Details = Record<string, unknown>;

const str = (d: Details | null, key: string): string | undefined =>
  typeof d?.[key] === 'string' && d[key] !== '' ? d[key] : undefined;
const list = (d: Details | null, key: string): string[] =>
  Array.isArray(d?.[key]) ? (d[key] as unknown[]).filter((v): v is string => typeof v === 'string') : [];

const FIELDS: Record<string, string> = {
  displayName: 'Display name',
  role: 'Role',
  disabled: 'Account',
  apiTokensEnabled: 'API tokens',
  password: 'Password',
};
const ROLES: Record<string, string> = { user: 'User', admin: 'Administrator' };

/** One `user.update` change as a sentence; a password is named, never shown. */
export function changeText(change: { field: string; from?: unknown; to?: unknown }, selfChange = false): string {
  const { field, from, to } = change;
  if (field === 'password') return selfChange ? 'Password changed' : 'Password reset';
  if (field === 'disabled' && typeof to === 'boolean') return to ? 'Account disabled' : 'Account enabled';
  if (field === 'apiTokensEnabled' && typeof to === 'boolean')
    return to ? 'API tokens turned on' : 'API tokens turned off';
  const value = (v: unknown) => (field === 'role' && typeof v === 'string' ? (ROLES[v] ?? v) : String(v));
  const name = FIELDS[field] ?? field;
  if (to === undefined) return `${name} changed`;
  return from === undefined ? `${name}: ${value(to)}` : `${name}: ${value(from)} → ${value(to)}`;
}

const isChange = (c: unknown): c is { field: string; from?: unknown; to?: unknown } =>
  typeof c === 'object' && c !== null && typeof (c as { field?: unknown }).field === 'string';

/** What an event did, in a few short lines: what changed, the scopes granted, how many attempts were refused. */
export function eventDetails(e: ActivityEvent): string[] {
  const d = e.details;
  if (!d) return [];
  const self = e.actor.id !== null && e.actor.id === e.target?.id;
  switch (e.action) {
    case 'user.update': {
      const changes = Array.isArray(d.changes) ? d.changes.filter(isChange) : [];
      if (changes.length > 0) return changes.map((c) => changeText(c, self));
      return list(d, 'changed').map((field) => changeText({ field }, self));
    }
    case 'user.create':
      return str(d, 'role') ? [`Role: ${ROLES[str(d, 'role')!] ?? str(d, 'role')}`] : [];
    case 'oauth2_client.create':
    case 'oauth2_client.update':
      return list(d, 'scopes').length > 0 ? [`Scopes: ${list(d, 'scopes').join(', ')}`] : [];
    case 'oauth2_client.token':
      return str(d, 'scope') ? [`Scope: ${str(d, 'scope')}`] : [];
    case 'session.sign_in':
      return str(d, 'method') === 'oidc' ? ['Organisation sign-in (OpenID Connect)'] : [];
    case 'keystone.token.issue':
      return str(d, 'method') ? [`By ${str(d, 'method')}`] : [];
    case 'oauth2_audience.transfer':
      return str(d, 'audience') ? [`Audience ${str(d, 'audience')!}`] : [];
    case 'oauth2_keys.rotate':
      return str(d, 'kid') ? [`New key ${str(d, 'kid')!.slice(0, 12)}`] : [];
    case 'bootstrap_token.update':
      return typeof d.enabled === 'boolean' ? [d.enabled ? 'Turned on' : 'Turned off'] : [];
    // Issue 21: the project by name, and for a role its name.
    case 'project.create':
    case 'project.delete':
      return str(d, 'name') ? [`Project ${str(d, 'name')!}`] : [];
    case 'project.update': {
      const changes = typeof d.changes === 'object' && d.changes !== null ? Object.keys(d.changes) : [];
      return [
        ...(str(d, 'name') ? [`Project ${str(d, 'name')!}`] : []),
        ...(changes.length > 0 ? [`Changed: ${changes.join(', ')}`] : []),
      ];
    }
    case 'project.assign_role':
    case 'project.unassign_role':
      return str(d, 'name') && str(d, 'role') ? [`Role ${str(d, 'role')!} in ${str(d, 'name')!}`] : [];
    // Issue 21, point 3: the credential by name; a refused use its reason.
    case 'application_credential.create':
    case 'application_credential.delete':
    case 'application_credential.use':
      return [
        ...(str(d, 'name') ? [`Application credential ${str(d, 'name')!}`] : []),
        ...(str(d, 'reason') ? [`Refused: ${str(d, 'reason')!}`] : []),
      ];
    case 'policy.update':
      return list(d, 'changed').length > 0 ? [`Changed: ${list(d, 'changed').join(', ')}`] : [];
    case 'bootstrap_token.use':
      return str(d, 'path') ? [`${str(d, 'method') ?? ''} ${str(d, 'path')}`.trim()] : [];
    case 'auth_token.use': {
      const count = typeof d.count === 'number' ? d.count : 1;
      const hints = list(d, 'hints');
      return [...(count > 1 ? [`${count} attempts`] : []), ...(hints.length > 1 ? [`Tokens ${hints.join(', ')}`] : [])];
    }
    // H5 (issue 19): a webhook's URL (its origin only), and what changed.
    case 'webhook.create':
    case 'webhook.update':
    case 'webhook.delete':
    case 'webhook.rotate_secret':
    case 'webhook.redeliver':
      return webhookDetails(e.action, d);
    default:
      return [];
  }
}

function webhookDetails(action: string, d: Details): string[] {
  const lines = str(d, 'url') ? [str(d, 'url')!] : [];
  if (typeof d.enabled === 'boolean') lines.push(d.enabled ? 'Turned on' : 'Turned off');
  const events = list(d, 'events');
  if ((action === 'webhook.create' || action === 'webhook.update') && events.length > 0)
    lines.push(`Events: ${events.join(', ')}`);
  if (action === 'webhook.redeliver' && str(d, 'deliveryId')) lines.push(`Delivery ${str(d, 'deliveryId')!}`);
  return lines;
}

/** The credential an event is about: its description or name (kept in the event, so a deleted one still has it). */
export function credentialText(e: ActivityEvent): { label: string; title?: string } | undefined {
  const d = e.details;
  // An OAuth client's description is its title; its name is what people call it.
  const name = e.action.startsWith('oauth2_client.')
    ? (str(d, 'name') ?? str(d, 'description'))
    : (str(d, 'description') ?? str(d, 'name'));
  const hint = str(d, 'hint') ?? str(d, 'secretHint');
  if (name) return { label: hint ? `${name} (${hint})` : name, ...(e.tokenId ? { title: `ID ${e.tokenId}` } : {}) };
  if (hint) return { label: hint, ...(e.tokenId ? { title: `ID ${e.tokenId}` } : {}) };
  if (e.tokenId) return { label: `ID ${e.tokenId.slice(0, 8)}`, title: `ID ${e.tokenId}` };
  return undefined;
}
