import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TcpProxy } from '../test-support/tcp-proxy.js';
import { redisUrl, serverBuilt, type RunningServer } from '../test-support/fault-server.js';
import * as outage from './outage-client.js';

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
  let cookie: string;
  let token: string;
  let stop: (() => Promise<void>) | undefined;
  const agent = outage.keptAliveAgent();

  beforeAll(async () => {
    ({ proxy, server, cookie, token, stop } = await outage.startBehindProxy(redisUrl!, 6379, 3716, (url) => ({
      REDIS_URL: url,
      TESSERA_REDIS_TIMEOUT_MS: String(REDIS_TIMEOUT_MS),
      TESSERA_JOBS: 'off',
    })));
  }, 60_000);
  afterAll(async () => {
    proxy?.heal();
    // Leave no session behind in a Redis that other runs share.
    if (server)
      await outage.send(agent, `${server.url}/api/session`, { Cookie: cookie }, 'DELETE').catch(() => undefined);
    agent.destroy();
    await stop?.();
  });

  const withCookie = () => outage.send(agent, `${server.url}/api/users/me/auth-tokens`, { Cookie: cookie });
  const withToken = () => outage.send(agent, `${server.url}/api/whoami`, { Authorization: `Bearer ${token}` });

  /** Cookie requests fail honestly while token requests on the very same connection are answered as ever. */
  async function duringOutage() {
    const unavailable = (a: outage.Answer) => outage.expectUnavailable(a, ANSWER_WITHIN_MS);
    const answered = (a: outage.Answer) => expect(a.status, a.body).toBe(200);
    return outage.expectOutageOnOneConnection(agent, server.url, [withCookie, unavailable], 3, [
      [withToken, answered],
      [withCookie, unavailable],
    ]);
  }

  async function afterHeal() {
    proxy.heal();
    const ms = await outage.waitUntilReady(agent, server.url);
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
