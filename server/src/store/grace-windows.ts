import type { AuditEvent } from './audit.js';
import { type Db, audited, insertAudit } from './rows.js';
import type { GraceWindowTable } from './credential-tables.js';

// Issue 20, point 3: a credential's previous secret kept working until the end of a grace window (migration 1010).

/** Whose previous secret: an auth token's or an OAuth client's (the same table shape, one table each). */
export type GraceKind = 'auth_token' | 'oauth2_client';

const TABLE = { auth_token: 'auth_token_grace', oauth2_client: 'oauth2_client_grace' } as const;
// Both tables have one shape (GraceWindowTable): statements are typed against the first.
const table = (kind: GraceKind) => TABLE[kind] as 'auth_token_grace';

/** An open window as lists and reads show it; never the previous secret or its digest. */
export interface GraceWindow {
  startedAt: string;
  /** Until when the previous secret works. */
  until: string;
  /** The previous secret's hint (prefix and last four). */
  oldSecretHint: string;
  oldSecretLastUsedAt: string | null;
  oldSecretLastUsedIp: string | null;
  oldSecretUserAgent: string | null;
  /** Uses of the previous secret recorded so far in this window. */
  oldSecretUseCount: number;
}

/** A window to open with a new secret: the previous secret's digest and hint, and until when it works. */
export interface NewGraceWindow {
  digest: string;
  hint: string;
  startedAt: string;
  until: string;
}

/** What a flush writes for one credential: the uses of its previous secret held in memory since the last flush. */
export interface OldSecretUse {
  kind: GraceKind;
  credentialId: string;
  /** The window the uses belong to (its startedAt): uses of an ended or replaced window are dropped. */
  startedAt: string;
  /** The latest use. */
  at: string;
  ip: string | null;
  userAgent: string | null;
  count: number;
  /**
   * The (address, user agent) pairs seen in this batch, each with the audit row (and through it the owner's
   * notification) written only if the owner was not yet told of that pair in this window.
   */
  clients: { ip: string | null; userAgent: string | null; audit: AuditEvent }[];
}

/** At most this many pairs are notified per window; further ones are still counted and shown as the last use. */
export const MAX_NOTIFIED_CLIENTS = 20;

export interface GraceWindowRepository {
  /** The windows of these credentials still open at `now`, by credential id. */
  open(kind: GraceKind, credentialIds: readonly string[], now: string): Promise<Map<string, GraceWindow>>;
  /** The credential whose previous secret has this digest, with its window's end (open or ended). */
  findByDigest(kind: GraceKind, digest: string): Promise<{ credentialId: string; until: string } | undefined>;
  /** Ends the credential's window if it is open at `now`, with its audit row; false when there is none. */
  end(kind: GraceKind, credentialId: string, now: string, audit?: AuditEvent): Promise<boolean>;
  /** Writes a flush's uses in one transaction; a pair's audit row only the first time in its window (those written). */
  recordUses(uses: readonly OldSecretUse[]): Promise<AuditEvent[]>;
  /** Deletes windows that ended before `now`; how many. */
  purgeEnded(now: string): Promise<number>;
}

const pairKey = (ip: string | null, userAgent: string | null) => JSON.stringify([ip, userAgent]);

/**
 * Opens the credential's window (replacing any earlier one: only the latest previous secret is kept), or with
 * `window` null ends it: a regenerate without a window kills every earlier secret too. On the regenerate's own
 * transaction.
 */
export async function replaceGraceWindow(
  db: Db,
  kind: GraceKind,
  credentialId: string,
  window: NewGraceWindow | null,
): Promise<void> {
  await db.deleteFrom(table(kind)).where('credential_id', '=', credentialId).execute();
  if (!window) return;
  const row: GraceWindowTable = {
    credential_id: credentialId,
    digest: window.digest,
    hint: window.hint,
    started_at: window.startedAt,
    valid_until: window.until,
    last_used_at: null,
    last_used_ip: null,
    last_used_user_agent: null,
    use_count: 0,
    notified_clients: '[]',
  };
  await db.insertInto(table(kind)).values(row).execute();
}

const toWindow = (r: GraceWindowTable): GraceWindow => ({
  startedAt: r.started_at,
  until: r.valid_until,
  oldSecretHint: r.hint,
  oldSecretLastUsedAt: r.last_used_at,
  oldSecretLastUsedIp: r.last_used_ip,
  oldSecretUserAgent: r.last_used_user_agent,
  oldSecretUseCount: Number(r.use_count),
});

export class KyselyGraceWindowRepository implements GraceWindowRepository {
  constructor(
    private readonly db: Db,
    private readonly dialect: 'sqlite' | 'postgres',
  ) {}

  async open(kind: GraceKind, credentialIds: readonly string[], now: string) {
    if (credentialIds.length === 0) return new Map<string, GraceWindow>();
    const rows = await this.db
      .selectFrom(table(kind))
      .selectAll()
      .where('credential_id', 'in', [...credentialIds])
      .where('valid_until', '>', now)
      .execute();
    return new Map(rows.map((r) => [r.credential_id, toWindow(r)]));
  }

  async findByDigest(kind: GraceKind, digest: string) {
    const r = await this.db
      .selectFrom(table(kind))
      .select(['credential_id', 'valid_until'])
      .where('digest', '=', digest)
      .executeTakeFirst();
    return r && { credentialId: r.credential_id, until: r.valid_until };
  }

  end(kind: GraceKind, credentialId: string, now: string, audit?: AuditEvent) {
    return audited(
      this.db,
      audit,
      async (db) => {
        const r = await db
          .deleteFrom(table(kind))
          .where('credential_id', '=', credentialId)
          .where('valid_until', '>', now)
          .executeTakeFirst();
        return Number(r.numDeletedRows) > 0;
      },
      (ended) => ended,
    );
  }

  async recordUses(uses: readonly OldSecretUse[]): Promise<AuditEvent[]> {
    const written: AuditEvent[] = [];
    if (uses.length === 0) return written;
    // One lock order for every replica's batch, so concurrent flushes on PostgreSQL cannot deadlock.
    const ordered = [...uses].sort((x, y) =>
      x.kind !== y.kind ? (x.kind < y.kind ? -1 : 1) : x.credentialId < y.credentialId ? -1 : 1,
    );
    await this.db.transaction().execute(async (trx) => {
      for (const u of ordered) {
        let read = trx
          .selectFrom(table(u.kind))
          .selectAll()
          .where('credential_id', '=', u.credentialId)
          .where('started_at', '=', u.startedAt);
        // Another replica's flush of the same window waits here, then reads what this one wrote.
        if (this.dialect === 'postgres') read = read.forUpdate();
        const row = await read.executeTakeFirst();
        // Ended, or replaced by a later regenerate: those uses belonged to a secret that no longer has a window.
        if (!row) continue;
        const notified: string[] = JSON.parse(row.notified_clients) as string[];
        const told = new Set(notified);
        const news: AuditEvent[] = [];
        for (const c of u.clients) {
          const key = pairKey(c.ip, c.userAgent);
          if (told.has(key) || notified.length >= MAX_NOTIFIED_CLIENTS) continue;
          told.add(key);
          notified.push(key);
          news.push(c.audit);
        }
        const newer = row.last_used_at === null || row.last_used_at < u.at;
        await trx
          .updateTable(table(u.kind))
          .set((eb) => ({
            use_count: eb('use_count', '+', u.count),
            notified_clients: JSON.stringify(notified),
            ...(newer ? { last_used_at: u.at, last_used_ip: u.ip, last_used_user_agent: u.userAgent } : {}),
          }))
          .where('credential_id', '=', u.credentialId)
          .execute();
        for (const event of news) await insertAudit(trx, event);
        written.push(...news);
      }
    });
    return written;
  }

  async purgeEnded(now: string) {
    let purged = 0;
    for (const kind of ['auth_token', 'oauth2_client'] as const) {
      const r = await this.db.deleteFrom(table(kind)).where('valid_until', '<=', now).executeTakeFirst();
      purged += Number(r.numDeletedRows);
    }
    return purged;
  }
}

/** The pair's key as `notified_clients` holds it (exported for tests). */
export const notifiedClientKey = pairKey;
