import fs from 'node:fs';
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
    // standard output: pino writes what is buffered synchronously on exit.
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
