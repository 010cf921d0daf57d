import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  FAULT_ADMIN_PASSWORD,
  adminCookie,
  createToken,
  freePort,
  serverBuilt,
  startServer,
  whoami,
  type RunningServer,
} from '../test-support/server-process.js';

const PORT = 3712;

interface Answer {
  status: number;
  connection: string | undefined;
  socket: unknown;
}

/** One GET over `agent`; rejects on a reset or a refused connection, with whether the socket was a kept-alive one. */
const get = (url: string, agent: http.Agent) =>
  new Promise<Answer>((resolve, reject) => {
    const req = http.get(url, { agent }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode!, connection: res.headers.connection, socket: req.socket }));
    });
    req.on('error', (err: NodeJS.ErrnoException) => reject(Object.assign(err, { reused: req.reusedSocket })));
  });

describe.skipIf(!serverBuilt())('normal restart and SIGTERM drain', () => {
  let server: RunningServer | undefined;
  let dataDir: string;
  afterEach(() => {
    server?.child.kill('SIGKILL');
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('drains in-flight requests on SIGTERM, flushes last use, and keeps sessions and tokens across the restart', async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-restart-'));
    // An hour-long flush interval: only the shutdown flush can have written the last use.
    const env = { TESSERA_LAST_USED_FLUSH_MS: '3600000' };
    const port = await freePort(PORT);
    server = await startServer(dataDir, port, env);
    const cookie = await adminCookie(server.url);
    const token = await createToken(server.url, cookie, 'survives restarts');
    expect((await whoami(server.url, token.token)).status).toBe(200);

    // Sign-ins are slow on purpose (argon2id), so several are still being worked on when the signal lands.
    const running = server;
    let answered = 0;
    const signIns = Array.from({ length: 10 }, () =>
      fetch(`${running.url}/api/session`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'Sec-Fetch-Site': 'same-origin' },
        body: JSON.stringify({ username: 'admin', password: FAULT_ADMIN_PASSWORD }),
      }).then((r) => {
        answered++;
        return r.status;
      }),
    );
    await Promise.race(signIns);
    const inFlightAtSignal = 10 - answered;
    const signalled = Date.now();
    running.child.kill('SIGTERM');
    const statuses = await Promise.all(signIns);
    const exit = await running.exited;
    expect(statuses).toEqual(Array(10).fill(200));
    expect(inFlightAtSignal).toBeGreaterThan(0);
    expect(exit).toEqual({ code: 0, signal: null });
    expect(Date.now() - signalled).toBeLessThan(10_000);
    // Log lines are written asynchronously; the last ones (the drain's, and "stopped" just before exit) still reach
    // standard output: the exit writes what is held (for at most a second, log-destination.ts).
    const lines = running
      .output()
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as { msg?: string });
    expect(lines.map((l) => l.msg)).toContain('shutting down: draining requests');
    expect(lines.at(-1)?.msg).toBe('stopped');

    server = await startServer(dataDir, port, env);
    // The browser session from before the restart still works (sessions live in the database).
    const listed = await fetch(`${server.url}/api/users/me/auth-tokens`, { headers: { Cookie: cookie } });
    expect(listed.status).toBe(200);
    const items = ((await listed.json()) as { items: { id: string; lastUsedAt: string | null }[] }).items;
    const stored = items.find((t) => t.id === token.id);
    expect(stored?.lastUsedAt, 'last use flushed by the SIGTERM shutdown').not.toBeNull();
    const who = await whoami(server.url, token.token);
    expect(who.status).toBe(200);
    expect(who.body.tokenId).toBe(token.id);
    console.log(`SIGTERM drain: ${inFlightAtSignal} of 10 sign-ins in flight at the signal, all answered 200`);
  }, 60_000);

  it('answers, not resets, a request sent over a kept-alive connection after SIGTERM: 503 not ready, then it closes', async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-drain-'));
    // A long grace, so that a loaded machine cannot end it before the requests below are sent.
    server = await startServer(dataDir, await freePort(PORT), { TESSERA_DRAIN_GRACE_MS: '3000' });
    const running = server;
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const ready = () => get(`${running.url}/api/ready`, agent);
    const first = await ready();
    expect(first).toMatchObject({ status: 200, connection: 'keep-alive' });
    running.child.kill('SIGTERM');
    // The connection lies idle while the signal is handled (closing idle connections at once would end it here), then
    // is asked again until the signal shows: every answer arrives (a reset or a refused connection rejects), and the
    // first 503 tells the client to close.
    await new Promise((r) => setTimeout(r, 300));
    let answer = await ready();
    const signalled = Date.now();
    while (answer.status === 200 && Date.now() - signalled < 5_000) {
      expect(answer.socket, 'still the kept-alive connection').toBe(first.socket);
      await new Promise((r) => setTimeout(r, 50));
      answer = await ready();
    }
    expect(answer).toMatchObject({ status: 503, connection: 'close', socket: first.socket });
    agent.destroy();
    expect(await running.exited).toEqual({ code: 0, signal: null });
  }, 60_000);

  it('answers every request of keep-alive clients firing through a SIGTERM, resets none, then refuses connections', async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-drain-load-'));
    const port = await freePort(PORT);
    server = await startServer(dataDir, port, { TESSERA_DRAIN_GRACE_MS: '1500' });
    const running = server;
    const CLIENTS = 8;
    let answered = 0;
    let signalled = false;
    let answeredAfterSignal = 0;
    const failures: string[] = [];
    // Each client fires request after request over its one kept-alive connection. Told `Connection: close`, it sends
    // nothing more here, as a load balancer that saw /api/ready fail would: the drain's promise is about requests
    // already on their way, not about clients that keep opening connections to a replica that is going away.
    const client = async () => {
      const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
      let socket: unknown;
      try {
        for (;;) {
          const answer = await get(`${running.url}/api/health`, agent);
          answered++;
          if (signalled) answeredAfterSignal++;
          expect(answer.status).toBe(200);
          if (socket !== undefined) expect(answer.socket, 'the kept-alive connection').toBe(socket);
          socket = answer.socket;
          if (answer.connection === 'close') return 'told to close';
        }
      } catch (err) {
        const e = err as NodeJS.ErrnoException & { reused?: boolean };
        failures.push(`${e.code ?? e.message} on a ${e.reused ? 'kept-alive' : 'new'} connection`);
        return 'failed';
      } finally {
        agent.destroy();
      }
    };
    const clients = Array.from({ length: CLIENTS }, client);
    while (answered < 100 * CLIENTS && failures.length === 0) await new Promise((r) => setTimeout(r, 20));
    signalled = true;
    running.child.kill('SIGTERM');
    const outcomes = await Promise.all(clients);
    expect(failures).toEqual([]);
    expect(outcomes).toEqual(Array(CLIENTS).fill('told to close'));
    expect(await running.exited).toEqual({ code: 0, signal: null });
    // Once it stopped listening, a new connection is refused before anything is sent.
    const refused = await get(`${running.url}/api/health`, new http.Agent()).catch((e: NodeJS.ErrnoException) => e);
    expect((refused as NodeJS.ErrnoException).code).toBe('ECONNREFUSED');
    console.log(
      `keep-alive drain: ${CLIENTS} clients, ${answered} answers, ${answeredAfterSignal} after SIGTERM, 0 reset`,
    );
  }, 60_000);

  it('writes a lone log line within a second on an idle server (lines are gathered, not held)', async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-log-flush-'));
    server = await startServer(dataDir, await freePort(PORT));
    const running = server;
    expect((await fetch(`${running.url}/api/no-such-route-for-the-log`)).status).toBe(404);
    const asked = Date.now();
    while (!running.output().includes('/api/no-such-route-for-the-log') && Date.now() - asked < 5_000)
      await new Promise((r) => setTimeout(r, 20));
    expect(running.output()).toContain('/api/no-such-route-for-the-log');
    expect(Date.now() - asked).toBeLessThan(1_000);
  }, 30_000);
});
