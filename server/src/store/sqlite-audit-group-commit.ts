import type SqliteDatabase from 'better-sqlite3';
import { domainEventOf } from '../events/catalog.js';
import type { AuditEvent } from './audit.js';
import { domainEventRow } from './domain-events.js';

type Waiting = { event: AuditEvent; resolve: () => void; reject: (err: unknown) => void };

/**
 * Every failed token use is audited, so a spray of unknown tokens writes a row per request. The events appended
 * within one turn of the event loop share one transaction of one prepared statement; each caller still resolves
 * only once its row is written (docs/decisions/0004-performance-deviations.md §5).
 */
export class SqliteAuditGroupCommit {
  private readonly insert: SqliteDatabase.Statement;
  private readonly insertEvent: SqliteDatabase.Statement;
  private readonly writeAll: (events: AuditEvent[]) => void;
  private readonly writeOne: (event: AuditEvent) => void;
  private waiting: Waiting[] = [];

  constructor(
    raw: SqliteDatabase.Database,
    /** Runs the synchronous write while holding Kysely's one connection, so no Kysely transaction interleaves. */
    private readonly onConnection: (write: () => void) => Promise<void>,
  ) {
    this.insert = raw.prepare(
      `insert into audit_events (id, at, action, outcome, actor_id, actor_username, target_user_id, token_id, ip,
                                 user_agent, details) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.insertEvent = raw.prepare(
      `insert into domain_events (id, at, type, user_id, token_id, data, dispatched_at)
       values (@id, @at, @type, @user_id, @token_id, @data, @dispatched_at)`,
    );
    this.writeAll = raw.transaction((events: AuditEvent[]) => {
      for (const e of events) this.write(e);
    });
    this.writeOne = raw.transaction((e: AuditEvent) => this.write(e));
  }

  append(event: AuditEvent): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      if (this.waiting.push({ event, resolve, reject }) === 1) setImmediate(() => this.flush());
    });
  }

  private write(e: AuditEvent) {
    this.insert.run(
      e.id,
      e.at,
      e.action,
      e.outcome,
      e.actorId,
      e.actorUsername,
      e.targetUserId,
      e.tokenId,
      e.ip,
      e.userAgent,
      e.details ? JSON.stringify(e.details) : null,
    );
    // A domain event (events/catalog.ts) goes to the outbox in the same transaction as its audit row.
    const domain = domainEventOf(e);
    if (domain) this.insertEvent.run(domainEventRow(domain));
  }

  private flush() {
    const batch = this.waiting;
    this.waiting = [];
    this.onConnection(() => {
      try {
        this.writeAll(batch.map((w) => w.event));
        for (const w of batch) w.resolve();
      } catch {
        // One bad row must not lose the others: write them one by one and report each outcome to its caller.
        for (const w of batch) {
          try {
            this.writeOne(w.event);
            w.resolve();
          } catch (err) {
            w.reject(err);
          }
        }
      }
    }).catch((err: unknown) => batch.forEach((w) => w.reject(err)));
  }
}
