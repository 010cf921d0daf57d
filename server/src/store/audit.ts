import type { Selectable } from 'kysely';
import { type Db, decodeCursor, encodeCursor, insertAudit } from './rows.js';
import type { AuditEventsTable } from './schema.js';

export interface AuditEvent {
  id: string;
  at: string;
  action: string;
  outcome: 'success' | 'failure';
  actorId: string | null;
  actorUsername: string | null;
  targetUserId: string | null;
  tokenId: string | null;
  ip: string | null;
  userAgent: string | null;
  details: Record<string, unknown> | null;
}

export interface AuditQuery {
  userId?: string;
  action?: string;
  /** Events about one credential (auth token or OAuth client). */
  tokenId?: string;
  since?: string;
  until?: string;
  cursor?: string;
  limit: number;
}

export interface AuditPage {
  events: AuditEvent[];
  nextCursor: string | null;
}

/**
 * The audit log. Changes write their own rows in their own transactions (each repository's mutations take the
 * event); append is for events that change nothing else: failed uses, sign-ins, issued access tokens.
 */
export interface AuditRepository {
  append(event: AuditEvent): Promise<void>;
  list(query: AuditQuery): Promise<AuditPage>;
}

const toAudit = (r: Selectable<AuditEventsTable>): AuditEvent => ({
  id: r.id,
  at: r.at,
  action: r.action,
  outcome: r.outcome === 'failure' ? 'failure' : 'success',
  actorId: r.actor_id,
  actorUsername: r.actor_username,
  targetUserId: r.target_user_id,
  tokenId: r.token_id,
  ip: r.ip,
  userAgent: r.user_agent,
  details: r.details ? (JSON.parse(r.details) as Record<string, unknown>) : null,
});

export class KyselyAuditRepository implements AuditRepository {
  constructor(protected readonly db: Db) {}

  append(event: AuditEvent): Promise<void> {
    return insertAudit(this.db, event);
  }

  async list(query: AuditQuery): Promise<AuditPage> {
    let q = this.db
      .selectFrom('audit_events')
      .selectAll()
      .orderBy('at', 'desc')
      .orderBy('id', 'desc')
      .limit(query.limit + 1);
    if (query.userId) {
      const uid = query.userId;
      q = q.where((eb) => eb.or([eb('target_user_id', '=', uid), eb('actor_id', '=', uid)]));
    }
    if (query.action) q = q.where('action', '=', query.action);
    if (query.tokenId) q = q.where('token_id', '=', query.tokenId);
    if (query.since) q = q.where('at', '>=', query.since);
    if (query.until) q = q.where('at', '<', query.until);
    const after = decodeCursor(query.cursor, 2);
    if (after) {
      const [at, id] = after as [string, string];
      q = q.where((eb) => eb.or([eb('at', '<', at), eb.and([eb('at', '=', at), eb('id', '<', id)])]));
    }
    const rows = await q.execute();
    const events = rows.slice(0, query.limit).map(toAudit);
    const last = events[events.length - 1];
    return { events, nextCursor: rows.length > query.limit && last ? encodeCursor([last.at, last.id]) : null };
  }
}
