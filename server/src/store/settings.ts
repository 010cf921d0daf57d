import type { AuditEvent } from './audit.js';
import { type Db, audited } from './rows.js';

/** Run-time settings an administrator changes without a restart, read where they apply (on every replica). */
export interface SettingsRepository {
  /** The key's value as it was written, or undefined when it never was. */
  get<T>(key: string): Promise<T | undefined>;
  /** Writes the key's value (JSON) and, when given, its audit row in one transaction. */
  set(key: string, value: unknown, at: string, audit?: AuditEvent): Promise<void>;
  /** The key's value as stored (JSON text): cheap to compare, so a replica polls it to see another's change. */
  raw(key: string): Promise<string | undefined>;
  /**
   * Writes the value only if the stored text is still `expected` (undefined: the key is still absent), with its
   * audit row in the same transaction; false when another writer got there first (nothing written).
   */
  replace(key: string, expected: string | undefined, value: unknown, at: string, audit?: AuditEvent): Promise<boolean>;
}

export class KyselySettingsRepository implements SettingsRepository {
  constructor(protected readonly db: Db) {}

  async get<T>(key: string): Promise<T | undefined> {
    const r = await this.db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst();
    return r ? (JSON.parse(r.value) as T) : undefined;
  }

  async raw(key: string): Promise<string | undefined> {
    const r = await this.db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst();
    return r?.value;
  }

  async replace(
    key: string,
    expected: string | undefined,
    value: unknown,
    at: string,
    audit?: AuditEvent,
  ): Promise<boolean> {
    const text = JSON.stringify(value);
    return audited(
      this.db,
      audit,
      async (db) => {
        if (expected === undefined) {
          const r = await db
            .insertInto('settings')
            .values({ key, value: text, updated_at: at })
            .onConflict((oc) => oc.column('key').doNothing())
            .executeTakeFirst();
          return Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
        }
        const r = await db
          .updateTable('settings')
          .set({ value: text, updated_at: at })
          .where('key', '=', key)
          .where('value', '=', expected)
          .executeTakeFirst();
        return Number(r.numUpdatedRows) === 1;
      },
      (written) => written,
    );
  }

  async set(key: string, value: unknown, at: string, audit?: AuditEvent): Promise<void> {
    const row = { key, value: JSON.stringify(value), updated_at: at };
    await audited(
      this.db,
      audit,
      (db) =>
        db
          .insertInto('settings')
          .values(row)
          .onConflict((oc) => oc.column('key').doUpdateSet({ value: row.value, updated_at: row.updated_at }))
          .execute(),
      () => true,
    );
  }
}
