import type { AuditEvent } from './audit.js';
import { type Db, audited } from './rows.js';

/** Run-time settings an administrator changes without a restart, read where they apply (on every replica). */
export interface SettingsRepository {
  /** The key's value as it was written, or undefined when it never was. */
  get<T>(key: string): Promise<T | undefined>;
  /** Writes the key's value (JSON) and, when given, its audit row in one transaction. */
  set(key: string, value: unknown, at: string, audit?: AuditEvent): Promise<void>;
}

export class KyselySettingsRepository implements SettingsRepository {
  constructor(protected readonly db: Db) {}

  async get<T>(key: string): Promise<T | undefined> {
    const r = await this.db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst();
    return r ? (JSON.parse(r.value) as T) : undefined;
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
