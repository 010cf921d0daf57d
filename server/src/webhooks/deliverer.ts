import type { Logger } from 'pino';
import { Webhook } from 'standardwebhooks';
import type { Job } from '../jobs/runner.js';
import type { AttemptOutcome, DueDelivery, WebhookDeliveryRepository } from '../store/store.js';
import { retryDelayMs } from './retry.js';
import type { WebhookSecrets } from './secret.js';
import { urlForLogs } from './url.js';

export interface DelivererOptions {
  /** One attempt's limit, connection to last byte of the response's head (default 10 s). */
  timeoutMs?: number;
  /** Attempts in flight at once (default 8). */
  concurrency?: number;
  /** Deliveries taken per run (default 100). */
  batch?: number;
  /** Deliveries of one endpoint taken per run (default 25): an endpoint's backlog leaves room for the others. */
  perEndpoint?: number;
}

const KEEP_FINISHED_MS = 30 * 86_400_000;
const PURGE_EVERY_MS = 3_600_000;
// A claimed attempt is due again this long after its timeout: a replica killed mid-send leaves it to another.
const LEASE_SLACK_MS = 30_000;

interface Sent {
  ok: boolean;
  statusCode: number | null;
  error: string | null;
  /** The stop signal (shutdown, lost job lock) ended the send: no attempt was made. */
  interrupted?: boolean;
}

/** What one delivery came to in a run. */
type Attempted = 'made' | 'no response' | 'skipped';

/**
 * The `webhooks.deliver` job: posts due deliveries as Standard Webhooks (`webhook-id`, `webhook-timestamp`,
 * `webhook-signature: v1,<HMAC-SHA256 of id.timestamp.body>`), a bounded number at a time, each with a timeout and
 * without following redirects. Each attempt is claimed first (conditional on the attempt count the run saw), so two
 * replicas never send the same attempt; a 2xx succeeds, anything else is retried on the schedule (retry.ts) until the
 * delivery's attempts are spent. At least once: a receiver deduplicates by `webhook-id`.
 *
 * One slow or dead receiver does not hold the others back: a run takes at most `perEndpoint` deliveries of an
 * endpoint, the endpoints taking turns in the order they are sent, and an endpoint that gave no response (timeout,
 * connection failure) gets no further attempt in that run — its other deliveries stay due, untouched, for the next.
 */
export class WebhookDeliverer {
  private readonly timeoutMs: number;
  private readonly concurrency: number;
  private readonly batch: number;
  private readonly perEndpoint: number;
  private lastPurge = 0;

  constructor(
    private readonly deliveries: WebhookDeliveryRepository,
    private readonly secrets: WebhookSecrets,
    private readonly logger: Logger,
    opts: DelivererOptions = {},
  ) {
    this.timeoutMs = opts.timeoutMs ?? 10_000;
    this.concurrency = opts.concurrency ?? 8;
    this.batch = opts.batch ?? 100;
    this.perEndpoint = opts.perEndpoint ?? 25;
  }

  /** Attempts every delivery due at `now` (up to a batch); returns how many attempts this run made. */
  async run(now: Date, signal?: AbortSignal): Promise<number> {
    // The run's clock: `now` (a test may pass another) plus the time the run has taken, so an attempt late in a run
    // is stamped, and its retry scheduled, from when it was really made.
    const started = performance.now();
    const clock = () => new Date(now.getTime() + Math.round(performance.now() - started));
    const due = await this.deliveries.due(now.toISOString(), this.batch, this.perEndpoint);
    const unreachable = new Set<string>();
    let next = 0;
    let made = 0;
    const failures: unknown[] = [];
    // Each worker ends only when the queue is empty, even after a failed write, so the run (and the job lock) never
    // ends while an attempt is still in flight.
    const worker = async () => {
      while (next < due.length && !signal?.aborted) {
        const d = due[next++]!;
        if (unreachable.has(d.webhookId)) continue;
        try {
          const r = await this.attempt(d, clock, signal);
          if (r !== 'skipped') made++;
          if (r === 'no response') unreachable.add(d.webhookId);
        } catch (err) {
          failures.push(err);
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.concurrency, due.length) }, worker));
    if (failures.length > 0) throw failures[0];
    if (now.getTime() - this.lastPurge >= PURGE_EVERY_MS) {
      this.lastPurge = now.getTime();
      await this.deliveries.purge(new Date(now.getTime() - KEEP_FINISHED_MS).toISOString());
    }
    return made;
  }

  job(intervalMs = 1_000): Job {
    return { name: 'webhooks.deliver', intervalMs, run: ({ now, signal }) => this.run(now, signal).then(() => {}) };
  }

  private async attempt(d: DueDelivery, clock: () => Date, signal?: AbortSignal): Promise<Attempted> {
    const at = clock();
    const lease = new Date(at.getTime() + this.timeoutMs + LEASE_SLACK_MS).toISOString();
    if (!(await this.deliveries.claim(d.id, d.attempts, at.toISOString(), lease))) return 'skipped';
    const attempt = d.attempts + 1;
    const sent = await this.send(d, signal);
    if (sent.interrupted) {
      // Stopped mid-send (shutdown, or this replica lost the job's lock): not the receiver's failure, so the attempt
      // is given back and the delivery is due at once for whoever runs next. The receiver may have got it: the same
      // webhook-id lets it deduplicate.
      await this.deliveries.release(d.id, attempt, { nextAttemptAt: d.nextAttemptAt!, lastAttemptAt: d.lastAttemptAt });
      return 'skipped';
    }
    const done = clock();
    // 410 Gone: the receiver says this URL is no more (Standard Webhooks); retrying would only hear that again.
    const last = attempt >= d.maxAttempts || sent.statusCode === 410;
    const outcome: AttemptOutcome = sent.ok
      ? { status: 'succeeded', nextAttemptAt: null, statusCode: sent.statusCode, error: null }
      : last
        ? { status: 'failed', nextAttemptAt: null, statusCode: sent.statusCode, error: sent.error }
        : {
            status: 'pending',
            nextAttemptAt: new Date(done.getTime() + retryDelayMs(attempt)).toISOString(),
            statusCode: sent.statusCode,
            error: sent.error,
          };
    await this.deliveries.finish(d.id, attempt, outcome);
    const entry = {
      webhook: { id: d.webhookId, origin: urlForLogs(d.url) },
      delivery: { id: d.id, eventType: d.eventType, attempt, status: outcome.status, statusCode: sent.statusCode },
    };
    if (sent.ok) this.logger.info(entry, 'webhook delivered');
    else this.logger.warn({ ...entry, error: sent.error }, 'webhook delivery attempt failed');
    return sent.statusCode === null ? 'no response' : 'made';
  }

  private async send(d: DueDelivery, stop?: AbortSignal): Promise<Sent> {
    let signature: string;
    const sentAt = new Date();
    try {
      signature = new Webhook(this.secrets.open(d.secretSealed, d.webhookId)).sign(d.id, sentAt, d.payload);
    } catch {
      return { ok: false, statusCode: null, error: 'the signing secret could not be opened (session secret changed?)' };
    }
    const timeout = AbortSignal.timeout(this.timeoutMs);
    try {
      const res = await fetch(d.url, {
        method: 'POST',
        redirect: 'manual',
        signal: stop ? AbortSignal.any([stop, timeout]) : timeout,
        headers: {
          'content-type': 'application/json',
          'user-agent': 'Tessera-Webhooks/1',
          'webhook-id': d.id,
          'webhook-timestamp': String(Math.floor(sentAt.getTime() / 1000)),
          'webhook-signature': signature,
        },
        body: d.payload,
      });
      // The body is not read: a receiver's answer is its status; cancelling frees the connection at once.
      await res.body?.cancel().catch(() => {});
      if (res.status >= 200 && res.status < 300) return { ok: true, statusCode: res.status, error: null };
      if (res.status >= 300 && res.status < 400)
        return { ok: false, statusCode: res.status, error: `redirect (HTTP ${res.status}) not followed` };
      return { ok: false, statusCode: res.status, error: `HTTP ${res.status}` };
    } catch (err) {
      // Stopped by the run's signal, not the receiver: the caller gives the attempt back.
      if (stop?.aborted && !timeout.aborted)
        return { ok: false, statusCode: null, error: 'interrupted', interrupted: true };
      return { ok: false, statusCode: null, error: describeFailure(err, timeout.aborted, this.timeoutMs) };
    }
  }
}

/** Why no response came, in words that name no URL (its query or path may hold the receiver's token). */
function describeFailure(err: unknown, timedOut: boolean, timeoutMs: number): string {
  if (timedOut) return `no response within ${timeoutMs / 1000} s`;
  const cause = err instanceof Error ? (err.cause as { code?: unknown; message?: unknown } | undefined) : undefined;
  const code = typeof cause?.code === 'string' ? cause.code : undefined;
  // Fetch refuses the ports browsers block (the Fetch standard's "bad ports": 9, 25, 6000…) before connecting.
  if (cause?.message === 'bad port') return 'the port is one fetch refuses to connect to (use another)';
  switch (code) {
    case 'ECONNREFUSED':
      return 'connection refused';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'host not found';
    case 'ECONNRESET':
    case 'UND_ERR_SOCKET':
      return 'connection closed before a response';
    default:
      return code ? `could not connect (${code})` : 'could not connect';
  }
}
