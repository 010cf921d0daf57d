import pg from 'pg';
import type { CacheFreshness, CredentialCaches } from './credential-cache.js';
import { CHANGES_CHANNEL } from './migrations/20261212_1000_change_notifications.js';

/** A heartbeat on the listening connection this often (ms). */
export const HEARTBEAT_MS = 200;
/** The memory is trusted while a heartbeat sent at most this long ago (ms) has been answered. */
export const TRUST_MS = 700;
/** A heartbeat unanswered this long (ms): the link is dead though it says nothing; a new connection. */
const STALLED_MS = 1500;
/** Before connecting again after a loss (ms). */
const RETRY_MS = 250;

/** What changed, as migration 20261212_1000's triggers say it. */
export type ChangeKind = 'credentials' | 'policy' | 'signing_keys';

/**
 * PostgreSQL's freshness for the credential memories: a connection of its own (outside the pool, as the job lock's)
 * LISTENs on `tessera_changes`; a change to credentials drops the memories of this process. Silence proves nothing on
 * its own — a frozen link gives no error — so a heartbeat runs on the same connection: PostgreSQL delivers pending
 * notifications before it answers the next command, so an answer to a heartbeat sent at T proves that every change
 * committed before T has arrived. The memory is trusted only while the heartbeat sent within the last TRUST_MS has
 * been answered: a freeze, even right after a revocation, is noticed within TRUST_MS + HEARTBEAT_MS (< 1 s), and the
 * lookups read the tables until a heartbeat is answered again: on the same connection (a late answer, a thawed link)
 * the memory is used as it is, every change sent meanwhile having arrived before that answer; on a new one (a lost
 * link, LISTEN again) it is dropped first (ADR 0014).
 */
export class PostgresChangeListener implements CacheFreshness {
  private client: pg.Client | undefined;
  /** LISTENing on the current client. */
  private listening = false;
  private schema: string | undefined;
  private heartbeatSentAt: number | undefined;
  private answeredSentAt = Number.NEGATIVE_INFINITY;
  /**
   * Notifications may have been lost (a new connection, none yet): drop the memory before it is used again. A late
   * heartbeat on the same connection loses nothing — what was sent meanwhile arrives before its answer — so the
   * memory is only bypassed until then, not dropped: on a loaded machine a dropped memory of every credential in use
   * cost seconds of reads from the tables each time a heartbeat was late.
   */
  private lapsed = false;
  private closed = false;
  private connectedBefore = false;
  private readonly timer: NodeJS.Timeout;
  private readonly subscribers = new Map<ChangeKind, Set<(lagMs: number) => void>>();

  constructor(
    private readonly config: pg.ClientConfig,
    private readonly caches: CredentialCaches,
  ) {
    this.timer = setInterval(() => this.tick(), HEARTBEAT_MS).unref();
    this.connect();
  }

  /** Whether every change committed until TRUST_MS ago is known to have arrived. */
  trusted(now = Date.now()): boolean {
    return this.listening && now - this.answeredSentAt <= TRUST_MS;
  }

  usable(): boolean {
    if (!this.trusted()) return false;
    if (this.lapsed) {
      this.lapsed = false;
      this.caches.invalidate();
    }
    return true;
  }

  /**
   * Calls `handler` with the lag (ms) on every change of this kind in this schema, and after a reconnection (what
   * happened meanwhile is unknown); returns the unsubscribe.
   */
  subscribe(kind: ChangeKind, handler: (lagMs: number) => void): () => void {
    let set = this.subscribers.get(kind);
    if (!set) this.subscribers.set(kind, (set = new Set()));
    set.add(handler);
    return () => set.delete(handler);
  }

  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.timer);
    const client = this.client;
    if (client) this.drop(client);
  }

  private connect(): void {
    if (this.closed) return;
    const client = new pg.Client(this.config);
    this.client = client;
    this.listening = false;
    client.on('error', () => this.lost(client));
    client.on('end', () => this.lost(client));
    client.on('notification', (msg) => this.notified(msg));
    client
      .connect()
      .then(() => client.query<{ schema: string }>('select current_schema() as schema'))
      .then(async ({ rows }) => {
        this.schema = rows[0]?.schema;
        await client.query(`listen ${CHANGES_CHANNEL}`);
        if (this.client !== client) return;
        // Resynchronised: what was remembered before may have missed changes while nobody listened.
        this.lapsed = true;
        this.listening = true;
        this.heartbeatSentAt = undefined;
        this.beat(client);
        // Changes made while nobody listened are unknown: every subscriber reloads.
        if (this.connectedBefore) for (const [kind] of this.subscribers) this.tell(kind, 0);
        this.connectedBefore = true;
      })
      .catch(() => this.lost(client));
  }

  private lost(client: pg.Client): void {
    if (this.client !== client) return;
    this.client = undefined;
    this.listening = false;
    this.lapsed = true;
    this.drop(client);
    if (!this.closed) setTimeout(() => this.connect(), RETRY_MS).unref();
  }

  /** Ends a connection even when its peer is silent (end() alone waits for an answer that may never come). */
  private drop(client: pg.Client): void {
    client.removeAllListeners('notification');
    client.on('error', () => {});
    client.end().catch(() => {});
    (client as unknown as { connection?: { stream?: { destroy(): void } } }).connection?.stream?.destroy();
  }

  private tick(): void {
    const client = this.client;
    if (!client || !this.listening) return;
    if (this.heartbeatSentAt === undefined) this.beat(client);
    else if (Date.now() - this.heartbeatSentAt > STALLED_MS) this.lost(client);
  }

  private beat(client: pg.Client): void {
    const sentAt = Date.now();
    this.heartbeatSentAt = sentAt;
    client.query('select 1').then(
      () => {
        if (this.client !== client) return;
        this.heartbeatSentAt = undefined;
        this.answeredSentAt = sentAt;
      },
      () => this.lost(client),
    );
  }

  private notified(msg: pg.Notification): void {
    if (msg.channel !== CHANGES_CHANNEL || !msg.payload) return;
    let change: { schema?: string; kind?: ChangeKind; at?: number };
    try {
      change = JSON.parse(msg.payload) as typeof change;
    } catch {
      return;
    }
    if (change.schema !== this.schema || !change.kind) return;
    const lagMs = typeof change.at === 'number' ? Date.now() - change.at : 0;
    if (change.kind === 'credentials') this.caches.invalidate(lagMs);
    this.tell(change.kind, lagMs);
  }

  private tell(kind: ChangeKind, lagMs: number): void {
    for (const handler of this.subscribers.get(kind) ?? []) handler(lagMs);
  }
}
