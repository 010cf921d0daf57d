import type { Job } from '../jobs/runner.js';
import type { DomainEventRepository } from '../store/domain-events.js';
import type { DomainEvent } from './catalog.js';

/**
 * Reacts to domain events: notifications, webhook deliveries. Delivery is at least once (a run killed after a
 * handler and before the events are marked is repeated), so a handler must be idempotent by event id.
 */
export interface DomainEventHandler {
  name: string;
  handle(events: DomainEvent[]): Promise<void>;
}

const BATCH = 200;
const KEEP_DISPATCHED_MS = 7 * 24 * 3_600_000;

/**
 * Hands the outbox's pending events to every handler, oldest first, in batches, and marks them dispatched; a
 * handler's failure leaves the batch pending for the next run. One replica at a time (the job lock).
 */
export class EventDispatcher {
  private readonly handlers: DomainEventHandler[] = [];

  constructor(private readonly events: DomainEventRepository) {}

  on(handler: DomainEventHandler): this {
    this.handlers.push(handler);
    return this;
  }

  /** Dispatches everything pending; returns how many events. */
  async dispatch(now: Date, signal?: AbortSignal): Promise<number> {
    let total = 0;
    for (;;) {
      if (signal?.aborted) return total;
      const batch = await this.events.pending(BATCH);
      if (batch.length === 0) break;
      for (const h of this.handlers) await h.handle(batch);
      await this.events.markDispatched(
        batch.map((e) => e.id),
        now.toISOString(),
      );
      total += batch.length;
      if (batch.length < BATCH) break;
      // The embedded store's statements never leave the event loop: a bulk revocation's 100,000 events would
      // otherwise be dispatched in one uninterrupted stretch while verifications wait (issue 19, H2).
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    await this.events.purgeDispatched(new Date(now.getTime() - KEEP_DISPATCHED_MS).toISOString());
    return total;
  }

  /** The dispatcher as a job: every second, so a webhook or a notification follows its change within about one. */
  job(intervalMs = 1_000): Job {
    return { name: 'events.dispatch', intervalMs, run: ({ now, signal }) => this.dispatch(now, signal).then(() => {}) };
  }
}
