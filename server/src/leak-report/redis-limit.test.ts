import { randomInt } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type Tessera } from '../app.js';
import { openBackends, type Backends } from '../backends.js';
import { testConfig } from '../config.js';
import { createLogger } from '../logger.js';
import { connectRedis, type RedisClient } from '../sessions/redis-session-store.js';
import { LogCapture } from '../test-support/harness.js';

const redisUrl = process.env.TEST_REDIS_URL;
// Addresses of this run only (the Redis is shared with other runs), in 198.18.0.0/15 (benchmarking range).
const run = randomInt(0, 16_000);
const address = `198.${18 + (run >> 14)}.${(run >> 8) & 63}.${run & 255}`;
const otherAddress = `203.0.113.${run & 255}`;

/** Two replicas over one Redis: the leak-report limit per address is counted once for both (issue 20, point 5). */
describe.skipIf(!redisUrl)('the leak-report rate limit in Redis (REDIS_URL)', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-redis-leak-'));
  let backends: Backends;
  let a: Tessera;
  let b: Tessera;
  let redis: RedisClient;

  beforeAll(async () => {
    const config = testConfig({
      TESSERA_DATA_DIR: dataDir,
      REDIS_URL: redisUrl!,
      TESSERA_LEAK_REPORTS_PER_15_MINUTES: '3',
      TESSERA_TRUST_PROXY: 'loopback',
    });
    const logger = createLogger(config.logLevel, new LogCapture());
    backends = await openBackends(config, logger);
    const deps = { config, logger, sessionSecret: 'shared-session-secret-for-both-replicas', ...backends };
    a = createApp(deps);
    b = createApp(deps);
    redis = await connectRedis(redisUrl!, () => {});
  });
  afterAll(async () => {
    await redis?.del([`tessera:signin:leak-report:${address}`, `tessera:signin:leak-report:${otherAddress}`]);
    await a?.shutdown();
    await b?.shutdown();
    await backends?.close();
    await redis?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const report = (app: Tessera) =>
    request(app.app)
      .post('/api/credentials/revoke')
      .set('X-Forwarded-For', address)
      .send({ tokens: ['junk'] });

  it('answers 429 on either replica once the address has used its reports on both together', async () => {
    expect((await report(a)).status).toBe(202);
    expect((await report(b)).status).toBe(202);
    expect((await report(a)).status).toBe(202);
    const refused = await report(b);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect((await report(a)).status).toBe(429);
    expect(await redis.exists(`tessera:signin:leak-report:${address}`)).toBe(1);
    // Another address is not affected.
    const other = await request(a.app)
      .post('/api/credentials/revoke')
      .set('X-Forwarded-For', otherAddress)
      .send({ tokens: ['junk'] });
    expect(other.status).toBe(202);
  });
});
