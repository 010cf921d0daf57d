import type SqliteDatabase from 'better-sqlite3';
import type { TokenCredential } from './auth-tokens.js';

/** At most this long (ms) before a change another process made to the same database file is seen. */
export const GENERATION_RECHECK_MS = 50;

/**
 * Credentials already looked up, and digests found to be unknown, kept while the credential generation (migration
 * 0500: bumped by triggers in the transaction of every change that can alter an answer) has not moved. The
 * generation is read again only when this connection has written since (total_changes(), no I/O) and at least every
 * GENERATION_RECHECK_MS (another process's change). Inside an open transaction the tables are read and nothing is
 * kept: it may still roll back. Expiry is the caller's to judge (docs/decisions/0004-performance-deviations.md §3).
 */
export class SqliteCredentialCache<C = TokenCredential> {
  private readonly remembered = new Map<string, C | null>();
  private readonly readGeneration: SqliteDatabase.Statement<[], number>;
  private readonly readTotalChanges: SqliteDatabase.Statement<[], number>;
  private generation: number | undefined;
  private changesSeen = -1;
  private checkedAt = 0;

  constructor(
    private readonly raw: SqliteDatabase.Database,
    private readonly read: (digest: string) => C | undefined,
    /** Answers kept at most; 0 reads the tables on every lookup. */
    private readonly size: number,
  ) {
    this.readGeneration = raw.prepare<[], number>('select seq from credential_generation where id = 1').pluck();
    this.readTotalChanges = raw.prepare<[], number>('select total_changes()').pluck();
  }

  find(digest: string): C | undefined {
    if (this.size <= 0 || this.raw.inTransaction) return this.read(digest);
    const changes = this.readTotalChanges.get()!;
    const now = Date.now();
    if (changes !== this.changesSeen || now - this.checkedAt >= GENERATION_RECHECK_MS) {
      this.changesSeen = changes;
      this.checkedAt = now;
      const generation = this.readGeneration.get();
      if (generation !== this.generation) {
        this.remembered.clear();
        this.generation = generation;
      }
    }
    const known = this.remembered.get(digest);
    if (known !== undefined) return known ?? undefined;
    const cred = this.read(digest);
    // Oldest first out: a bounded memory that a spray of unknown digests cannot grow.
    if (this.remembered.size >= this.size) this.remembered.delete(this.remembered.keys().next().value!);
    this.remembered.set(digest, cred ?? null);
    return cred;
  }
}
