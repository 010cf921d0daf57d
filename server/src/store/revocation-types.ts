import type { AuditEvent } from './audit.js';
import type { InventoryQuery } from './auth-tokens.js';

// Bulk and inactivity revocations (issue 19, migration 0910): the types and the repository's contract; the Kysely
// implementation is in revocations.ts.

export type RevocationKind = 'administrator' | 'inactive';

export interface TokenRevocation {
  id: string;
  kind: RevocationKind;
  reason: string;
  /** The inventory filter it was made from; null for a list of ids. */
  filter: Record<string, unknown> | null;
  count: number;
  createdAt: string;
  createdBy: { id: string; username: string } | null;
  undoUntil: string;
  undoneAt: string | null;
  finalisedAt: string | null;
}

/** A token a batch changed, as its audit row names it. */
export interface ChangedToken {
  id: string;
  userId: string;
  description: string;
  hint: string;
}

/** The inventory's filters, without its page. */
export type RevocationFilter = Omit<InventoryQuery, 'sort' | 'cursor' | 'limit'>;

export interface RevocationRepository {
  /** Records a revocation before its first batch (an administrator's: answered with its id even if it revokes none). */
  create(revocation: TokenRevocation): Promise<void>;
  get(id: string): Promise<TokenRevocation | undefined>;
  /** Most recent first; `before` is the last one of the previous page. */
  list(limit: number, before?: { createdAt: string; id: string }): Promise<TokenRevocation[]>;
  /**
   * The tokens in the next span of `span` rows after `after` (null: from the start; SQLite: by rowid, PostgreSQL: by
   * id) that match the filter and are not revoked; `next` is where the following span starts, null at the end. Each
   * call reads a bounded range, however few tokens match, so no single statement holds the embedded database long.
   */
  scan(filter: RevocationFilter, after: string | null, span: number): Promise<{ ids: string[]; next: string | null }>;
  /** Which of these ids are tokens not revoked. */
  revocable(ids: readonly string[]): Promise<string[]>;
  /**
   * Marks these tokens revoked by `revocation` (those not revoked already), writes `audit(token)` for each in the
   * same transaction and adds them to the revocation's count; `create` inserts the revocation row in it too. Answers
   * how many it marked, or 'closed' when the revocation was undone or finalised meanwhile (nothing changed).
   */
  mark(
    revocation: TokenRevocation,
    create: boolean,
    ids: readonly string[],
    at: string,
    audit: (t: ChangedToken) => AuditEvent,
  ): Promise<number | 'closed'>;
  /** Marks the revocation undone while it is open and inside its window at `at`; false otherwise. */
  claimUndo(id: string, at: string): Promise<boolean>;
  /** Restores up to `limit` of an undone revocation's tokens with their audit rows; how many. */
  restore(id: string, limit: number, audit: (t: ChangedToken) => AuditEvent): Promise<number>;
  /** Marks final every open revocation whose window ended by `now`; their ids. */
  claimFinalise(now: string): Promise<string[]>;
  /** Undone revocations that still have revoked tokens (an undo killed half-way). */
  unfinishedUndos(): Promise<string[]>;
  /** Deletes up to `limit` tokens (and their last-use rows) of finalised revocations; how many. */
  purge(limit: number): Promise<number>;
}
