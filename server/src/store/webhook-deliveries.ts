import { sql, type Selectable } from 'kysely';
import type { AuditEvent } from './audit.js';
import { audited, decodeCursor, encodeCursor, type Db } from './rows.js';
import type { WebhookDeliveriesTable } from './schema.js';

export type DeliveryStatus = 'pending' | 'succeeded' | 'failed';

/** One event for one endpoint: its id is the `webhook-id` header, the same on every attempt. */
export interface WebhookDelivery {
  id: string;
  webhookId: string;
  eventId: string;
  eventType: string;
  /** The body sent, JSON. */
  payload: string;
  status: DeliveryStatus;
  attempts: number;
  maxAttempts: number;
  nextAttemptAt: string | null;
  lastAttemptAt: string | null;
  lastStatusCode: number | null;
  lastError: string | null;
  createdAt: string;
}

export type NewDelivery = Pick<
  WebhookDelivery,
  'id' | 'webhookId' | 'eventId' | 'eventType' | 'payload' | 'maxAttempts' | 'createdAt' | 'nextAttemptAt'
>;

/** A due delivery with what sending it needs: its endpoint's URL and sealed secret. */
export interface DueDelivery extends WebhookDelivery {
  url: string;
  secretSealed: string;
}

/** What an attempt came to: done (succeeded, failed) or pending again at `nextAttemptAt`. */
export interface AttemptOutcome {
  status: DeliveryStatus;
  nextAttemptAt: string | null;
  statusCode: number | null;
  error: string | null;
}

export interface DeliveryPage {
  items: WebhookDelivery[];
  nextCursor: string | null;
}

/** The deliveries (migration 0930): queued per event, claimed before each attempt, kept as the endpoint's log. */
export interface WebhookDeliveryRepository {
  /** Queues deliveries; one already there for the same (endpoint, event) is kept, so a repeat adds nothing. */
  enqueue(deliveries: NewDelivery[]): Promise<void>;
  /**
   * Pending deliveries due at `now` to enabled endpoints: at most `perEndpoint` of each endpoint, longest waiting first
   * within an endpoint, and the endpoints taking turns (every endpoint's first, then every endpoint's second…), so an
   * endpoint with a backlog never keeps the others out of a run.
   */
  due(now: string, limit: number, perEndpoint?: number): Promise<DueDelivery[]>;
  /**
   * Takes an attempt: counts it and moves the delivery's next attempt to `leaseUntil`, only if it is still pending,
   * due and at `attempts` (so of two replicas only one sends it; one killed mid-send leaves it due after the lease).
   */
  claim(id: string, attempts: number, now: string, leaseUntil: string): Promise<boolean>;
  /** Writes an attempt's outcome, unless another attempt was claimed since (attempt = the count after the claim). */
  finish(id: string, attempt: number, outcome: AttemptOutcome): Promise<void>;
  /**
   * Gives back an attempt claimed but not made (the send was interrupted by a shutdown): the count and the times as
   * they were before the claim, unless another attempt was claimed since.
   */
  release(id: string, attempt: number, before: { nextAttemptAt: string; lastAttemptAt: string | null }): Promise<void>;
  /** An endpoint's log, newest first. */
  page(webhookId: string, q: { cursor?: string; limit: number; status?: DeliveryStatus }): Promise<DeliveryPage>;
  get(webhookId: string, id: string): Promise<WebhookDelivery | undefined>;
  /** Makes the delivery due at `now` for one more attempt (same id); audited. Undefined when there is none. */
  redeliver(webhookId: string, id: string, now: string, audit: AuditEvent): Promise<WebhookDelivery | undefined>;
  /** Deletes finished deliveries created before `before`; returns how many. */
  purge(before: string): Promise<number>;
}

const toDelivery = (r: Selectable<WebhookDeliveriesTable>): WebhookDelivery => ({
  id: r.id,
  webhookId: r.webhook_id,
  eventId: r.event_id,
  eventType: r.event_type,
  payload: r.payload,
  status: r.status,
  attempts: Number(r.attempts),
  maxAttempts: Number(r.max_attempts),
  nextAttemptAt: r.next_attempt_at,
  lastAttemptAt: r.last_attempt_at,
  lastStatusCode: r.last_status_code === null ? null : Number(r.last_status_code),
  lastError: r.last_error,
  createdAt: r.created_at,
});

export const isDeliveryCursor = (cursor: string) => decodeCursor(cursor, 2) !== undefined;

export class KyselyWebhookDeliveryRepository implements WebhookDeliveryRepository {
  constructor(private readonly db: Db) {}

  async enqueue(deliveries: NewDelivery[]): Promise<void> {
    for (let i = 0; i < deliveries.length; i += 500)
      await this.db
        .insertInto('webhook_deliveries')
        .values(
          deliveries.slice(i, i + 500).map((d) => ({
            id: d.id,
            webhook_id: d.webhookId,
            event_id: d.eventId,
            event_type: d.eventType,
            payload: d.payload,
            status: 'pending' as const,
            attempts: 0,
            max_attempts: d.maxAttempts,
            next_attempt_at: d.nextAttemptAt,
            last_attempt_at: null,
            last_status_code: null,
            last_error: null,
            created_at: d.createdAt,
          })),
        )
        .onConflict((oc) => oc.columns(['webhook_id', 'event_id']).doNothing())
        .execute();
  }

  async due(now: string, limit: number, perEndpoint = limit): Promise<DueDelivery[]> {
    // A window function (SQLite 3.25+, PostgreSQL): each due delivery's place in its endpoint's queue.
    const ranked = this.db
      .selectFrom('webhook_deliveries as d')
      .innerJoin('webhooks as w', 'w.id', 'd.webhook_id')
      .selectAll('d')
      .select(['w.url', 'w.secret_sealed'])
      .select(sql<number>`row_number() over (partition by d.webhook_id order by d.next_attempt_at, d.id)`.as('turn'))
      .where('d.status', '=', 'pending')
      .where('d.next_attempt_at', '<=', now)
      .where('w.disabled_at', 'is', null);
    const rows = await this.db
      .selectFrom(ranked.as('r'))
      .selectAll()
      .where('turn', '<=', perEndpoint)
      .orderBy('turn')
      .orderBy('next_attempt_at')
      .orderBy('id')
      .limit(limit)
      .execute();
    return rows.map((r) => ({ ...toDelivery(r), url: r.url, secretSealed: r.secret_sealed }));
  }

  async claim(id: string, attempts: number, now: string, leaseUntil: string): Promise<boolean> {
    const r = await this.db
      .updateTable('webhook_deliveries')
      .set({ attempts: attempts + 1, next_attempt_at: leaseUntil, last_attempt_at: now })
      .where('id', '=', id)
      .where('status', '=', 'pending')
      .where('attempts', '=', attempts)
      .where('next_attempt_at', '<=', now)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  async finish(id: string, attempt: number, o: AttemptOutcome): Promise<void> {
    await this.db
      .updateTable('webhook_deliveries')
      .set({ status: o.status, next_attempt_at: o.nextAttemptAt, last_status_code: o.statusCode, last_error: o.error })
      .where('id', '=', id)
      .where('attempts', '=', attempt)
      .where('status', '=', 'pending')
      .execute();
  }

  async release(
    id: string,
    attempt: number,
    before: { nextAttemptAt: string; lastAttemptAt: string | null },
  ): Promise<void> {
    await this.db
      .updateTable('webhook_deliveries')
      .set({ attempts: attempt - 1, next_attempt_at: before.nextAttemptAt, last_attempt_at: before.lastAttemptAt })
      .where('id', '=', id)
      .where('attempts', '=', attempt)
      .where('status', '=', 'pending')
      .execute();
  }

  async page(webhookId: string, q: { cursor?: string; limit: number; status?: DeliveryStatus }): Promise<DeliveryPage> {
    let query = this.db.selectFrom('webhook_deliveries').selectAll().where('webhook_id', '=', webhookId);
    if (q.status) query = query.where('status', '=', q.status);
    const after = decodeCursor(q.cursor, 2);
    if (after) {
      const [at, id] = after as [string, string];
      query = query.where((eb) =>
        eb.or([eb('created_at', '<', at), eb.and([eb('created_at', '=', at), eb('id', '<', id)])]),
      );
    }
    const rows = await query
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(q.limit + 1)
      .execute();
    const items = rows.slice(0, q.limit).map(toDelivery);
    const last = items[items.length - 1];
    return { items, nextCursor: rows.length > q.limit && last ? encodeCursor([last.createdAt, last.id]) : null };
  }

  async get(webhookId: string, id: string): Promise<WebhookDelivery | undefined> {
    const r = await this.db
      .selectFrom('webhook_deliveries')
      .selectAll()
      .where('webhook_id', '=', webhookId)
      .where('id', '=', id)
      .executeTakeFirst();
    return r ? toDelivery(r) : undefined;
  }

  async redeliver(webhookId: string, id: string, now: string, audit: AuditEvent): Promise<WebhookDelivery | undefined> {
    const done = await audited(
      this.db,
      audit,
      async (db) => {
        const r = await db
          .updateTable('webhook_deliveries')
          .set({
            // A finished delivery gets one more attempt; a pending one keeps its retries and is just due now.
            max_attempts: sql<number>`case when status = 'pending' then max_attempts else attempts + 1 end`,
            status: 'pending',
            next_attempt_at: now,
          })
          .where('webhook_id', '=', webhookId)
          .where('id', '=', id)
          .executeTakeFirst();
        return Number(r.numUpdatedRows) > 0;
      },
      (updated) => updated,
    );
    return done ? this.get(webhookId, id) : undefined;
  }

  async purge(before: string): Promise<number> {
    const r = await this.db
      .deleteFrom('webhook_deliveries')
      .where('status', '!=', 'pending')
      .where('created_at', '<', before)
      .executeTakeFirst();
    return Number(r.numDeletedRows);
  }
}
