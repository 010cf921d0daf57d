import { SlotHistogram, WORK_BUCKETS } from './slot-histogram.js';
import { VerificationMetrics } from './verification.js';

export type JobOutcome = 'ok' | 'failed' | 'skipped';

/** One background job's runs since start. */
export interface JobStats {
  ok: number;
  failed: number;
  /** Not run: another run held its lock (here or on another replica). */
  skipped: number;
  /** Runs that ran (ok or failed), slot 0. */
  duration: SlotHistogram;
  /** When a run last succeeded (s since the epoch), 0: never. */
  lastSuccess: number;
}

/**
 * What the process measures, in plain numbers and typed arrays: the request path writes here without prom-client,
 * which is loaded only when metrics are served and reads these at scrape time (metrics/exporter.ts).
 */
export class AppMetrics {
  readonly verifications = new VerificationMetrics();
  /** Responses by status code (index: the status). */
  readonly responses = new Float64Array(600);
  /** Last-used flushes: slot 0 written, slot 1 failed (kept for the next flush). */
  readonly flushes = new SlotHistogram(WORK_BUCKETS, 2);
  /** Tokens whose last use a flush wrote. */
  flushedTokens = 0;
  readonly jobs = new Map<string, JobStats>();

  /** A last-used flush that had something to write took `seconds`; `tokens` written unless it failed. */
  flushed(seconds: number, tokens: number, failed: boolean): void {
    this.flushes.observe(failed ? 1 : 0, seconds);
    if (!failed) this.flushedTokens += tokens;
  }

  /** A job run ended (or was skipped: `seconds` is then 0 and not observed). */
  jobRun(name: string, outcome: JobOutcome, seconds: number): void {
    let s = this.jobs.get(name);
    if (!s)
      this.jobs.set(
        name,
        (s = { ok: 0, failed: 0, skipped: 0, duration: new SlotHistogram(WORK_BUCKETS, 1), lastSuccess: 0 }),
      );
    s[outcome]++;
    if (outcome === 'skipped') return;
    s.duration.observe(0, seconds);
    if (outcome === 'ok') s.lastSuccess = Date.now() / 1000;
  }
}
