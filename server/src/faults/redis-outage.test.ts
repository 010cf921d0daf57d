import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTcpProxy, type TcpProxy } from '../test-support/tcp-proxy.js';
import {
  adminCookie,
  createToken,
  freePort,
  serverBuilt,
  startServer,
  type RunningServer,
} from '../test-support/server-process.js';
import { expectNotReady, expectUnavailable, keptAliveAgent, send, waitUntilReady } from './outage-client.js';

const redisUrl = process.env.TEST_REDIS_URL;
/** The server's Redis deadline here; a request it fails must be answered well within it plus a loaded machine's lag. */
const REDIS_TIMEOUT_MS = 1000;
const ANSWER_WITHIN_MS = REDIS_TIMEOUT_MS + 3000;

/**
 * Sessions in Redis behind a loopback proxy that cuts or freezes it: a cookie request is answered 503 (Retry-After)
 * within the deadline and leaves its kept-alive connection intact, so token requests sent on the same connection
 * (which never touch Redis) go on being answered 200; /api/ready says 503 within 2 s; healing brings all back.
 */
describe.skipIf(!serverBuilt() || !redisUrl)('Redis outage: honest 503s, token requests unharmed', () => {
  let proxy: TcpProxy;
  let server: RunningServer;
  let dataDir: string;
  let cookie: string;
  let token: string;
  const agent = keptAliveAgent();

  beforeAll(async () => {
    const target = new URL(redisUrl!);
    proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 6379) });
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-redis-outage-'));
    server = await startServer(dataDir, await freePort(3716), {
      REDIS_URL: proxy.rewrite(redisUrl!),
      TESSERA_REDIS_TIMEOUT_MS: String(REDIS_TIMEOUT_MS),
      TESSERA_JOBS: 'off',
    });
    cookie = await adminCookie(server.url);
    token = (await createToken(server.url, cookie, 'works through a Redis outage')).token;
  }, 60_000);
  afterAll(async () => {
    proxy?.heal();
    // Leave no session behind in a Redis that other runs share.
    if (server) await send(agent, `${server.url}/api/session`, { Cookie: cookie }, 'DELETE').catch(() => undefined);
    agent.destroy();
    server?.child.kill('SIGKILL');
    await proxy?.close();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const withCookie = () => send(agent, `${server.url}/api/users/me/auth-tokens`, { Cookie: cookie });
  const withToken = () => send(agent, `${server.url}/api/whoami`, { Authorization: `Bearer ${token}` });

  /** Cookie requests fail honestly while token requests on the very same connection are answered as ever. */
  async function duringOutage() {
    const first = await withCookie();
    expectUnavailable(first, ANSWER_WITHIN_MS);
    for (let i = 0; i < 3; i++) {
      const byToken = await withToken();
      expect(byToken.status, byToken.body).toBe(200);
      expect(byToken.socket, 'the connection the failed cookie request came on').toBe(first.socket);
      const byCookie = await withCookie();
      expectUnavailable(byCookie, ANSWER_WITHIN_MS);
      expect(byCookie.socket).toBe(first.socket);
    }
    await expectNotReady(agent, server.url);
    return first.socket;
  }

  async function afterHeal() {
    proxy.heal();
    const ms = await waitUntilReady(agent, server.url);
    const byCookie = await withCookie();
    expect(byCookie.status, byCookie.body).toBe(200);
    expect((await withToken()).status).toBe(200);
    return ms;
  }

  it('answers cookie requests 503 within the deadline while Redis is frozen, and recovers when it answers again', async () => {
    const before = await withCookie();
    expect(before.status, before.body).toBe(200);
    proxy.freeze();
    const socket = await duringOutage();
    const recovery = await afterHeal();
    expect((await withToken()).socket, 'one connection through it all').toBe(socket);
    console.log(
      `Redis frozen: cookie requests 503, tokens 200 on one connection; ready again ${recovery.toFixed(0)} ms after the heal`,
    );
  }, 60_000);

  it('answers cookie requests 503 at once while Redis is cut, and recovers when it is back', async () => {
    expect((await withCookie()).status).toBe(200);
    proxy.cut();
    const socket = await duringOutage();
    const recovery = await afterHeal();
    expect((await withToken()).socket).toBe(socket);
    expect(server.child.exitCode).toBeNull();
    console.log(`Redis cut: ready again ${recovery.toFixed(0)} ms after the heal`);
  }, 60_000);
});
