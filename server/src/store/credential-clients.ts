import { sql } from 'kysely';
import { networkPrefix } from '../security/network-prefix.js';
import type { AuditEvent } from './audit.js';
import { type Db, insertAudit } from './rows.js';

// Issue 20, points 1 and 4: a credential's recent clients and the networks it was used from, written in the batch
// that records its use (auth tokens: the last-use flush; OAuth clients: the token grant's own write).

/** At most this many (address, user agent) pairs per credential: the ones seen last are kept. */
export const MAX_CLIENTS_PER_CREDENTIAL = 20;
/** Pairs not seen for this long are dropped. */
export const CLIENT_RETENTION_DAYS = 30;
/** At most this many known networks per credential: the ones seen last are kept. */
export const MAX_NETWORKS_PER_CREDENTIAL = 100;
/** A known network's last-seen time is written again only when it is this much older than a use (for the bound). */
const NETWORK_SEEN_GRANULARITY_MS = 86_400_000;
/** A user agent is kept to this many characters. */
export const MAX_USER_AGENT_LENGTH = 256;

const DAY_MS = 86_400_000;

/** Uses of one credential by one (address, user agent) pair, counted in memory since the last write. */
export interface ClientUse {
  credentialId: string;
  ip: string | null;
  userAgent: string | null;
  firstAt: string;
  lastAt: string;
  count: number;
  /**
   * False when the writer (this process) wrote the pair in the last day: the flush then only adds to its count, and
   * neither trims the credential's pairs nor looks at its network again. Absent: true.
   */
  fresh?: boolean;
}

/** One recent client as the API shows it. */
export interface CredentialClient {
  ip: string | null;
  userAgent: string | null;
  firstSeenAt: string;
  lastSeenAt: string;
  count: number;
}

/** A use from a network the credential had not been used from (and it had been used before). */
export interface NewNetworkUse {
  credentialId: string;
  /** The owner. */
  userId: string;
  /** The token's description, the client's name. */
  name: string;
  ip: string;
  userAgent: string | null;
  /** `198.51.100.0/24`, `2001:db8:1::/48`. */
  network: string;
  at: string;
}

/** Makes the audit event (and so the domain event, and the owner's notification) of a new network's first use. */
export type NewNetworkEventOf = (use: NewNetworkUse) => AuditEvent;

/**
 * What is stored of a user agent: control characters removed, at most 256 characters; null when none is left. The
 * stored form is '' for none (the pair is a primary key, and NULLs never conflict).
 */
export function storedUserAgent(raw: string | null | undefined): string {
  if (!raw) return '';
  const clean = CONTROL.test(raw) ? raw.replace(CONTROLS, '') : raw;
  return clean.length > MAX_USER_AGENT_LENGTH ? clean.slice(0, MAX_USER_AGENT_LENGTH) : clean;
}
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
// eslint-disable-next-line no-control-regex
const CONTROLS = /[\u0000-\u001f\u007f-\u009f]/g;

export const cutoffOf = (nowMs: number, days = CLIENT_RETENTION_DAYS) => new Date(nowMs - days * DAY_MS).toISOString();

/** The tables of one kind of credential. */
export interface CredentialTables {
  clients: 'auth_token_clients' | 'oauth2_client_clients';
  networks: 'auth_token_networks' | 'oauth2_client_networks';
  column: 'token_id' | 'client_id';
  parent: 'auth_tokens' | 'oauth2_clients';
  /** The credential's name column. */
  name: 'description' | 'name';
  /** Auth tokens: a use older than the last regenerate is not recorded (it was the replaced secret's). */
  regenerated: boolean;
}

export const AUTH_TOKEN_TABLES: CredentialTables = {
  clients: 'auth_token_clients',
  networks: 'auth_token_networks',
  column: 'token_id',
  parent: 'auth_tokens',
  name: 'description',
  regenerated: true,
};

export const OAUTH2_CLIENT_TABLES: CredentialTables = {
  clients: 'oauth2_client_clients',
  networks: 'oauth2_client_networks',
  column: 'client_id',
  parent: 'oauth2_clients',
  name: 'name',
  regenerated: false,
};

/**
 * The statements of the write, as SQL text with `?` placeholders (better-sqlite3 prepares them; the Kysely version
 * below binds the same parameters in the same order), so both databases follow one text.
 */
export function clientStatements(t: CredentialTables) {
  const guard = t.regenerated ? ' and (regenerated_at is null or regenerated_at < ?)' : '';
  return {
    /**
     * Params: ip, user agent, first, last, count, id, [last]; cutoff ×2. Changes no row when the credential is gone
     * or (auth tokens) the use was the replaced secret's. A pair last seen before the cutoff starts afresh.
     */
    upsertClient: `insert into ${t.clients} (${t.column}, ip, user_agent, first_seen_at, last_seen_at, count)
       select id, ?, ?, ?, ?, cast(? as bigint) from ${t.parent} where id = ?${guard}
       on conflict (${t.column}, ip, user_agent) do update set
         first_seen_at = case when ${t.clients}.last_seen_at < ? or excluded.first_seen_at < ${t.clients}.first_seen_at
                              then excluded.first_seen_at else ${t.clients}.first_seen_at end,
         count = case when ${t.clients}.last_seen_at < ? then excluded.count
                      else ${t.clients}.count + excluded.count end,
         last_seen_at = case when excluded.last_seen_at > ${t.clients}.last_seen_at
                             then excluded.last_seen_at else ${t.clients}.last_seen_at end`,
    /** Params: id, cutoff, id, limit. Drops the credential's pairs beyond the bound and those older than the cutoff. */
    trimClients: `delete from ${t.clients} where ${t.column} = ? and (last_seen_at < ? or (ip, user_agent) not in
       (select ip, user_agent from ${t.clients} where ${t.column} = ?
         order by last_seen_at desc, ip, user_agent limit ?))`,
    /**
     * Params: id, prefix, at, at; stale-before. Returns first_seen_at when the row was inserted (= at) or its last
     * seen refreshed (an older first seen); nothing when it was known and seen within a day. Runs only after the
     * pair's upsert changed a row, so the credential exists and the use counts.
     */
    upsertNetwork: `insert into ${t.networks} (${t.column}, prefix, first_seen_at, last_seen_at) values (?, ?, ?, ?)
       on conflict (${t.column}, prefix) do update set last_seen_at = excluded.last_seen_at
        where ${t.networks}.last_seen_at < ?
       returning first_seen_at`,
    /** Params: id. */
    countNetworks: `select count(*) as n from ${t.networks} where ${t.column} = ?`,
    /** Params: id, id, limit. */
    trimNetworks: `delete from ${t.networks} where ${t.column} = ? and prefix not in
       (select prefix from ${t.networks} where ${t.column} = ? order by last_seen_at desc, prefix limit ?)`,
    /** Params: id. */
    owner: `select user_id, ${t.name} as name from ${t.parent} where id = ?`,
  };
}

/** A statement's text with Kysely's parameters in place of `?`, in order. */
function bind(text: string, params: readonly unknown[]) {
  const parts = text.split('?');
  return sql.join(
    parts.map((p, i) => (i === 0 ? sql.raw(p) : sql`${params[i - 1]}${sql.raw(p)}`)),
    sql.raw(''),
  );
}

/**
 * The parameters of each statement for one use, shared by both implementations so they cannot drift. `cutoff`: the
 * retention's start (cutoffOf), computed once per batch.
 */
export function clientParams(t: CredentialTables, u: ClientUse, cutoff: string) {
  const id = u.credentialId;
  const ip = u.ip ?? '';
  const ua = storedUserAgent(u.userAgent);
  return {
    upsertClient: t.regenerated
      ? [ip, ua, u.firstAt, u.lastAt, u.count, id, u.lastAt, cutoff, cutoff]
      : [ip, ua, u.firstAt, u.lastAt, u.count, id, cutoff, cutoff],
    trimClients: [id, cutoff, id, MAX_CLIENTS_PER_CREDENTIAL],
  };
}

/** The network statements' parameters for a use from an address; undefined when it is none. */
export function networkParams(u: ClientUse) {
  const prefix = networkPrefix(u.ip);
  if (!prefix) return undefined;
  const id = u.credentialId;
  const staleBefore = new Date(Date.parse(u.lastAt) - NETWORK_SEEN_GRANULARITY_MS).toISOString();
  return {
    prefix,
    upsertNetwork: [id, prefix, u.lastAt, u.lastAt, staleBefore],
    countNetworks: [id],
    trimNetworks: [id, id, MAX_NETWORKS_PER_CREDENTIAL],
    owner: [id],
  };
}

/** Uses in one lock order (credential, address, user agent): replicas' concurrent batches cannot deadlock. */
export function inLockOrder(uses: readonly ClientUse[]): ClientUse[] {
  const keyed = uses.map((u) => ({ u, k: [u.credentialId, u.ip ?? '', storedUserAgent(u.userAgent)] as const }));
  keyed.sort((a, b) => {
    for (let i = 0; i < 3; i++) if (a.k[i] !== b.k[i]) return a.k[i]! < b.k[i]! ? -1 : 1;
    return 0;
  });
  return keyed.map((x) => x.u);
}

/** Uses by the time of their first use: the order their networks are learnt in (the first address is reported). */
export const inUseOrder = (uses: readonly ClientUse[]): ClientUse[] =>
  [...uses].sort((a, b) => (a.firstAt < b.firstAt ? -1 : a.firstAt > b.firstAt ? 1 : 0));

/**
 * Writes one credential's uses on the transaction given (Kysely: PostgreSQL, and OAuth clients on SQLite): each pair
 * added to the recent clients, and for a pair new to the writer (`fresh`), the bound and the retention applied and
 * the address's network learnt. A network newly inserted for a credential that knew others is news: its audit event
 * (and domain event) is written in the same transaction. Only a row this transaction inserted counts (INSERT … ON
 * CONFLICT … RETURNING), so two replicas flushing the same new network notify once. Returns the events written.
 */
export async function writeClientUses(
  trx: Db,
  t: CredentialTables,
  uses: readonly ClientUse[],
  nowMs: number,
  newNetworkEvent?: NewNetworkEventOf,
): Promise<AuditEvent[]> {
  const q = clientStatements(t);
  const cutoff = cutoffOf(nowMs);
  const written: AuditEvent[] = [];
  const fresh: ClientUse[] = [];
  for (const u of uses) {
    const p = clientParams(t, u, cutoff);
    const r = await bind(q.upsertClient, p.upsertClient).execute(trx);
    // No row: the credential is gone, or the use was the replaced secret's.
    if (Number(r.numAffectedRows ?? 0) === 0 || u.fresh === false) continue;
    await bind(q.trimClients, p.trimClients).execute(trx);
    fresh.push(u);
  }
  for (const u of inUseOrder(fresh)) {
    const p = networkParams(u);
    if (!p) continue;
    const net = await bind(q.upsertNetwork, p.upsertNetwork).execute(trx);
    if ((net.rows[0] as { first_seen_at: string } | undefined)?.first_seen_at !== u.lastAt) continue;
    const n = Number(((await bind(q.countNetworks, p.countNetworks).execute(trx)).rows[0] as { n: number | string }).n);
    if (n > MAX_NETWORKS_PER_CREDENTIAL) await bind(q.trimNetworks, p.trimNetworks).execute(trx);
    // The first network a credential is used from is recorded silently: nothing was known to compare with.
    if (n <= 1 || !newNetworkEvent) continue;
    const owner = (await bind(q.owner, p.owner).execute(trx)).rows[0] as { user_id: string; name: string } | undefined;
    if (!owner) continue;
    const event = newNetworkEvent(newNetworkUse(u, owner, p.prefix));
    await insertAudit(trx, event);
    written.push(event);
  }
  return written;
}

export const newNetworkUse = (
  u: ClientUse,
  owner: { user_id: string; name: string },
  network: string,
): NewNetworkUse => ({
  credentialId: u.credentialId,
  userId: owner.user_id,
  name: owner.name,
  ip: u.ip ?? '',
  userAgent: storedUserAgent(u.userAgent) || null,
  network,
  at: u.lastAt,
});

/** A credential's recent clients seen since `since`, newest last-seen first. */
export async function listClients(db: Db, t: CredentialTables, id: string, since: string): Promise<CredentialClient[]> {
  const { rows } = await bind(
    `select ip, user_agent, first_seen_at, last_seen_at, count from ${t.clients}
      where ${t.column} = ? and last_seen_at >= ? order by last_seen_at desc, ip, user_agent limit ?`,
    [id, since, MAX_CLIENTS_PER_CREDENTIAL],
  ).execute(db);
  return (
    rows as { ip: string; user_agent: string; first_seen_at: string; last_seen_at: string; count: number | string }[]
  ).map((r) => ({
    ip: r.ip || null,
    userAgent: r.user_agent || null,
    firstSeenAt: r.first_seen_at,
    lastSeenAt: r.last_seen_at,
    count: Number(r.count),
  }));
}

/** Drops every pair not seen since `before` (the retention job); returns how many. */
export async function purgeClients(db: Db, before: string): Promise<number> {
  let n = 0;
  for (const table of ['auth_token_clients', 'oauth2_client_clients'] as const) {
    const r = await db.deleteFrom(table).where('last_seen_at', '<', before).executeTakeFirst();
    n += Number(r.numDeletedRows);
  }
  return n;
}

/** The retention of recent clients across every credential (a job's; the flushes trim only what they touch). */
export interface CredentialClientRepository {
  /** Drops every pair, of every credential, last seen before `before`; returns how many. */
  purge(before: string): Promise<number>;
}

export class KyselyCredentialClientRepository implements CredentialClientRepository {
  constructor(private readonly db: Db) {}

  purge(before: string) {
    return purgeClients(this.db, before);
  }
}

export const CLIENT_RETENTION_JOB = 'credential-clients.purge';

/** Drops the recent clients older than the retention, every `intervalMs` (an index range on last_seen_at). */
export const clientRetentionJob = (clients: CredentialClientRepository, intervalMs: number) => ({
  name: CLIENT_RETENTION_JOB,
  intervalMs,
  run: async ({ now }: { now: Date }) => {
    await clients.purge(cutoffOf(now.getTime()));
  },
});

/**
 * Merges uses still held in memory into the stored clients (a GET right after a use shows it), newest first,
 * bounded as stored.
 */
export function withPending(
  stored: readonly CredentialClient[],
  pending: readonly ClientUse[],
  since: string,
): CredentialClient[] {
  const key = (ip: string | null, ua: string | null) => `${ip ?? ''}\n${ua ?? ''}`;
  const merged = new Map(stored.map((c) => [key(c.ip, c.userAgent), { ...c }]));
  for (const u of pending) {
    if (u.lastAt < since) continue;
    const ua = storedUserAgent(u.userAgent) || null;
    const k = key(u.ip, ua);
    const c = merged.get(k);
    if (!c) {
      merged.set(k, { ip: u.ip, userAgent: ua, firstSeenAt: u.firstAt, lastSeenAt: u.lastAt, count: u.count });
      continue;
    }
    c.count += u.count;
    if (u.lastAt > c.lastSeenAt) c.lastSeenAt = u.lastAt;
    if (u.firstAt < c.firstSeenAt) c.firstSeenAt = u.firstAt;
  }
  return [...merged.values()]
    .sort((a, b) => (a.lastSeenAt < b.lastSeenAt ? 1 : a.lastSeenAt > b.lastSeenAt ? -1 : 0))
    .slice(0, MAX_CLIENTS_PER_CREDENTIAL);
}
