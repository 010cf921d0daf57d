import type { Logger } from 'pino';
import type { AuditContext } from '../audit/context.js';
import type { AuditService } from '../audit/service.js';
import { Conflict } from '../errors.js';
import type { PolicyImpactCounts, PolicyImpactRepository, SettingsRepository } from '../store/store.js';
import { assertConsistent, normalised, type Policy, type PolicyChanges } from './policy.js';

/** The settings row that holds the saved policy (absent until an administrator saves one). */
export const POLICY_KEY = 'policy';
/** How often a replica reads the row to see another replica's change: twice a second keeps "within a second". */
export const POLICY_REFRESH_MS = 500;
const DAY_MS = 86_400_000;

const same = (a: Policy, b: Policy) => JSON.stringify(a) === JSON.stringify(b);

/**
 * The lifecycle policy in force. `current()` is synchronous (credential services read it on every create); the value
 * is held in memory and refreshed from the `settings` row on a timer, so a change saved on one replica is in force on
 * every replica within a second. Until an administrator saves one, the environment's values are the policy.
 */
export class PolicyService {
  private held: Policy;
  /** The row's text as last read (undefined: no row); a refresh that reads the same text changes nothing. */
  private raw: string | undefined;
  private loaded = false;
  private loading: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly settings: SettingsRepository,
    private readonly impactCounts: PolicyImpactRepository,
    private readonly audit: AuditService,
    /** The environment's values (policyFromConfig). */
    private readonly initial: Policy,
    private readonly logger?: Logger,
  ) {
    this.held = initial;
  }

  current(): Policy {
    return this.held;
  }

  /** Whether the saved policy has been read at least once (main.ts listens only once it has). */
  get isLoaded(): boolean {
    return this.loaded;
  }

  /** The first read of the saved policy; a failed read is retried by the next caller. */
  whenLoaded(): Promise<void> {
    if (this.loaded) return Promise.resolve();
    this.loading ??= this.refresh().catch((err: unknown) => {
      this.loading = undefined;
      throw err;
    });
    return this.loading;
  }

  /** Reads the row and adopts it if it changed (one small read; another replica's save shows here). */
  async refresh(): Promise<void> {
    this.adopt(await this.settings.raw(POLICY_KEY));
  }

  private adopt(raw: string | undefined): void {
    if (this.loaded && raw === this.raw) return;
    this.held = this.parse(raw);
    this.raw = raw;
    this.loaded = true;
  }

  /** The saved value over the environment's: a field added after it was saved keeps its first value. */
  private parse(raw: string | undefined): Policy {
    if (raw === undefined) return this.initial;
    const saved = JSON.parse(raw) as PolicyChanges;
    // Only the fields this version knows: a field a later version saved and this one lacks is not passed on.
    const known = Object.fromEntries(
      Object.keys(this.initial)
        .filter((k) => k in saved)
        .map((k) => [k, saved[k as keyof Policy]]),
    );
    return normalised({ ...this.initial, ...known });
  }

  start(intervalMs = POLICY_REFRESH_MS): void {
    void this.whenLoaded().catch((err: unknown) => this.logger?.warn({ err }, 'policy: first read failed'));
    this.timer = setInterval(() => {
      this.refresh().catch((err: unknown) => this.logger?.warn({ err }, 'policy: refresh failed'));
    }, intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /**
   * Applies a partial change over the saved policy (read fresh, not the held copy) and saves it with its audit row
   * (`policy.update`, the whole policy before and after), unless nothing changes. Inconsistent → 400, nothing saved.
   */
  async update(ctx: AuditContext, changes: PolicyChanges): Promise<Policy> {
    // Compare-and-set on the row's text: two administrators saving at once never lose one change silently.
    for (let attempt = 0; attempt < 3; attempt++) {
      const raw = await this.settings.raw(POLICY_KEY);
      const before = this.parse(raw);
      const after = normalised({ ...before, ...changes });
      assertConsistent(after);
      if (same(before, after)) {
        this.adopt(raw);
        return before;
      }
      const changed = (Object.keys(after) as (keyof Policy)[]).filter(
        (k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]),
      );
      const event = this.audit.event(ctx, { action: 'policy.update', details: { changed, before, after } });
      if (await this.settings.replace(POLICY_KEY, raw, after, event.at, event)) {
        this.audit.logged(event);
        this.adopt(JSON.stringify(after));
        return after;
      }
    }
    throw new Conflict('Another administrator changed the policy at the same moment; reload it and try again.');
  }

  /** What the policy would be with these changes (not checked for consistency: the form asks while it is typed). */
  proposed(changes: PolicyChanges): Policy {
    return normalised({ ...this.held, ...changes });
  }

  /** How many existing credentials a policy would affect, counted now. */
  impact(p: Policy, now = new Date()): Promise<PolicyImpactCounts> {
    const at = now.getTime();
    const iso = (ms: number) => new Date(ms).toISOString();
    return this.impactCounts.count({
      now: iso(at),
      latestExpiry: p.maxLifetimeDays === null ? undefined : iso(at + p.maxLifetimeDays * DAY_MS),
      neverExpiring: p.requireExpiry || p.maxLifetimeDays !== null,
      unusedSince: p.revokeUnusedAfterDays === null ? undefined : iso(at - p.revokeUnusedAfterDays * DAY_MS),
      maxTokensPerUser: p.maxTokensPerUser,
      allowedScopes: p.allowedScopes,
      oauth2Clients: !p.oauth2ClientCredentials,
    });
  }
}
