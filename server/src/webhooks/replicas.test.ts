import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DomainEvent } from '../events/catalog.js';
import { EventDispatcher } from '../events/dispatcher.js';
import { JobRunner } from '../jobs/runner.js';
import { newId } from '../lib/ids.js';
import { createPostgresStore } from '../store/postgres.js';
import type { Store } from '../store/store.js';
import { dropSchema, newTestSchema } from '../test-support/postgres-opener.js';
import { WebhookReceiver } from '../test-support/webhook-receiver.js';
import { WebhookDeliverer } from './deliverer.js';
import { webhookEventHandler } from './handler.js';
import { newWebhookSecret, WebhookSecrets } from './secret.js';

const SESSION_SECRET = 'replicas-session-secret-long-enough';
const logger = pino({ level: 'silent' });

// Issue 19: replicas over one PostgreSQL schema all run the delivery job; every event still reaches the receiver once
// per attempt — the job lock serialises runs, and the conditional claim holds even without it.
describe.runIf(process.env.TEST_DATABASE_URL)('webhook deliveries on PostgreSQL replicas', () => {
  const url = process.env.TEST_DATABASE_URL!;
  const schema = newTestSchema();
  const secrets = new WebhookSecrets(SESSION_SECRET);
  let a: Store;
  let b: Store;
  let receiver: WebhookReceiver;
  let webhookId: string;

  beforeAll(async () => {
    a = await createPostgresStore(url, { schema, poolMax: 6 });
    b = await createPostgresStore(url, { schema, poolMax: 6 });
    receiver = await new WebhookReceiver().start();
    receiver.delayMs = 20;
    webhookId = newId();
    const secret = newWebhookSecret();
    receiver.secret = secret;
    const at = new Date(Date.now() - 60_000).toISOString();
    await a.webhooks.create(
      {
        id: webhookId,
        url: `${receiver.url}/replicas`,
        description: 'replicas',
        events: ['auth_token.*'],
        secretSealed: secrets.seal(secret, webhookId),
        createdAt: at,
        createdBy: null,
        updatedAt: at,
        disabledAt: null,
      },
      {
        id: newId(),
        at,
        action: 'webhook.create',
        outcome: 'success',
        actorId: null,
        actorUsername: null,
        targetUserId: null,
        tokenId: null,
        ip: null,
        userAgent: null,
        details: { webhookId },
      },
    );
  });
  afterAll(async () => {
    await receiver.close();
    await Promise.all([a?.close(), b?.close()]);
    await dropSchema(url, schema);
  });

  /** `n` domain events appended, then dispatched by both replicas at once (one runs, the other finds none). */
  const queue = async (n: number) => {
    const now = new Date().toISOString();
    const events: DomainEvent[] = Array.from({ length: n }, () => ({
      id: newId(),
      type: 'auth_token.created',
      at: now,
      userId: null,
      tokenId: newId(),
      data: { note: 'replicas' },
    }));
    await a.events.append(events);
    const dispatchers = [a, b].map((s) =>
      new EventDispatcher(s.events).on(webhookEventHandler(s.webhooks, s.webhookDeliveries)),
    );
    // Without the job lock both hand the same events out: the unique (endpoint, event) keeps one delivery each.
    await Promise.all(dispatchers.map((d) => d.dispatch(new Date())));
    return events;
  };

  const deliveredOnce = (n: number) => {
    const ids = receiver.received.map((r) => r.headers['webhook-id'] as string);
    expect(ids).toHaveLength(n);
    expect(new Set(ids).size).toBe(n);
    expect(receiver.received.every((r) => r.verified.ok)).toBe(true);
  };

  it('sends each attempt once when two replicas run the deliverer at the same time, with no lock at all', async () => {
    receiver.received.length = 0;
    await queue(40);
    // Every delivery in each run's view (no per-endpoint share), so the runs compete for the same attempts.
    const [da, db] = [a, b].map(
      (s) => new WebhookDeliverer(s.webhookDeliveries, secrets, logger, { concurrency: 4, perEndpoint: 100 }),
    );
    const made = await Promise.all([da!.run(new Date()), db!.run(new Date()), da!.run(new Date())]);
    expect(made.reduce((x, y) => x + y, 0)).toBe(40);
    deliveredOnce(40);
    expect(await a.webhookDeliveries.due(new Date(Date.now() + 86_400_000).toISOString(), 100)).toEqual([]);
  });

  it('runs the webhooks.deliver job on one replica at a time, delivering each event once', async () => {
    receiver.received.length = 0;
    await queue(20);
    const runners = [a, b].map((s) =>
      new JobRunner(s.jobLock, logger).register(new WebhookDeliverer(s.webhookDeliveries, secrets, logger).job()),
    );
    // Replica A's run is held open by a slow receiver: while it is, replica B's run of the same job does not start.
    receiver.delayMs = 300;
    try {
      const first = runners[0]!.runNow('webhooks.deliver');
      while (receiver.received.length === 0) await new Promise((r) => setTimeout(r, 10));
      const during = await Promise.all([
        runners[1]!.runNow('webhooks.deliver'),
        runners[1]!.runNow('webhooks.deliver'),
      ]);
      expect(during).toEqual([false, false]);
      expect(await first).toBe(true);
    } finally {
      receiver.delayMs = 20;
    }
    deliveredOnce(20);
    // Once it ended, B runs and finds nothing left to send.
    expect(await runners[1]!.runNow('webhooks.deliver')).toBe(true);
    deliveredOnce(20);
  });
});
