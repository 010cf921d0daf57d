import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropSchema, newTestSchema } from '../test-support/postgres-opener.js';
import type { TcpProxy } from '../test-support/tcp-proxy.js';
import { databaseUrl, serverBuilt, type RunningServer } from '../test-support/fault-server.js';
import * as outage from './outage-client.js';

/** The server's PostgreSQL timeout here (statement_timeout; the client gives up a second later). */
const PG_TIMEOUT_MS = 2000;
/** A request PostgreSQL fails: answered within the client's timeout plus a loaded machine's lag. */
const ANSWER_WITHIN_MS = PG_TIMEOUT_MS + 1000 + 3000;

/**
 * PostgreSQL behind a loopback proxy that cuts or freezes it: requests that need it (by cookie: the session lives in
 * the database; by token: the list is read from it) are answered 503 (Retry-After) — at once when it is cut, within
 * the timeout when it is silent — on an intact kept-alive connection; /api/ready says 503 within 2 s; healing the
 * proxy brings everything back without a restart, and the process lives through it all.
 */
describe.skipIf(!serverBuilt() || !databaseUrl)('PostgreSQL outage: honest 503s, no hang, recovery', () => {
  let proxy: TcpProxy;
  let server: RunningServer;
  let cookie: string;
  let token: string;
  let stop: (() => Promise<void>) | undefined;
  const schema = newTestSchema();
  const agent = outage.keptAliveAgent();

  beforeAll(async () => {
    ({ proxy, server, cookie, token, stop } = await outage.startBehindProxy(databaseUrl!, 5432, 3717, (url) => ({
      DATABASE_URL: url,
      TESSERA_PG_SCHEMA: schema,
      TESSERA_PG_TIMEOUT_MS: String(PG_TIMEOUT_MS),
      TESSERA_PG_POOL_MAX: '4',
      TESSERA_SESSION_SECRET: 'a-session-secret-for-the-outage-test',
    })));
  }, 60_000);
  afterAll(async () => {
    agent.destroy();
    await stop?.();
    await dropSchema(databaseUrl!, schema);
  });

  const list = `/api/users/me/auth-tokens`;
  const withCookie = () => outage.send(agent, server.url + list, { Cookie: cookie });
  const withToken = () => outage.send(agent, server.url + list, { Authorization: `Bearer ${token}` });

  async function duringOutage(withinMs: number, rounds: number) {
    const unavailable = (a: outage.Answer) => outage.expectUnavailable(a, withinMs);
    const each: outage.Step[] = [
      [withCookie, unavailable],
      [withToken, unavailable],
    ];
    return outage.expectOutageOnOneConnection(agent, server.url, [withToken, unavailable], rounds, each);
  }

  async function afterHeal() {
    proxy.heal();
    const ms = await outage.waitUntilReady(agent, server.url);
    const byToken = await withToken();
    expect(byToken.status, byToken.body).toBe(200);
    const byCookie = await withCookie();
    expect(byCookie.status, byCookie.body).toBe(200);
    expect(byCookie.socket).toBe(byToken.socket);
    expect(server.child.exitCode, server.output()).toBeNull();
    return ms;
  }

  it('answers 503 at once while PostgreSQL is cut, and recovers when it is back', async () => {
    expect((await withToken()).status).toBe(200);
    expect((await withCookie()).status).toBe(200);
    proxy.cut();
    // Refused connections fail at once: well under the timeout.
    await duringOutage(PG_TIMEOUT_MS, 3);
    const recovery = await afterHeal();
    console.log(`PostgreSQL cut: 503s at once; ready again ${recovery.toFixed(0)} ms after the heal`);
  }, 60_000);

  it('answers 503 within the timeout while PostgreSQL is frozen, and recovers when it answers again', async () => {
    expect((await withToken()).status).toBe(200);
    proxy.freeze();
    const started = performance.now();
    await duringOutage(ANSWER_WITHIN_MS, 1);
    const outage = performance.now() - started;
    const recovery = await afterHeal();
    console.log(
      `PostgreSQL frozen: 3 requests answered 503 in ${outage.toFixed(0)} ms; ready again ${recovery.toFixed(0)} ms after the heal`,
    );
  }, 60_000);

  it('lives through a connection lost in the middle of a query, answering that request 503', async () => {
    expect((await withCookie()).status).toBe(200);
    // Frozen first, so that the session's query is on its way, on a checked-out connection, when the reset comes:
    // pg then emits `error` on that client, which nothing of pg-pool or Kysely listens to.
    proxy.freeze();
    const pending = withCookie();
    await new Promise((r) => setTimeout(r, 300));
    proxy.cut();
    outage.expectUnavailable(await pending, ANSWER_WITHIN_MS);
    await new Promise((r) => setTimeout(r, 100));
    expect(server.child.exitCode, server.output()).toBeNull();
    await afterHeal();
  }, 60_000);
});
