import type { DomainEvent } from '../events/catalog.js';
import type { NotificationKind } from '../store/notifications.js';

// What a notification says and where it leads (issue 19, point 5), decided from a domain event alone, so the
// event handler and its tests agree on every text. Messages name the credential by its description (never a secret).

const DAY = 86_400_000;

/** The owner's Auth Tokens page, focused on a token; `regenerate` opens its Regenerate confirmation (HELPERS.md). */
export const tokenLink = (tokenId: string, regenerate = false) =>
  `/settings/auth-tokens?token=${encodeURIComponent(tokenId)}${regenerate ? '&action=regenerate' : ''}`;
export const clientLink = (clientId: string) => `/settings/oauth2-credentials?client=${encodeURIComponent(clientId)}`;

export interface NoticeText {
  kind: NotificationKind;
  message: string;
  link: string | null;
}

interface Actor {
  id: string | null;
  username: string | null;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const actorOf = (e: DomainEvent): Actor => {
  const a = (e.data.actor ?? {}) as Partial<Actor>;
  return { id: a.id ?? null, username: a.username ?? null };
};
/** Someone other than the owner did it (an administrator, or the system: a job). */
const byOther = (e: DomainEvent) => actorOf(e).id !== e.userId;
const byAdministrator = (e: DomainEvent) => {
  const name = actorOf(e).username;
  return name ? `an administrator, ${name}` : 'an administrator';
};

/** "in 3 days", "within a day": how long from `at` until `until`. */
export function timeLeft(at: string, until: string): string {
  const ms = Date.parse(until) - Date.parse(at);
  if (ms <= DAY) return 'within a day';
  const days = Math.round(ms / DAY);
  return `in ${days} day${days === 1 ? '' : 's'}`;
}

/** ` (source: …)` for a leak report that named where the credential was found, else nothing. */
export const sourceOf = (data: Record<string, unknown>) => {
  const source = str(data.source);
  return source ? ` (source: ${source})` : '';
};

/** "198.51.100.4, curl/8.5": where a use came from, as the new-network event tells it. */
const fromWhere = (data: Record<string, unknown>) => {
  const ip = str(data.ip) ?? 'an unknown address';
  const ua = str(data.userAgent);
  return ua ? `${ip}, ${ua}` : `${ip} (no user agent)`;
};
/** "2026-12-06 14:05 UTC": an instant to the minute, as a message says it. */
const utcMinute = (iso: string) => `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;

/** "10.0.0.7 curl/8.5": the address and user agent an old secret was used from, as the audit details name them. */
const clientOf = (data: Record<string, unknown>) =>
  [str(data.address) ?? 'an unknown address', str(data.userAgent) ?? 'no user agent'].join(' ');

/** Whether the revocation was the inactivity job's (H2's audit details: kind or reason `inactive`). */
const inactiveRevocation = (data: Record<string, unknown>) => data.kind === 'inactive' || data.reason === 'inactive';

/**
 * The notification an event makes for its owner, or undefined: only what the owner did not do themselves is news
 * (a token an administrator created, suspended or revoked), and what a job found (expiring, expired).
 */
export function noticeOf(e: DomainEvent, name: string): NoticeText | undefined {
  const tokenId = e.tokenId;
  if (!e.userId || !tokenId) return undefined;
  const token = `“${name}”`;
  switch (e.type) {
    case 'auth_token.created':
      if (!byOther(e)) return undefined;
      return {
        kind: 'token_created_for_you',
        message: `The token ${token} was created for you by ${byAdministrator(e)}.`,
        link: tokenLink(tokenId),
      };
    case 'auth_token.suspended':
      if (!byOther(e)) return undefined;
      return {
        kind: 'token_suspended',
        message: `Your token ${token} was suspended by ${byAdministrator(e)}. It is refused until it is resumed.`,
        link: tokenLink(tokenId),
      };
    case 'auth_token.revoked': {
      if (inactiveRevocation(e.data)) {
        const days = num(e.data.days) ?? num(e.data.unusedForDays) ?? num(e.data.revokeUnusedAfterDays);
        const after = days === undefined ? 'Revoked for inactivity' : `Revoked after ${days} days unused`;
        return {
          kind: 'token_revoked',
          message: `${after}. Your token ${token} no longer works.`,
          link: tokenLink(tokenId),
        };
      }
      const reason = str(e.data.reason) ?? 'no reason given';
      return {
        kind: 'token_revoked',
        message: `Revoked by an administrator: ${reason}. Your token ${token} no longer works.`,
        link: tokenLink(tokenId),
      };
    }
    case 'auth_token.deleted': {
      // Only a leak report's delete is news: the owner's own, or an administrator's, is not notified.
      if (e.data.leakReport !== true) return undefined;
      return {
        kind: 'credential_leaked',
        message:
          `Your token ${token} was reported as leaked${sourceOf(e.data)} and revoked. ` +
          'Generate a new token for the scripts that used it.',
        link: '/settings/auth-tokens',
      };
    }
    case 'oauth2_client.secret_reset':
      // Only a leak report's reset is news (the owner's own reset is theirs; no secret is shown for this one).
      if (e.data.leakReport !== true) return undefined;
      return {
        kind: 'credential_leaked',
        message:
          `The secret of your OAuth 2.0 client ${token} was reported as leaked${sourceOf(e.data)} and revoked, with ` +
          'every access token obtained with it. Reset the secret to get a new one.',
        link: clientLink(tokenId),
      };
    case 'auth_token.used_from_new_network':
      return {
        kind: 'new_network',
        message: `First use of ${token} from ${fromWhere(e.data)}: a network it had not been used from. If this was not you, suspend or regenerate it.`,
        link: tokenLink(tokenId),
      };
    case 'oauth2_client.used_from_new_network':
      return {
        kind: 'new_network',
        message: `First use of the OAuth 2.0 client ${token} from ${fromWhere(e.data)}: a network it had not been used from. If this was not you, suspend it or reset its secret.`,
        link: clientLink(tokenId),
      };
    case 'auth_token.old_secret_used':
    case 'oauth2_client.old_secret_used': {
      const isClient = e.type === 'oauth2_client.old_secret_used';
      const until = str(e.data.graceUntil);
      return {
        kind: 'old_secret_in_use',
        message:
          `The old secret of your ${isClient ? 'OAuth 2.0 client' : 'token'} ${token} is still in use by ` +
          `${clientOf(e.data)}. ${until ? `It stops working at ${utcMinute(until)}` : 'It stops working when its grace window ends'}` +
          ': give that client the new secret, or end the grace window now.',
        link: isClient ? clientLink(tokenId) : tokenLink(tokenId),
      };
    }
    case 'auth_token.grace_ended':
    case 'oauth2_client.grace_ended': {
      // Only a leak report's end is news: the owner's own (or an administrator's) End grace now is not notified.
      if (e.data.leakReport !== true) return undefined;
      const isClient = e.type === 'oauth2_client.grace_ended';
      return {
        kind: 'credential_leaked',
        message:
          `The old secret of your ${isClient ? 'OAuth 2.0 client' : 'token'} ${token} was reported as leaked` +
          `${sourceOf(e.data)} and stopped working at once; its new secret still works.`,
        link: isClient ? clientLink(tokenId) : tokenLink(tokenId),
      };
    }
    case 'auth_token.restored':
      return {
        kind: 'token_restored',
        message: `Your token ${token} works again: an administrator undid its revocation.`,
        link: tokenLink(tokenId),
      };
    case 'auth_token.expiring': {
      const expiresAt = str(e.data.expiresAt);
      if (!expiresAt) return undefined;
      return {
        kind: 'token_expiring',
        message: `Your token ${token} expires ${timeLeft(e.at, expiresAt)}. Regenerate it to keep your scripts working.`,
        link: tokenLink(tokenId, true),
      };
    }
    case 'auth_token.expired':
      // An expired token can't be regenerated (409 token_expired): the link shows it, to generate a new one.
      return {
        kind: 'token_expired',
        message: `Your token ${token} has expired. Generate a new token for the scripts that used it.`,
        link: tokenLink(tokenId),
      };
    case 'oauth2_client.created':
      if (!byOther(e)) return undefined;
      return {
        kind: 'client_created_for_you',
        message: `The OAuth 2.0 client ${token} was created for you by ${byAdministrator(e)}.`,
        link: clientLink(tokenId),
      };
    case 'oauth2_client.suspended':
      if (!byOther(e)) return undefined;
      return {
        kind: 'client_suspended',
        message: `Your OAuth 2.0 client ${token} was suspended by ${byAdministrator(e)}. It is refused until it is resumed.`,
        link: clientLink(tokenId),
      };
    default:
      return undefined;
  }
}

/** The credential's name as the event tells it, if it does. */
export const nameInEvent = (e: DomainEvent): string | undefined =>
  e.type.startsWith('oauth2_client.') ? (str(e.data.name) ?? str(e.data.description)) : str(e.data.description);

/** The warning before the inactivity revocation (no domain event: the job writes it itself). */
export function inactiveSoonNotice(
  tokenId: string,
  name: string,
  unusedDays: number,
  now: string,
  revokeAt: string,
): NoticeText {
  const when = Date.parse(revokeAt) > Date.parse(now) ? timeLeft(now, revokeAt) : 'soon';
  return {
    kind: 'token_inactive_soon',
    message:
      `Your token “${name}” has not been used for ${unusedDays} day${unusedDays === 1 ? '' : 's'}: ` +
      `it will be revoked ${when} unless it is used.`,
    link: tokenLink(tokenId, true),
  };
}
