import { sql } from 'kysely';
import type { AuditEvent } from './audit.js';
import type { LastUse } from './auth-tokens.js';
import {
  MAX_CLIENTS_PER_CREDENTIAL,
  MAX_NETWORKS_PER_CREDENTIAL,
  type ClientUse,
  type NewNetworkEventOf,
  cutoffOf,
  inUseOrder,
  newNetworkUse,
  storedUserAgent,
} from './credential-clients.js';
import { networkPrefix } from '../security/network-prefix.js';
import { domainEventOf } from '../events/catalog.js';
import { domainEventRow } from './domain-events.js';
import { type Db, auditRow } from './rows.js';

// The last-used flush on PostgreSQL as a constant number of statements per batch (issue 20, performance): the same
// rules as store/credential-clients.ts writeClientUses (which OAuth clients still use, one grant at a time), but each
// step is one statement over arrays (unnest) instead of ~4 round trips per token. Tokens per statement are bounded
// (ROWS_PER_STATEMENT), so a caller passing a larger batch gets several statements, not one huge one.

/** At most this many tokens (last uses, locks) or pairs/networks per statement. */
export const ROWS_PER_STATEMENT = 2000;

const NETWORK_SEEN_GRANULARITY_MS = 86_400_000;

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function* chunked<T>(rows: readonly T[], size = ROWS_PER_STATEMENT): Generator<T[]> {
  for (let i = 0; i < rows.length; i += size) yield rows.slice(i, i + size);
}

/** One row per stored pair (the stored user agent can merge two raw ones; ON CONFLICT may touch a row once). */
interface Pair {
  id: string;
  ip: string;
  ua: string;
  firstAt: string;
  lastAt: string;
  count: number;
  uses: ClientUse[];
}

function mergedPairs(clients: readonly ClientUse[]): Pair[] {
  const pairs = new Map<string, Pair>();
  for (const u of clients) {
    const ip = u.ip ?? '';
    const ua = storedUserAgent(u.userAgent);
    const key = `${u.credentialId}\n${ip}\n${ua}`;
    const p = pairs.get(key);
    if (!p) {
      pairs.set(key, { id: u.credentialId, ip, ua, firstAt: u.firstAt, lastAt: u.lastAt, count: u.count, uses: [u] });
      continue;
    }
    p.count += u.count;
    if (u.firstAt < p.firstAt) p.firstAt = u.firstAt;
    if (u.lastAt > p.lastAt) p.lastAt = u.lastAt;
    p.uses.push(u);
  }
  // One lock order (credential, address, user agent) for every replica's batch.
  return [...pairs.values()].sort((a, b) => byText(a.id, b.id) || byText(a.ip, b.ip) || byText(a.ua, b.ua));
}

/**
 * Writes one flush's last uses and client uses of auth tokens in the transaction given; returns the new-network
 * events written (audit + domain event, in this transaction).
 *
 * Locks, for concurrent replicas: first a transaction-scoped advisory lock per token with clients, in one sorted
 * order, so two replicas never write one token's pairs and networks at once (a pair upserted by one and trimmed by
 * the other would deadlock; FOR SHARE alone does not exclude another FOR SHARE). Then FOR SHARE on every token row of
 * the batch, in id order: a concurrent regenerate is waited for, and the statements after see its regenerated_at.
 */
export async function flushLastUsesPostgres(
  trx: Db,
  uses: readonly LastUse[],
  clients: readonly ClientUse[],
  nowMs: number,
  newNetworkEvent?: NewNetworkEventOf,
): Promise<AuditEvent[]> {
  const cutoff = cutoffOf(nowMs);
  const pairs = mergedPairs(clients);
  const clientTokens = [...new Set(pairs.map((p) => p.id))].sort(byText);
  // A token's newest use only (a batch holds one per token; a caller passing more must not fail the upsert).
  const lastUse = new Map<string, LastUse>();
  for (const u of uses) {
    const had = lastUse.get(u.tokenId);
    if (!had || had.at < u.at) lastUse.set(u.tokenId, u);
  }
  const allTokens = [...new Set([...lastUse.keys(), ...clientTokens])].sort(byText);

  for (const ids of chunked(clientTokens))
    await sql`select pg_advisory_xact_lock(hashtextextended('tessera.clients ' || s.id, 0))
                from unnest(${ids}::text[]) as s(id)`.execute(trx);
  for (const ids of chunked(allTokens))
    await sql`select id from auth_tokens where id = any(${ids}::text[]) order by id for share`.execute(trx);

  // Last uses: not one older than the token's regenerate (the replaced secret's); never an older over a newer.
  const sortedUses = [...lastUse.values()].sort((a, b) => byText(a.tokenId, b.tokenId));
  for (const us of chunked(sortedUses))
    await sql`insert into auth_token_usage (token_id, last_used_at, last_used_ip)
      select t.id, u.at, u.ip
        from unnest(${us.map((u) => u.tokenId)}::text[], ${us.map((u) => u.at)}::text[],
                    ${us.map((u) => u.ip)}::text[]) as u(id, at, ip)
        join auth_tokens t on t.id = u.id
       where t.regenerated_at is null or t.regenerated_at < u.at
       order by t.id
      on conflict (token_id) do update set last_used_at = excluded.last_used_at, last_used_ip = excluded.last_used_ip
       where auth_token_usage.last_used_at is null or auth_token_usage.last_used_at < excluded.last_used_at`.execute(
      trx,
    );

  // The pairs: a pair last seen before the cutoff starts afresh. RETURNING: the pairs whose use counted (the token
  // exists, the use is not older than its regenerate).
  const written = new Set<string>();
  for (const ps of chunked(pairs)) {
    const { rows } = await sql<{ token_id: string; ip: string; user_agent: string }>`
      insert into auth_token_clients (token_id, ip, user_agent, first_seen_at, last_seen_at, count)
      select t.id, u.ip, u.ua, u.first_at, u.last_at, u.n
        from unnest(${ps.map((p) => p.id)}::text[], ${ps.map((p) => p.ip)}::text[], ${ps.map((p) => p.ua)}::text[],
                    ${ps.map((p) => p.firstAt)}::text[], ${ps.map((p) => p.lastAt)}::text[],
                    ${ps.map((p) => p.count)}::bigint[]) with ordinality as u(id, ip, ua, first_at, last_at, n, ord)
        join auth_tokens t on t.id = u.id
       where t.regenerated_at is null or t.regenerated_at < u.last_at
       order by u.ord
      on conflict (token_id, ip, user_agent) do update set
        first_seen_at = case when auth_token_clients.last_seen_at < ${cutoff}
                               or excluded.first_seen_at < auth_token_clients.first_seen_at
                             then excluded.first_seen_at else auth_token_clients.first_seen_at end,
        count = case when auth_token_clients.last_seen_at < ${cutoff} then excluded.count
                     else auth_token_clients.count + excluded.count end,
        last_seen_at = case when excluded.last_seen_at > auth_token_clients.last_seen_at
                            then excluded.last_seen_at else auth_token_clients.last_seen_at end
      returning token_id, ip, user_agent`.execute(trx);
    for (const r of rows) written.add(`${r.token_id}\n${r.ip}\n${r.user_agent}`);
  }
  // Uses new to the writer (fresh) of pairs that counted: their credentials are trimmed, their networks learnt.
  const fresh = pairs
    .filter((p) => written.has(`${p.id}\n${p.ip}\n${p.ua}`))
    .flatMap((p) => p.uses.filter((u) => u.fresh !== false));
  if (fresh.length === 0) return [];

  // The bound (the 20 seen last) and the retention, for each credential with a fresh pair.
  const trimmed = [...new Set(fresh.map((u) => u.credentialId))].sort(byText);
  for (const ids of chunked(trimmed))
    await sql`delete from auth_token_clients c using (
        select token_id, ip, user_agent from (
          select token_id, ip, user_agent, last_seen_at,
                 row_number() over (partition by token_id order by last_seen_at desc, ip, user_agent) as rank
            from auth_token_clients where token_id = any(${ids}::text[])) r
         where r.rank > ${MAX_CLIENTS_PER_CREDENTIAL} or r.last_seen_at < ${cutoff}) d
      where c.token_id = d.token_id and c.ip = d.ip and c.user_agent = d.user_agent`.execute(trx);

  // The networks, learnt in use order: of one credential's uses from one network, the earliest is the one reported.
  const learnt = new Map<string, { u: ClientUse; prefix: string }>();
  for (const u of inUseOrder(fresh)) {
    const prefix = networkPrefix(u.ip);
    const key = `${u.credentialId}\n${prefix}`;
    if (prefix && !learnt.has(key)) learnt.set(key, { u, prefix });
  }
  const nets = [...learnt.values()].sort(
    (a, b) => byText(a.u.credentialId, b.u.credentialId) || byText(a.prefix, b.prefix),
  );
  // A known network seen again is written only when its last seen is a day old (the bound keeps those seen last).
  for (const ns of chunked(nets))
    await sql`update auth_token_networks n set last_seen_at = u.at
        from unnest(${ns.map((x) => x.u.credentialId)}::text[], ${ns.map((x) => x.prefix)}::text[],
                    ${ns.map((x) => x.u.lastAt)}::text[],
                    ${ns.map((x) => new Date(Date.parse(x.u.lastAt) - NETWORK_SEEN_GRANULARITY_MS).toISOString())}::text[])
             as u(id, prefix, at, stale_before)
       where n.token_id = u.id and n.prefix = u.prefix and n.last_seen_at < u.stale_before`.execute(trx);
  // Only the rows this transaction inserted are new (under the advisory lock no replica inserts them meanwhile; one
  // that did before is seen, and its row is not news twice).
  const inserted = new Set<string>();
  for (const ns of chunked(nets)) {
    const { rows } = await sql<{ token_id: string; prefix: string }>`
      insert into auth_token_networks (token_id, prefix, first_seen_at, last_seen_at)
      select u.id, u.prefix, u.at, u.at
        from unnest(${ns.map((x) => x.u.credentialId)}::text[], ${ns.map((x) => x.prefix)}::text[],
                    ${ns.map((x) => x.u.lastAt)}::text[]) with ordinality as u(id, prefix, at, ord)
       order by u.ord
      on conflict (token_id, prefix) do nothing
      returning token_id, prefix`.execute(trx);
    for (const r of rows) inserted.add(`${r.token_id}\n${r.prefix}`);
  }
  if (inserted.size === 0) return [];
  const news = nets.filter((x) => inserted.has(`${x.u.credentialId}\n${x.prefix}`));
  const grown = [...new Set(news.map((x) => x.u.credentialId))].sort(byText);
  const counts = new Map<string, number>();
  for (const ids of chunked(grown)) {
    const { rows } = await sql<{ token_id: string; n: string | number }>`
      select token_id, count(*) as n from auth_token_networks where token_id = any(${ids}::text[])
       group by token_id`.execute(trx);
    for (const r of rows) counts.set(r.token_id, Number(r.n));
  }
  const full = grown.filter((id) => (counts.get(id) ?? 0) > MAX_NETWORKS_PER_CREDENTIAL);
  for (const ids of chunked(full))
    await sql`delete from auth_token_networks n using (
        select token_id, prefix from (
          select token_id, prefix,
                 row_number() over (partition by token_id order by last_seen_at desc, prefix) as rank
            from auth_token_networks where token_id = any(${ids}::text[])) r
         where r.rank > ${MAX_NETWORKS_PER_CREDENTIAL}) d
      where n.token_id = d.token_id and n.prefix = d.prefix`.execute(trx);
  if (!newNetworkEvent) return [];

  // The first network a credential is used from is recorded silently: nothing was known to compare with. Of a
  // credential's new networks, in use order, the i-th saw (known before + i) networks, as if written one at a time.
  const perCredential = new Map<string, typeof news>();
  for (const x of [...news].sort((a, b) => byText(a.u.firstAt, b.u.firstAt))) {
    const list = perCredential.get(x.u.credentialId) ?? [];
    list.push(x);
    perCredential.set(x.u.credentialId, list);
  }
  const reported: typeof news = [];
  for (const id of grown) {
    const list = perCredential.get(id)!;
    const knownBefore = counts.get(id)! - list.length;
    list.forEach((x, i) => {
      if (knownBefore + i + 1 > 1) reported.push(x);
    });
  }
  if (reported.length === 0) return [];
  const owners = new Map<string, { user_id: string; name: string }>();
  for (const ids of chunked([...new Set(reported.map((x) => x.u.credentialId))])) {
    const { rows } = await sql<{ id: string; user_id: string; name: string }>`
      select id, user_id, description as name from auth_tokens where id = any(${ids}::text[])`.execute(trx);
    for (const r of rows) owners.set(r.id, r);
  }
  const events: AuditEvent[] = [];
  for (const x of reported) {
    const owner = owners.get(x.u.credentialId);
    if (owner) events.push(newNetworkEvent(newNetworkUse(x.u, owner, x.prefix)));
  }
  for (const es of chunked(events, 500)) {
    await trx.insertInto('audit_events').values(es.map(auditRow)).execute();
    const domain = es.flatMap((e) => {
      const d = domainEventOf(e);
      return d ? [domainEventRow(d)] : [];
    });
    if (domain.length > 0) await trx.insertInto('domain_events').values(domain).execute();
  }
  return events;
}
