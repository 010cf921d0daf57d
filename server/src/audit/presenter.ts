import type { z } from 'zod';
import type { ActivityAction } from './actions.js';
import type { activityEventSchema } from './schema.js';
import type { AuditEvent } from '../store/store.js';

export type PresentedEvent = z.output<typeof activityEventSchema>;

/** One audit event as it leaves the server; target usernames come from a lookup made once per page. */
export const presentEvent = (e: AuditEvent, usernames: Map<string, string>): PresentedEvent => ({
  id: e.id,
  at: e.at,
  // Every row is written through AuditService, whose input takes only an ActivityAction.
  action: e.action as ActivityAction,
  outcome: e.outcome,
  actor: { id: e.actorId, username: e.actorUsername },
  target: e.targetUserId ? { id: e.targetUserId, username: usernames.get(e.targetUserId) ?? null } : null,
  tokenId: e.tokenId,
  ip: e.ip,
  userAgent: e.userAgent,
  details: e.details,
});

const CSV_COLUMNS = [
  'time',
  'action',
  'outcome',
  'actor',
  'actorId',
  'target',
  'targetId',
  'tokenId',
  'ip',
  'userAgent',
  'details',
] as const;

/** RFC 4180 quoting, and a leading quote before = + - @ so a spreadsheet never runs a user agent as a formula. */
export function csvField(value: string | null): string {
  if (value === null) return '';
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

export function toCsv(events: PresentedEvent[]): string {
  const rows = events.map((e) =>
    [
      e.at,
      e.action,
      e.outcome,
      e.actor.username,
      e.actor.id,
      e.target?.username ?? null,
      e.target?.id ?? null,
      e.tokenId,
      e.ip,
      e.userAgent,
      e.details ? JSON.stringify(e.details) : null,
    ]
      .map(csvField)
      .join(','),
  );
  return [CSV_COLUMNS.join(','), ...rows].join('\r\n') + '\r\n';
}
