import type SqliteDatabase from 'better-sqlite3';
import type { CacheFreshness, CredentialCaches } from './credential-cache.js';

/** At most this long (ms) before a change another process made to the same database file is seen. */
export const GENERATION_RECHECK_MS = 50;

/**
 * The embedded store's freshness for its credential memories (store/credential-cache.ts): the credential generation
 * (migration 0500: bumped by triggers in the transaction of every change that can alter an answer) has not moved.
 * The generation is read again only when this connection has written since (total_changes(), no I/O) and at least
 * every GENERATION_RECHECK_MS (another process's change). Inside an open transaction the tables are read and nothing
 * is kept: it may still roll back (ADR 0004 §3).
 */
export class SqliteGenerationWatch implements CacheFreshness {
  private readonly readGeneration: SqliteDatabase.Statement<[], number>;
  private readonly readTotalChanges: SqliteDatabase.Statement<[], number>;
  private generation: number | undefined;
  private changesSeen = -1;
  private checkedAt = 0;

  constructor(
    private readonly raw: SqliteDatabase.Database,
    private readonly caches: CredentialCaches,
  ) {
    this.readGeneration = raw.prepare<[], number>('select seq from credential_generation where id = 1').pluck();
    this.readTotalChanges = raw.prepare<[], number>('select total_changes()').pluck();
  }

  usable(): boolean {
    if (this.raw.inTransaction) return false;
    const changes = this.readTotalChanges.get()!;
    const now = Date.now();
    if (changes !== this.changesSeen || now - this.checkedAt >= GENERATION_RECHECK_MS) {
      this.changesSeen = changes;
      this.checkedAt = now;
      const generation = this.readGeneration.get();
      if (generation !== this.generation) {
        if (this.generation !== undefined) this.caches.invalidate();
        this.generation = generation;
      }
    }
    return true;
  }
}
