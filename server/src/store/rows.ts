import type { Kysely, Selectable } from 'kysely';
import { hasNoControlCharacters } from '../contract/rules.js';
import { domainEventOf } from '../events/catalog.js';
import type { AuditEvent } from './audit.js';
import { domainEventRow } from './domain-events.js';
import type { Database, UsersTable } from './schema.js';
import type { CredentialOwner, User } from './users.js';

/** What every repository runs its statements on: the database, or the transaction of an audited change. */
export type Db = Kysely<Database>;

export const toUser = (r: Omit<Selectable<UsersTable>, 'password_hash'>): User => ({
  id: r.id,
  username: r.username,
  displayName: r.display_name,
  role: r.role,
  disabled: Number(r.disabled) === 1,
  apiTokensEnabled: Number(r.api_tokens_enabled) === 1,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  lastSignInAt: r.last_sign_in_at,
  kind: r.kind,
  ownerId: r.owner_user_id,
  description: r.description,
});

/** The owner's columns as a credential lookup joins them. */
export interface OwnerRow {
  user_id: string;
  username: string;
  display_name: string;
  role: 'user' | 'admin';
  disabled: number;
  api_tokens_enabled: number;
}

export const toOwner = (r: OwnerRow): CredentialOwner => ({
  id: r.user_id,
  username: r.username,
  displayName: r.display_name,
  role: r.role,
  disabled: Number(r.disabled) === 1,
  apiTokensEnabled: Number(r.api_tokens_enabled) === 1,
});

export const auditRow = (e: AuditEvent) => ({
  id: e.id,
  at: e.at,
  action: e.action,
  outcome: e.outcome,
  actor_id: e.actorId,
  actor_username: e.actorUsername,
  target_user_id: e.targetUserId,
  token_id: e.tokenId,
  ip: e.ip,
  user_agent: e.userAgent,
  details: e.details ? JSON.stringify(e.details) : null,
});

/**
 * Writes a change's audit row on the change's own connection, so both commit or neither does — and, when the row
 * stands for a domain event (events/catalog.ts), the event's outbox row with it. Outside a transaction the two are
 * written in one of their own.
 */
export async function insertAudit(db: Db, event: AuditEvent): Promise<void> {
  const domain = domainEventOf(event);
  if (!domain) {
    await db.insertInto('audit_events').values(auditRow(event)).execute();
    return;
  }
  const write = async (trx: Db) => {
    await trx.insertInto('audit_events').values(auditRow(event)).execute();
    await trx.insertInto('domain_events').values(domainEventRow(domain)).execute();
  };
  if (db.isTransaction) await write(db);
  else await db.transaction().execute(write);
}

/**
 * Runs a change and, when it happened, its audit row in one transaction; without an event, the change alone.
 * The change must run its statements on the Db it is given (on SQLite the transaction holds the only connection).
 */
export async function audited<T>(
  db: Db,
  audit: AuditEvent | undefined,
  change: (db: Db) => Promise<T>,
  happened: (result: T) => boolean,
): Promise<T> {
  if (!audit) return change(db);
  return db.transaction().execute(async (trx) => {
    const result = await change(trx);
    if (happened(result)) await insertAudit(trx, audit);
    return result;
  });
}

export const encodeCursor = (parts: string[]) => Buffer.from(JSON.stringify(parts)).toString('base64url');

/**
 * A cursor back from the client: `n` strings, or undefined when it is not one this server made. A part with a control
 * character is none (the values it stands for, times and ids, have none) and would reach the database: PostgreSQL
 * refuses a NUL in text with an error, which would be a 500.
 */
export function decodeCursor(cursor: string | undefined, n: number): string[] | undefined {
  if (!cursor) return undefined;
  try {
    const parts: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(parts) &&
      parts.length === n &&
      parts.every((p) => typeof p === 'string' && hasNoControlCharacters(p))
    )
      return parts as string[];
  } catch {
    /* fall through */
  }
  return undefined;
}

export const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => '\\' + c);
