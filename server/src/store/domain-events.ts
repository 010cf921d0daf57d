import type { DomainEvent, DomainEventType } from '../events/catalog.js';
import type { Db } from './rows.js';

/** The outbox of domain events (migration 0900): appended with their change, handed out in order, then purged. */
export interface DomainEventRepository {
  /** Appends events outside any audited change (the expiry job's `auth_token.expiring`); an id already there is kept. */
  append(events: DomainEvent[]): Promise<void>;
  /** Up to `limit` events not yet dispatched, oldest first. */
  pending(limit: number): Promise<DomainEvent[]>;
  markDispatched(ids: string[], at: string): Promise<void>;
  /** Deletes dispatched events older than `before`; returns how many. */
  purgeDispatched(before: string): Promise<number>;
}

export const domainEventRow = (e: DomainEvent) => ({
  id: e.id,
  at: e.at,
  type: e.type,
  user_id: e.userId,
  token_id: e.tokenId,
  data: JSON.stringify(e.data),
  dispatched_at: null,
});

/** Writes events on the connection given: inside an audited change, its transaction. */
export async function insertDomainEvents(db: Db, events: DomainEvent[]): Promise<void> {
  if (events.length === 0) return;
  await db
    .insertInto('domain_events')
    .values(events.map(domainEventRow))
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
}

const CHUNK = 500;

export class KyselyDomainEventRepository implements DomainEventRepository {
  constructor(private readonly db: Db) {}

  async append(events: DomainEvent[]): Promise<void> {
    for (let i = 0; i < events.length; i += CHUNK) await insertDomainEvents(this.db, events.slice(i, i + CHUNK));
  }

  async pending(limit: number): Promise<DomainEvent[]> {
    const rows = await this.db
      .selectFrom('domain_events')
      .selectAll()
      .where('dispatched_at', 'is', null)
      .orderBy('at')
      .orderBy('id')
      .limit(limit)
      .execute();
    return rows.map((r) => ({
      id: r.id,
      type: r.type as DomainEventType,
      at: r.at,
      userId: r.user_id,
      tokenId: r.token_id,
      data: JSON.parse(r.data) as Record<string, unknown>,
    }));
  }

  async markDispatched(ids: string[], at: string): Promise<void> {
    for (let i = 0; i < ids.length; i += CHUNK)
      await this.db
        .updateTable('domain_events')
        .set({ dispatched_at: at })
        .where('id', 'in', ids.slice(i, i + CHUNK))
        .execute();
  }

  async purgeDispatched(before: string): Promise<number> {
    const r = await this.db
      .deleteFrom('domain_events')
      .where('dispatched_at', 'is not', null)
      .where('dispatched_at', '<', before)
      .executeTakeFirst();
    return Number(r.numDeletedRows);
  }
}
