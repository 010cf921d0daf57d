import { performance } from 'node:perf_hooks';
import type { Logger } from 'pino';
import type { AuditEvent, AuthTokenRepository, ClientUse, LastUse, NewNetworkEventOf } from '../store/store.js';

/** A token's use is written again only when it is this much newer than the one last written, or from elsewhere. */
export const LAST_USE_GRANULARITY_MS = 60_000;

/**
 * Up to this much more (a share of the granularity, fixed per token) before a token's use and pairs are due again.
 * Tokens first written in one flush (all those in use when a replica starts) were otherwise due again together, every
 * minute, for good: one flush wrote them all at once (10,000 tokens: about a second of PostgreSQL work in one burst,
 * ADR 0004 §5). Spread, each flush writes a share of them.
 */
export const LAST_USE_SPREAD = 0.5;

/** The token's own delay in [0, spreadMs): FNV-1a of its id, so it is the same at every flush and on every replica. */
function spreadOf(tokenId: string, spreadMs: number): number {
  if (spreadMs <= 0) return 0;
  let h = 0x811c9dc5;
  for (let i = 0; i < tokenId.length; i++) h = Math.imul(h ^ tokenId.charCodeAt(i), 0x01000193);
  return ((h >>> 0) / 0x1_0000_0000) * spreadMs;
}

/** At most this many (address, user agent) pairs per token are counted in memory between two flushes. */
const MAX_PAIRS_IN_MEMORY = 20;

/** Uses of a token by one (address, user agent) pair since the pair was last written (ms since the epoch). */
interface PairCount {
  ip: string | null;
  /** As the request sent it: truncated and cleaned only when written. */
  userAgent: string | undefined;
  first: number;
  last: number;
  count: number;
  /** Wall-clock ms of the flush that last wrote the pair; 0: never written by this process. */
  writtenAt: number;
  /** When the pair is due to be written again (writtenAt + the granularity + the token's spread). */
  dueAt: number;
  /** Wall-clock ms of the flush that last wrote it as fresh (bound trimmed, network learnt); 0: never. */
  learntAt: number;
}

/** A pair written by this process is handed to the store as fresh again after this long (the network's last seen). */
const RELEARN_MS = 86_400_000;

/** A token's pairs in this process; `last` is the pair of the latest use, compared first. */
interface TokenPairs {
  last: PairCount;
  pairs: PairCount[];
}

/**
 * Keeps the latest use of each token in memory and writes them in one transaction every few seconds. "Last used" is
 * kept to the minute, as GitLab does (to ten minutes there): a use from the same address less than
 * LAST_USE_GRANULARITY_MS (plus the token's share of LAST_USE_SPREAD, under 30 s) after the use this process last
 * wrote for the token is not recorded again. A script calling the API many times a second thus costs one row write
 * a minute or so, not one per flush, and its requests allocate nothing here. A use from another address is always
 * recorded, so the address shown is never stale.
 */
export class LastUseRecorder {
  private pending = new Map<string, LastUse>();
  /** Per token, the address of the use this process last handed to the store, and when the next one is due (ms). */
  private written = new Map<string, { ip: string | null; due: number }>();
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();
  /** Issue 20: per token, the (address, user agent) pairs counted since each was last written. */
  private clients = new Map<string, TokenPairs>();
  private newNetworkEvent: NewNetworkEventOf | undefined;
  private onNewNetworks: ((events: AuditEvent[]) => void) | undefined;
  private onFlushed: ((seconds: number, tokens: number, failed: boolean) => void) | undefined;

  constructor(
    private readonly tokens: Pick<AuthTokenRepository, 'recordLastUses'>,
    private readonly logger: Logger,
    private readonly intervalMs: number,
    private readonly granularityMs = LAST_USE_GRANULARITY_MS,
    private readonly spreadMs = granularityMs * LAST_USE_SPREAD,
  ) {}

  /**
   * How a flush makes the audit event of a token's first use from a new network (written in the flush's
   * transaction), and what is told once it is written (the audit log line).
   */
  reportNewNetworks(eventOf: NewNetworkEventOf, written: (events: AuditEvent[]) => void) {
    this.newNetworkEvent = eventOf;
    this.onNewNetworks = written;
  }

  /** Told of each flush that wrote something: how long it took, how many tokens' uses, whether a write failed. */
  observeFlushes(flushed: (seconds: number, tokens: number, failed: boolean) => void) {
    this.onFlushed = flushed;
  }

  start() {
    this.timer ??= setInterval(() => void this.flush(), this.intervalMs);
    this.timer.unref();
  }

  /**
   * A use at atMs (ms since the epoch) by a client sending `userAgent`; the timestamp's text is made only for a use
   * that is kept. A use by the same pair as the token's previous one costs a comparison and a counter: no string is
   * built, nothing is allocated (a new pair takes the slow path once).
   */
  record(tokenId: string, ip: string | null, atMs = Date.now(), userAgent?: string) {
    const mine = this.clients.get(tokenId);
    const pair = mine?.last;
    if (pair !== undefined && pair.ip === ip && pair.userAgent === userAgent) {
      if (pair.count === 0) pair.first = atMs;
      pair.count++;
      pair.last = atMs;
    } else this.countNewPair(tokenId, mine, ip, userAgent, atMs);
    const last = this.written.get(tokenId);
    if (last !== undefined && last.ip === ip && atMs < last.due) return;
    this.pending.set(tokenId, { tokenId, at: new Date(atMs).toISOString(), ip });
  }

  /** The slow path: a pair other than the token's previous one. */
  private countNewPair(
    tokenId: string,
    mine: TokenPairs | undefined,
    ip: string | null,
    userAgent: string | undefined,
    atMs: number,
  ) {
    let pair = mine?.pairs.find((p) => p.ip === ip && p.userAgent === userAgent);
    if (pair) {
      if (pair.count === 0) pair.first = atMs;
      pair.count++;
      pair.last = atMs;
    } else {
      pair = { ip, userAgent, first: atMs, last: atMs, count: 1, writtenAt: 0, dueAt: 0, learntAt: 0 };
      if (!mine) this.clients.set(tokenId, (mine = { last: pair, pairs: [] }));
      // Bounded as stored: the pair used longest ago gives way (its uncounted uses are lost: the count is approximate).
      if (mine.pairs.length >= MAX_PAIRS_IN_MEMORY) {
        let oldest = 0;
        for (let i = 1; i < mine.pairs.length; i++) if (mine.pairs[i]!.last < mine.pairs[oldest]!.last) oldest = i;
        mine.pairs.splice(oldest, 1);
      }
      mine.pairs.push(pair);
    }
    mine!.last = pair;
  }

  /** Forgets what this process knows of the token's use: its secret was replaced, the next use is news. */
  forget(tokenId: string) {
    this.pending.delete(tokenId);
    this.written.delete(tokenId);
    this.clients.delete(tokenId);
  }

  /** The token's client uses counted but not yet written, so reads can show them without waiting for a flush. */
  peekClients(tokenId: string): ClientUse[] {
    const mine = this.clients.get(tokenId);
    if (!mine) return [];
    return mine.pairs.filter((p) => p.count > 0).map((p) => clientUse(tokenId, p));
  }

  /**
   * The pairs to write now, their counts reset: a pair never written, or written a granularity ago (`all`: every
   * pair with uses, at shutdown). A pair idle for a granularity is forgotten, and a token with none left.
   */
  private takeClients(all: boolean): { batch: ClientUse[]; taken: PairCount[] } {
    const now = Date.now();
    const batch: ClientUse[] = [];
    const taken: PairCount[] = [];
    for (const [tokenId, mine] of this.clients) {
      for (const p of mine.pairs) {
        if (p.count > 0 && (all || now >= p.dueAt)) {
          const fresh = p.learntAt === 0 || now - p.learntAt >= RELEARN_MS;
          batch.push(clientUse(tokenId, p, fresh));
          taken.push(p);
          p.count = 0;
          p.writtenAt = now;
          p.dueAt = now + this.granularityMs + spreadOf(tokenId, this.spreadMs);
          if (fresh) p.learntAt = now;
        }
      }
      mine.pairs = mine.pairs.filter((p) => p.count > 0 || now - p.writtenAt < this.granularityMs || p === mine.last);
      if (mine.pairs.length === 1 && mine.last.count === 0 && now - mine.last.writtenAt >= this.granularityMs)
        this.clients.delete(tokenId);
    }
    return { batch, taken };
  }

  /** What has been recorded but not yet written, so reads can show it without waiting for a flush. */
  peek(tokenId: string): LastUse | undefined {
    return this.pending.get(tokenId);
  }

  /** Writes what is due; `all`: every client pair with uses too (at shutdown, and for tests). */
  flush(all = false): Promise<void> {
    this.flushing = this.flushing.then(async () => {
      const { batch: clients, taken } = this.takeClients(all);
      if (this.pending.size === 0 && clients.length === 0) return;
      const started = performance.now();
      const batch = [...this.pending.values()];
      this.pending = new Map();
      // What was written a granularity ago no longer holds anything back: keep the map to the tokens in use.
      const horizon = Date.now();
      for (const [id, w] of this.written) if (w.due <= horizon) this.written.delete(id);
      let failed: { err: string; count: number } | undefined;
      const chunks = chunksByToken(batch, clients, taken);
      for (const [i, chunk] of chunks.entries()) {
        // Requests are served between two writes (SQLite's are synchronous; promises alone would not yield).
        if (i > 0) await new Promise((resolve) => setImmediate(resolve));
        try {
          const events = await this.tokens.recordLastUses(chunk.uses, chunk.clients, this.newNetworkEvent);
          for (const u of chunk.uses) {
            const due = Date.parse(u.at) + this.granularityMs + spreadOf(u.tokenId, this.spreadMs);
            this.written.set(u.tokenId, { ip: u.ip, due });
          }
          if (events.length > 0) this.onNewNetworks?.(events);
        } catch (err) {
          // Keep what failed unless a newer use arrived meanwhile; try again next tick.
          for (const u of chunk.uses) if (!this.pending.has(u.tokenId)) this.pending.set(u.tokenId, u);
          chunk.clients.forEach((c, i) => {
            const p = chunk.taken[i]!;
            p.count += c.count;
            p.first = Math.min(p.first, Date.parse(c.firstAt));
            p.writtenAt = 0;
            p.dueAt = 0;
            p.learntAt = 0;
          });
          failed = { err: (err as Error).message, count: (failed?.count ?? 0) + chunk.uses.length };
        }
      }
      if (failed) this.logger.warn(failed, 'last-used flush failed; will retry');
      this.onFlushed?.((performance.now() - started) / 1000, batch.length, failed !== undefined);
    });
    return this.flushing;
  }

  async stop() {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.flush(true);
  }
}

/** Tokens per write: a flush of many new pairs is several short transactions, not one long one (SQLite's is synchronous). */
const TOKENS_PER_WRITE = 1000;

/** The flush's batch cut into writes of at most TOKENS_PER_WRITE tokens, each token's uses in one of them. */
function chunksByToken(uses: LastUse[], clients: ClientUse[], taken: PairCount[]) {
  const byToken = new Map<string, { uses: LastUse[]; clients: ClientUse[]; taken: PairCount[] }>();
  const of = (id: string) => {
    let e = byToken.get(id);
    if (!e) byToken.set(id, (e = { uses: [], clients: [], taken: [] }));
    return e;
  };
  for (const u of uses) of(u.tokenId).uses.push(u);
  clients.forEach((c, i) => {
    const e = of(c.credentialId);
    e.clients.push(c);
    e.taken.push(taken[i]!);
  });
  const chunks: { uses: LastUse[]; clients: ClientUse[]; taken: PairCount[] }[] = [];
  let n = 0;
  for (const e of byToken.values()) {
    if (n++ % TOKENS_PER_WRITE === 0) chunks.push({ uses: [], clients: [], taken: [] });
    const c = chunks[chunks.length - 1]!;
    c.uses.push(...e.uses);
    c.clients.push(...e.clients);
    c.taken.push(...e.taken);
  }
  return chunks;
}

const clientUse = (tokenId: string, p: PairCount, fresh = true): ClientUse => ({
  credentialId: tokenId,
  ip: p.ip,
  userAgent: p.userAgent ?? null,
  firstAt: new Date(p.first).toISOString(),
  lastAt: new Date(p.last).toISOString(),
  count: p.count,
  fresh,
});
