import type { Selectable } from 'kysely';
import type { AuditEvent } from './audit.js';
import { audited, type Db } from './rows.js';
import type { WebhooksTable } from './schema.js';

/** An administrator's webhook endpoint as stored: the secret only sealed (webhooks/secret.ts). */
export interface Webhook {
  id: string;
  url: string;
  description: string;
  /** Event types and wildcards (`auth_token.*`, `*`). */
  events: string[];
  secretSealed: string;
  createdAt: string;
  createdBy: { id: string; username: string } | null;
  updatedAt: string;
  disabledAt: string | null;
}

export type WebhookChange = Partial<Pick<Webhook, 'url' | 'description' | 'events' | 'secretSealed' | 'disabledAt'>> & {
  updatedAt: string;
};

/** The endpoints (migration 0930); each change is written with its audit row in one transaction. */
export interface WebhookRepository {
  create(webhook: Webhook, audit: AuditEvent): Promise<void>;
  get(id: string): Promise<Webhook | undefined>;
  /** Every endpoint, newest first (an organisation has a handful). */
  list(): Promise<Webhook[]>;
  /** The endpoints that take deliveries now (not disabled). */
  enabled(): Promise<Webhook[]>;
  /** False when there is no such endpoint. */
  update(id: string, change: WebhookChange, audit: AuditEvent): Promise<boolean>;
  /** Deletes the endpoint and its deliveries; false when there is no such endpoint. */
  delete(id: string, audit: AuditEvent): Promise<boolean>;
}

type Row = Selectable<WebhooksTable> & { created_by_username: string | null };

const toWebhook = (r: Row): Webhook => ({
  id: r.id,
  url: r.url,
  description: r.description,
  events: JSON.parse(r.events) as string[],
  secretSealed: r.secret_sealed,
  createdAt: r.created_at,
  createdBy: r.created_by && r.created_by_username ? { id: r.created_by, username: r.created_by_username } : null,
  updatedAt: r.updated_at,
  disabledAt: r.disabled_at,
});

export class KyselyWebhookRepository implements WebhookRepository {
  constructor(private readonly db: Db) {}

  private select() {
    return this.db
      .selectFrom('webhooks')
      .leftJoin('users', 'users.id', 'webhooks.created_by')
      .selectAll('webhooks')
      .select('users.username as created_by_username');
  }

  async create(w: Webhook, audit: AuditEvent): Promise<void> {
    await audited(
      this.db,
      audit,
      (db) =>
        db
          .insertInto('webhooks')
          .values({
            id: w.id,
            url: w.url,
            description: w.description,
            events: JSON.stringify(w.events),
            secret_sealed: w.secretSealed,
            created_at: w.createdAt,
            created_by: w.createdBy?.id ?? null,
            updated_at: w.updatedAt,
            disabled_at: w.disabledAt,
          })
          .execute(),
      () => true,
    );
  }

  async get(id: string): Promise<Webhook | undefined> {
    const r = await this.select().where('webhooks.id', '=', id).executeTakeFirst();
    return r ? toWebhook(r) : undefined;
  }

  async list(): Promise<Webhook[]> {
    const rows = await this.select().orderBy('webhooks.created_at', 'desc').orderBy('webhooks.id', 'desc').execute();
    return rows.map(toWebhook);
  }

  async enabled(): Promise<Webhook[]> {
    const rows = await this.select().where('webhooks.disabled_at', 'is', null).execute();
    return rows.map(toWebhook);
  }

  async update(id: string, c: WebhookChange, audit: AuditEvent): Promise<boolean> {
    return audited(
      this.db,
      audit,
      async (db) => {
        const r = await db
          .updateTable('webhooks')
          .set({
            updated_at: c.updatedAt,
            ...(c.url !== undefined ? { url: c.url } : {}),
            ...(c.description !== undefined ? { description: c.description } : {}),
            ...(c.events !== undefined ? { events: JSON.stringify(c.events) } : {}),
            ...(c.secretSealed !== undefined ? { secret_sealed: c.secretSealed } : {}),
            ...(c.disabledAt !== undefined ? { disabled_at: c.disabledAt } : {}),
          })
          .where('id', '=', id)
          .executeTakeFirst();
        return Number(r.numUpdatedRows) > 0;
      },
      (done) => done,
    );
  }

  async delete(id: string, audit: AuditEvent): Promise<boolean> {
    return audited(
      this.db,
      audit,
      async (db) => {
        // Explicit, not only the foreign key's cascade: a database opened without foreign keys keeps no orphans.
        await db.deleteFrom('webhook_deliveries').where('webhook_id', '=', id).execute();
        const r = await db.deleteFrom('webhooks').where('id', '=', id).executeTakeFirst();
        return Number(r.numDeletedRows) > 0;
      },
      (done) => done,
    );
  }
}
