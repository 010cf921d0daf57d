import type { PostgresCursor, PostgresPool, PostgresPoolClient, PostgresQueryResult } from 'kysely';
import type pg from 'pg';

// Writes that can alter a verification's answer (the tables and columns migration 20261212_1000's triggers watch,
// plus a project's deletion, which removes its links by cascade). An insert or delete on these tables counts; an
// update counts when its SET list names one of the columns (the last-used flush names none).
const ROW_TABLES = new Set(['auth_tokens', 'users', 'auth_token_projects', 'auth_token_grace', 'projects']);
const WATCHED_COLUMNS: Record<string, RegExp> = {
  auth_tokens:
    /(?:^|[\s,"])(id|digest|user_id|expires_at|scopes|allowed_networks|suspended_at|revoked_at|projects_limited)"?\s*=/,
  users: /(?:^|[\s,"])(id|username|display_name|role|disabled|api_tokens_enabled)"?\s*=/,
  auth_token_grace: /(?:^|[\s,"])(credential_id|digest|valid_until)"?\s*=/,
};
const WRITE = /\b(insert\s+into|update|delete\s+from)\s+(?:"?\w+"?\.)?"?(\w+)"?/gi;
const SET_CLAUSE_END = /\b(where|from|returning)\b/i;

/** Whether a statement may change a credential lookup's answer (reads never do). */
export function changesCredentials(sql: string): boolean {
  if (/^\s*select\b/i.test(sql)) return false;
  for (const m of sql.matchAll(WRITE)) {
    const verb = m[1]!.toLowerCase();
    const table = m[2]!;
    if (verb !== 'update') {
      if (ROW_TABLES.has(table)) return true;
      continue;
    }
    const columns = WATCHED_COLUMNS[table];
    if (!columns) continue;
    const rest = sql.slice(m.index + m[0].length);
    const end = rest.search(SET_CLAUSE_END);
    if (columns.test(end < 0 ? rest : rest.slice(0, end))) return true;
  }
  return false;
}

/**
 * The pool Kysely and the credential lookup send their statements through: it counts them (store.statementCount, the
 * proof that a warm verification sends none) and knows when a credential-changing write is under way on this
 * process, from its statement until its transaction ends. Meanwhile the credential memory is not used (read-your-
 * writes: the notification of one's own commit may arrive after the 204 and the next request); at its end the memory
 * is dropped (ADR 0014).
 */
export class TrackedPool implements PostgresPool {
  statements = 0;
  private writing = 0;
  private readonly wrapped = new WeakMap<pg.PoolClient, TrackedClient>();

  constructor(
    readonly pool: pg.Pool,
    private readonly onWritten: () => void,
  ) {}

  /** No credential-changing write of this process is uncommitted. */
  idle(): boolean {
    return this.writing === 0;
  }

  async connect(): Promise<PostgresPoolClient> {
    const client = await this.pool.connect();
    let tracked = this.wrapped.get(client);
    if (!tracked) {
      tracked = new TrackedClient(client, this);
      this.wrapped.set(client, tracked);
    }
    return tracked;
  }

  end(): Promise<void> {
    return this.pool.end();
  }

  /** A one-statement read outside Kysely (the named credential lookups). */
  query<R extends pg.QueryResultRow>(config: pg.QueryConfig): Promise<pg.QueryResult<R>> {
    this.statements++;
    return this.pool.query<R>(config);
  }

  began(): void {
    this.writing++;
  }

  /** A write has ended (committed, rolled back or alone); `changed`: it may have changed a row, so drop the memory. */
  ended(changed: boolean): void {
    if (changed) this.onWritten();
    this.writing--;
  }
}

const TOP_LEVEL_DML = /^\s*(insert|update|delete)\b/i;

/**
 * Whether a finished write statement may have changed a row: all but a plain INSERT, UPDATE or DELETE that reports
 * none. A job's sweep that finds nothing (the revocation finalise every 30 s deletes from auth_tokens) must not drop
 * every credential this replica remembers; a data-modifying WITH, whose count is its final SELECT's, counts as a change.
 */
const mayHaveChanged = (sql: string, rowCount: number | null | undefined) =>
  !(TOP_LEVEL_DML.test(sql) && rowCount === 0);

class TrackedClient implements PostgresPoolClient {
  private inTransaction = false;
  private writing = false;
  /** A write of this transaction (or statement) may have changed a row. */
  private changed = false;

  constructor(
    private readonly client: pg.PoolClient,
    private readonly pool: TrackedPool,
  ) {}

  query<R>(sql: string, parameters: ReadonlyArray<unknown>): Promise<PostgresQueryResult<R>>;
  query<R>(cursor: PostgresCursor<R>): PostgresCursor<R>;
  query<R>(
    sql: string | PostgresCursor<R>,
    parameters: ReadonlyArray<unknown> = [],
  ): Promise<PostgresQueryResult<R>> | PostgresCursor<R> {
    // No cursor is configured (streams are not used); were one added, it would bypass the tracking.
    if (typeof sql !== 'string') throw new Error('Cursors are not tracked.');
    this.pool.statements++;
    const head = sql.trimStart().slice(0, 8).toLowerCase();
    const ends = head.startsWith('commit') || head.startsWith('rollback');
    if (head.startsWith('begin') || head.startsWith('start')) this.inTransaction = true;
    const write = !ends && changesCredentials(sql);
    if (write && !this.writing) {
      this.writing = true;
      this.pool.began();
    }
    const settle = () => {
      if (ends) this.inTransaction = false;
      if (!this.inTransaction) this.finish();
    };
    return (this.client.query(sql, parameters as unknown[]) as unknown as Promise<PostgresQueryResult<R>>).then(
      (result) => {
        if (write && mayHaveChanged(sql, result.rowCount)) this.changed = true;
        settle();
        return result;
      },
      (err: unknown) => {
        // Failed: it changed nothing by itself, but a transaction it was part of is not known to have rolled back.
        if (write) this.changed = true;
        settle();
        throw err;
      },
    );
  }

  release(): void {
    this.inTransaction = false;
    this.finish();
    this.client.release();
  }

  private finish(): void {
    if (!this.writing) return;
    this.writing = false;
    const changed = this.changed;
    this.changed = false;
    this.pool.ended(changed);
  }
}
