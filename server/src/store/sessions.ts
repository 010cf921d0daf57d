import type { Db } from './rows.js';

export interface StoredSession {
  data: string;
  expiresAt: string;
}

/** Browser sessions kept in the database (when Redis is not configured), keyed by the digest of the session id. */
export interface SessionRepository {
  get(sidDigest: string, now: string): Promise<StoredSession | undefined>;
  set(sidDigest: string, userId: string | null, data: string, expiresAt: string): Promise<void>;
  touch(sidDigest: string, expiresAt: string): Promise<void>;
  destroy(sidDigest: string): Promise<void>;
  destroyAllOfUser(userId: string): Promise<void>;
  /** The live sessions of one user: the digest (the row's key, never shown) and the stored data. */
  listOfUser(userId: string, now: string): Promise<{ sidDigest: string; data: string }[]>;
  prune(now: string): Promise<number>;
}

export class KyselySessionRepository implements SessionRepository {
  constructor(protected readonly db: Db) {}

  async get(sidDigest: string, now: string): Promise<StoredSession | undefined> {
    const r = await this.db
      .selectFrom('sessions')
      .select(['data', 'expires_at'])
      .where('sid_digest', '=', sidDigest)
      .where('expires_at', '>', now)
      .executeTakeFirst();
    return r && { data: r.data, expiresAt: r.expires_at };
  }

  async set(sidDigest: string, userId: string | null, data: string, expiresAt: string) {
    await this.db
      .insertInto('sessions')
      .values({ sid_digest: sidDigest, user_id: userId, data, expires_at: expiresAt })
      .onConflict((oc) => oc.column('sid_digest').doUpdateSet({ user_id: userId, data, expires_at: expiresAt }))
      .execute();
  }

  async touch(sidDigest: string, expiresAt: string) {
    await this.db.updateTable('sessions').set({ expires_at: expiresAt }).where('sid_digest', '=', sidDigest).execute();
  }

  async destroy(sidDigest: string) {
    await this.db.deleteFrom('sessions').where('sid_digest', '=', sidDigest).execute();
  }

  async destroyAllOfUser(userId: string) {
    await this.db.deleteFrom('sessions').where('user_id', '=', userId).execute();
  }

  async listOfUser(userId: string, now: string) {
    const rows = await this.db
      .selectFrom('sessions')
      .select(['sid_digest', 'data'])
      .where('user_id', '=', userId)
      .where('expires_at', '>', now)
      .execute();
    return rows.map((r) => ({ sidDigest: r.sid_digest, data: r.data }));
  }

  async prune(now: string) {
    const r = await this.db.deleteFrom('sessions').where('expires_at', '<=', now).executeTakeFirst();
    return Number(r.numDeletedRows);
  }
}
