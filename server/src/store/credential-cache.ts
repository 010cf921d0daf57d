/** What the metrics read from a store's credential memory; the lag samples are drained by each read. */
export interface CacheStats {
  hits: number;
  misses: number;
  /** Lookups sent to the tables without asking the memory: it was off, or not trusted at that moment. */
  bypassed: number;
  /** Times the whole memory was dropped (a change, a lost or resumed link, a local write). */
  invalidations: number;
  /** false while the store cannot know it has seen every change (PostgreSQL: the notification link is down). */
  trusted: boolean;
  /** From a change's commit to its invalidation here, seconds; PostgreSQL only; since the previous read. */
  invalidationLagSeconds: number[];
}

/** Whether answers kept may be used and new ones kept, asked before each lookup; may invalidate first. */
export interface CacheFreshness {
  usable(): boolean;
}

/** Credentials kept in memory per store unless configured (TESSERA_CREDENTIAL_CACHE_SIZE). */
export const DEFAULT_CREDENTIAL_CACHE_SIZE = 50_000;

/** Lag samples kept between two reads of the stats at most (newest kept). */
const MAX_LAG_SAMPLES = 1000;

/**
 * The memories of one store, dropped together (they share one source of freshness), and their counters. The epoch
 * moves on each drop: an answer read before a drop is not kept after it (the lookup raced the change).
 */
export class CredentialCaches {
  epoch = 0;
  hits = 0;
  misses = 0;
  bypassed = 0;
  private invalidations = 0;
  private lags: number[] = [];
  private readonly caches: CredentialCache<unknown>[] = [];

  constructor(
    /** Answers kept at most per memory; 0 reads the tables on every lookup. */
    readonly size: number,
  ) {}

  create<C>(freshness: CacheFreshness): CredentialCache<C> {
    const cache = new CredentialCache<C>(this, freshness);
    this.caches.push(cache as CredentialCache<unknown>);
    return cache;
  }

  /** Drops every memory; `lagMs`, when known, is how long after the change's commit. */
  invalidate(lagMs?: number): void {
    this.epoch++;
    this.invalidations++;
    for (const cache of this.caches) cache.clear();
    if (lagMs !== undefined) {
      if (this.lags.length >= MAX_LAG_SAMPLES) this.lags.shift();
      this.lags.push(Math.max(0, lagMs) / 1000);
    }
  }

  stats(trusted: boolean): CacheStats {
    const lags = this.lags;
    this.lags = [];
    return {
      hits: this.hits,
      misses: this.misses,
      bypassed: this.bypassed,
      invalidations: this.invalidations,
      trusted,
      invalidationLagSeconds: lags,
    };
  }
}

/**
 * Credentials already looked up, and digests found to be unknown (negative entries), kept while the freshness
 * source says nothing changed; bounded, oldest out. Expiry is the caller's to judge (ADR 0004 §3, ADR 0014). A
 * synchronous read (SQLite) is answered synchronously; so is a hit on PostgreSQL.
 */
export class CredentialCache<C> {
  private readonly remembered = new Map<string, C | null>();

  constructor(
    private readonly group: CredentialCaches,
    private readonly freshness: CacheFreshness,
  ) {}

  find(digest: string, read: (digest: string) => C | undefined): C | undefined;
  find(
    digest: string,
    read: (digest: string) => C | undefined | Promise<C | undefined>,
  ): C | undefined | Promise<C | undefined>;
  find(
    digest: string,
    read: (digest: string) => C | undefined | Promise<C | undefined>,
  ): C | undefined | Promise<C | undefined> {
    if (this.group.size <= 0 || !this.freshness.usable()) {
      this.group.bypassed++;
      return read(digest);
    }
    const known = this.remembered.get(digest);
    if (known !== undefined) {
      this.group.hits++;
      return known ?? undefined;
    }
    this.group.misses++;
    const epoch = this.group.epoch;
    const found = read(digest);
    if (!(found instanceof Promise)) {
      this.keep(digest, found);
      return found;
    }
    return found.then((cred) => {
      // Not after a drop since the read began, nor while the source cannot vouch for what was read.
      if (this.freshness.usable() && epoch === this.group.epoch) this.keep(digest, cred);
      return cred;
    });
  }

  clear(): void {
    this.remembered.clear();
  }

  private keep(digest: string, cred: C | undefined): void {
    // Oldest first out: a bounded memory that a spray of unknown digests cannot grow.
    if (this.remembered.size >= this.group.size) this.remembered.delete(this.remembered.keys().next().value!);
    this.remembered.set(digest, cred ?? null);
  }
}
