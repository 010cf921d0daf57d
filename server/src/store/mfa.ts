import type { AuditEvent } from './audit.js';
import { newId } from '../lib/ids.js';
import { type Db, audited, insertAudit } from './rows.js';

/** A user's authenticator-app enrolment as stored: the sealed secret, never the secret itself. */
export interface TotpEnrolment {
  userId: string;
  secretEncrypted: string;
  createdAt: string;
  /** Null while the enrolment waits for its first code. */
  confirmedAt: string | null;
  lastUsedStep: number | null;
}

export interface WebauthnCredential {
  /** base64url credential id. */
  id: string;
  userId: string;
  /** base64url COSE public key. */
  publicKey: string;
  counter: number;
  transports: string[];
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
}

/** What a user has enrolled, in one read: the sign-in and the status page both start from it. */
export interface MfaSummary {
  totpConfirmedAt: string | null;
  passkeys: WebauthnCredential[];
  recoveryCodesRemaining: number;
}

export interface MfaRepository {
  summary(userId: string): Promise<MfaSummary>;
  getTotp(userId: string): Promise<TotpEnrolment | undefined>;
  /** A new, unconfirmed enrolment, replacing an unconfirmed one; false when a confirmed one exists. */
  startTotp(userId: string, secretEncrypted: string, now: string): Promise<boolean>;
  /**
   * Confirms a pending enrolment with the step of its first code, and (when given) replaces the recovery codes, in
   * one transaction with the audit row; false when there was no pending enrolment.
   */
  confirmTotp(
    userId: string,
    step: number,
    now: string,
    codeDigests: string[] | undefined,
    audit: AuditEvent,
  ): Promise<boolean>;
  /**
   * Accepts a time step at most once (compare-and-set on last_used_step, so two replicas cannot both accept a
   * replayed code): true when `step` is later than every step accepted before.
   */
  acceptTotpStep(userId: string, step: number): Promise<boolean>;
  /** Removes the app (and, when `dropCodes`, the recovery codes) with the audit row; false when none was enrolled. */
  deleteTotp(userId: string, dropCodes: boolean, audit: AuditEvent): Promise<boolean>;
  /** Replaces every recovery code of the user (used or not) with these digests. */
  replaceRecoveryCodes(userId: string, digests: string[], now: string, audit: AuditEvent): Promise<void>;
  /** Marks an unused code used; false when there is no such unused code (a second use of the same code). */
  useRecoveryCode(userId: string, digest: string, now: string, audit?: AuditEvent): Promise<boolean>;
  listPasskeys(userId: string): Promise<WebauthnCredential[]>;
  getPasskey(id: string): Promise<WebauthnCredential | undefined>;
  /** Adds a passkey and (when given) the first recovery codes, with the audit row. */
  addPasskey(c: WebauthnCredential, codeDigests: string[] | undefined, audit: AuditEvent): Promise<void>;
  renamePasskey(userId: string, id: string, name: string, audit: AuditEvent): Promise<boolean>;
  deletePasskey(userId: string, id: string, dropCodes: boolean, audit: AuditEvent): Promise<boolean>;
  /** Records a use: the authenticator's new signature counter and the time. */
  recordPasskeyUse(id: string, counter: number, now: string): Promise<void>;
  /** Removes every second factor and recovery code of the user (an administrator's reset); false when none existed. */
  resetAll(userId: string, audit: AuditEvent): Promise<boolean>;
}

type PasskeyRow = {
  id: string;
  user_id: string;
  public_key: string;
  counter: number | string;
  transports: string;
  name: string;
  created_at: string;
  last_used_at: string | null;
};

const toPasskey = (r: PasskeyRow): WebauthnCredential => ({
  id: r.id,
  userId: r.user_id,
  publicKey: r.public_key,
  counter: Number(r.counter),
  transports: JSON.parse(r.transports) as string[],
  name: r.name,
  createdAt: r.created_at,
  lastUsedAt: r.last_used_at,
});

const deleted = (r: { numDeletedRows: bigint }) => Number(r.numDeletedRows) > 0;
const updated = (r: { numUpdatedRows: bigint }) => Number(r.numUpdatedRows) > 0;

/** After a factor's delete: with the user's last factor gone (`dropCodes`), their recovery codes go too. */
async function factorRemoved(db: Db, userId: string, r: { numDeletedRows: bigint }, dropCodes: boolean) {
  if (deleted(r) && dropCodes) await db.deleteFrom('user_recovery_codes').where('user_id', '=', userId).execute();
  return deleted(r);
}

/** The same statements on SQLite and PostgreSQL. */
export class KyselyMfaRepository implements MfaRepository {
  constructor(protected readonly db: Db) {}

  async summary(userId: string): Promise<MfaSummary> {
    const [totp, passkeys, codes] = await Promise.all([
      this.db.selectFrom('user_mfa_totp').select('confirmed_at').where('user_id', '=', userId).executeTakeFirst(),
      this.listPasskeys(userId),
      this.db
        .selectFrom('user_recovery_codes')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('user_id', '=', userId)
        .where('used_at', 'is', null)
        .executeTakeFirst(),
    ]);
    return {
      totpConfirmedAt: totp?.confirmed_at ?? null,
      passkeys,
      recoveryCodesRemaining: Number(codes?.n ?? 0),
    };
  }

  async getTotp(userId: string): Promise<TotpEnrolment | undefined> {
    const r = await this.db.selectFrom('user_mfa_totp').selectAll().where('user_id', '=', userId).executeTakeFirst();
    return (
      r && {
        userId: r.user_id,
        secretEncrypted: r.secret_encrypted,
        createdAt: r.created_at,
        confirmedAt: r.confirmed_at,
        lastUsedStep: r.last_used_step === null ? null : Number(r.last_used_step),
      }
    );
  }

  async startTotp(userId: string, secretEncrypted: string, now: string): Promise<boolean> {
    return this.db.transaction().execute(async (trx) => {
      const existing = await trx
        .selectFrom('user_mfa_totp')
        .select('confirmed_at')
        .where('user_id', '=', userId)
        .executeTakeFirst();
      if (existing?.confirmed_at) return false;
      if (existing) await trx.deleteFrom('user_mfa_totp').where('user_id', '=', userId).execute();
      await trx
        .insertInto('user_mfa_totp')
        .values({
          user_id: userId,
          secret_encrypted: secretEncrypted,
          created_at: now,
          confirmed_at: null,
          last_used_step: null,
        })
        .execute();
      return true;
    });
  }

  async confirmTotp(userId: string, step: number, now: string, codeDigests: string[] | undefined, audit: AuditEvent) {
    return this.db.transaction().execute(async (trx) => {
      const r = await trx
        .updateTable('user_mfa_totp')
        .set({ confirmed_at: now, last_used_step: step })
        .where('user_id', '=', userId)
        .where('confirmed_at', 'is', null)
        .executeTakeFirst();
      if (!updated(r)) return false;
      if (codeDigests) await this.writeCodes(trx, userId, codeDigests, now);
      await insertAudit(trx, audit);
      return true;
    });
  }

  async acceptTotpStep(userId: string, step: number): Promise<boolean> {
    const r = await this.db
      .updateTable('user_mfa_totp')
      .set({ last_used_step: step })
      .where('user_id', '=', userId)
      .where('confirmed_at', 'is not', null)
      .where((eb) => eb.or([eb('last_used_step', 'is', null), eb('last_used_step', '<', step)]))
      .executeTakeFirst();
    return updated(r);
  }

  async deleteTotp(userId: string, dropCodes: boolean, audit: AuditEvent) {
    return audited(
      this.db,
      audit,
      async (db) => {
        const r = await db
          .deleteFrom('user_mfa_totp')
          .where('user_id', '=', userId)
          .where('confirmed_at', 'is not', null)
          .executeTakeFirst();
        return factorRemoved(db, userId, r, dropCodes);
      },
      (ok) => ok,
    );
  }

  async replaceRecoveryCodes(userId: string, digests: string[], now: string, audit: AuditEvent) {
    await audited(
      this.db,
      audit,
      (db) => this.writeCodes(db, userId, digests, now),
      () => true,
    );
  }

  private async writeCodes(db: Db, userId: string, digests: string[], now: string) {
    await db.deleteFrom('user_recovery_codes').where('user_id', '=', userId).execute();
    await db
      .insertInto('user_recovery_codes')
      .values(digests.map((digest) => ({ id: newId(), user_id: userId, digest, created_at: now, used_at: null })))
      .execute();
  }

  async useRecoveryCode(userId: string, digest: string, now: string, audit?: AuditEvent) {
    return audited(
      this.db,
      audit,
      async (db) =>
        updated(
          await db
            .updateTable('user_recovery_codes')
            .set({ used_at: now })
            .where('user_id', '=', userId)
            .where('digest', '=', digest)
            .where('used_at', 'is', null)
            .executeTakeFirst(),
        ),
      (ok) => ok,
    );
  }

  async listPasskeys(userId: string) {
    const rows = await this.db
      .selectFrom('user_webauthn_credentials')
      .selectAll()
      .where('user_id', '=', userId)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    return rows.map(toPasskey);
  }

  async getPasskey(id: string) {
    const r = await this.db.selectFrom('user_webauthn_credentials').selectAll().where('id', '=', id).executeTakeFirst();
    return r && toPasskey(r);
  }

  async addPasskey(c: WebauthnCredential, codeDigests: string[] | undefined, audit: AuditEvent) {
    await this.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('user_webauthn_credentials')
        .values({
          id: c.id,
          user_id: c.userId,
          public_key: c.publicKey,
          counter: c.counter,
          transports: JSON.stringify(c.transports),
          name: c.name,
          created_at: c.createdAt,
          last_used_at: c.lastUsedAt,
        })
        .execute();
      if (codeDigests) await this.writeCodes(trx, c.userId, codeDigests, c.createdAt);
      await insertAudit(trx, audit);
    });
  }

  async renamePasskey(userId: string, id: string, name: string, audit: AuditEvent) {
    return audited(
      this.db,
      audit,
      async (db) =>
        updated(
          await db
            .updateTable('user_webauthn_credentials')
            .set({ name })
            .where('id', '=', id)
            .where('user_id', '=', userId)
            .executeTakeFirst(),
        ),
      (ok) => ok,
    );
  }

  async deletePasskey(userId: string, id: string, dropCodes: boolean, audit: AuditEvent) {
    return audited(
      this.db,
      audit,
      async (db) => {
        const r = await db
          .deleteFrom('user_webauthn_credentials')
          .where('id', '=', id)
          .where('user_id', '=', userId)
          .executeTakeFirst();
        return factorRemoved(db, userId, r, dropCodes);
      },
      (ok) => ok,
    );
  }

  async recordPasskeyUse(id: string, counter: number, now: string) {
    await this.db
      .updateTable('user_webauthn_credentials')
      .set({ counter, last_used_at: now })
      .where('id', '=', id)
      .execute();
  }

  async resetAll(userId: string, audit: AuditEvent) {
    return audited(
      this.db,
      audit,
      async (db) => {
        const a = await db.deleteFrom('user_mfa_totp').where('user_id', '=', userId).executeTakeFirst();
        const b = await db.deleteFrom('user_webauthn_credentials').where('user_id', '=', userId).executeTakeFirst();
        const c = await db.deleteFrom('user_recovery_codes').where('user_id', '=', userId).executeTakeFirst();
        return deleted(a) || deleted(b) || deleted(c);
      },
      (ok) => ok,
    );
  }
}
