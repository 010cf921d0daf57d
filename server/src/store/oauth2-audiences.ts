import type { AuditEvent } from './audit.js';
import { type Db, insertAudit } from './rows.js';

// Who owns which OAuth 2.0 audience (F-9): claimed inside a client's save, read by introspection, moved by an
// administrator. Functions over a database handle, so a client's save claims in its own transaction.

/**
 * The audiences a client's owner claims when the client is saved (F-9): an unowned one becomes the owner's; one owned
 * by someone else refuses the save unless `mayUseAny` (an administrator acts).
 */
export interface AudienceClaim {
  /** Normalised audience keys (oauth2/scopes.ts audienceKey), Tessera's own audience left out. */
  audiences: string[];
  mayUseAny: boolean;
  at: string;
}

/** The save was refused: these audiences belong to another user. */
export interface AudienceTaken {
  audienceTaken: string[];
}

/** Who owns an audience (F-9). */
export interface AudienceOwnership {
  audience: string;
  ownerUserId: string;
  createdAt: string;
}

/** Thrown inside a transaction to roll back the claims and the change together. */
class AudienceTakenSignal extends Error {
  constructor(readonly taken: string[]) {
    super('audience_taken');
  }
}

/**
 * Claims unowned audiences for the owner; then, unless an administrator acts, refuses (rolls back) when any is
 * another user's. Insert first, check after: on PostgreSQL a concurrent claim of the same audience waits for ours
 * to commit and then finds it taken, so two users never both get one.
 */
export async function claimAudiences(trx: Db, ownerId: string, claim: AudienceClaim | undefined): Promise<void> {
  const audiences = [...new Set(claim?.audiences ?? [])];
  if (!claim || audiences.length === 0) return;
  await trx
    .insertInto('oauth2_audiences')
    .values(audiences.map((audience) => ({ audience, owner_user_id: ownerId, created_at: claim.at })))
    .onConflict((oc) => oc.column('audience').doNothing())
    .execute();
  if (claim.mayUseAny) return;
  const rows = await trx
    .selectFrom('oauth2_audiences')
    .select(['audience', 'owner_user_id'])
    .where('audience', 'in', audiences)
    .execute();
  const taken = rows.filter((r) => r.owner_user_id !== ownerId).map((r) => r.audience);
  if (taken.length > 0) throw new AudienceTakenSignal(taken.sort());
}

/** A save's result, or the audiences that refused it (the transaction rolled back). */
export function unlessTaken<T>(run: Promise<T>): Promise<T | AudienceTaken> {
  return run.catch((err: unknown) => {
    if (err instanceof AudienceTakenSignal) return { audienceTaken: err.taken };
    throw err;
  });
}

/** Who owns each of these audiences (unowned ones are absent). */
export async function audienceOwners(db: Db, audiences: string[]): Promise<Map<string, string>> {
  if (audiences.length === 0) return new Map();
  const rows = await db
    .selectFrom('oauth2_audiences')
    .select(['audience', 'owner_user_id'])
    .where('audience', 'in', [...new Set(audiences)])
    .execute();
  return new Map(rows.map((r) => [r.audience, r.owner_user_id]));
}

export async function listAudiences(db: Db): Promise<AudienceOwnership[]> {
  const rows = await db.selectFrom('oauth2_audiences').selectAll().orderBy('audience').execute();
  return rows.map((r) => ({ audience: r.audience, ownerUserId: r.owner_user_id, createdAt: r.created_at }));
}

/** Gives an audience to a user (an administrator's transfer); the previous owner, or null. */
export function setAudienceOwner(
  db: Db,
  audience: string,
  ownerUserId: string,
  at: string,
  audit?: AuditEvent,
): Promise<string | null> {
  return db.transaction().execute(async (trx) => {
    const before = await trx
      .selectFrom('oauth2_audiences')
      .select('owner_user_id')
      .where('audience', '=', audience)
      .executeTakeFirst();
    if (before) {
      await trx
        .updateTable('oauth2_audiences')
        .set({ owner_user_id: ownerUserId })
        .where('audience', '=', audience)
        .execute();
    } else {
      await trx
        .insertInto('oauth2_audiences')
        .values({ audience, owner_user_id: ownerUserId, created_at: at })
        .execute();
    }
    if (audit) await insertAudit(trx, audit);
    return before?.owner_user_id ?? null;
  });
}
