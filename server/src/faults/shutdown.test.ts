import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort, serverBuilt, spawnServer, startServer, type RunningServer } from '../test-support/server-process.js';

const PORT = 3714;
/** Generous against a loaded machine; the server's own bounds are a few seconds below these. */
const SLACK_MS = 4000;

const elapsed = (since: number) => Date.now() - since;

/** A POST whose body never finishes: a request in flight that no drain can wait out. */
function stuckRequest(port: number) {
  const socket = net.connect(port, '127.0.0.1');
  socket.on('error', () => {});
  socket.write(
    'POST /api/session HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"user',
  );
  return socket;
}

/** Access-log lines of ~2.7 KB each, 1.3 MB in all: far more than a pipe holds (its reader is paused). */
async function fillOutput(url: string) {
  // Short segments: a long one would be blanked in the log as possibly a credential.
  const long = `/api/no-such-route${'/abcdefghijklmnopqrstuvwxyz'.repeat(100)}`;
  for (let round = 0; round < 10; round++)
    await Promise.all(Array.from({ length: 50 }, () => fetch(`${url}${long}`).then((r) => r.text())));
}

describe.skipIf(!serverBuilt())('start-up and shutdown faults', () => {
  let server: RunningServer | undefined;
  const cleanups: (() => void)[] = [];
  const dataDir = () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-shutdown-'));
    cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
    return dir;
  };
  afterEach(() => {
    server?.child.kill('SIGKILL');
    server = undefined;
    for (const c of cleanups.splice(0)) c();
  });

  const listenCases: { name: string; env?: Record<string, string>; occupy?: boolean; message: RegExp }[] = [
    { name: 'a port in use', occupy: true, message: /the port is already in use \(EADDRINUSE\)/ },
    {
      name: 'a HOST that is not an address of this machine',
      env: { HOST: '192.0.2.1' },
      message: /HOST is not an address of this machine \(EADDRNOTAVAIL\)/,
    },
    {
      name: 'a HOST that does not resolve',
      env: { HOST: 'no-such-host.invalid' },
      message: /HOST does not resolve to an address \(E[A-Z_]+\)/,
    },
  ];
  it.each(listenCases)(
    '$name: exits 1 with one line on stderr, never saying "listening"',
    async (c) => {
      const port = await freePort(PORT);
      const holder = net.createServer();
      if (c.occupy) {
        await new Promise<void>((resolve) => holder.listen(port, '127.0.0.1', resolve));
        cleanups.push(() => holder.close());
      }
      server = spawnServer(dataDir(), port, c.env);
      const started = Date.now();
      const exit = await server.exited;
      expect(exit).toEqual({ code: 1, signal: null });
      expect(server.errors().trim().split('\n')).toEqual([
        expect.stringMatching(/^Tessera failed to start: cannot listen on /),
      ]);
      expect(server.errors()).toMatch(c.message);
      expect(server.output()).not.toMatch(/listening/i);
      console.log(`${c.name}: exit 1 after ${elapsed(started)} ms: ${server.errors().trim()}`);
    },
    60_000,
  );

  it.skipIf(process.getuid?.() === 0)(
    'a port below 1024 as non-root: exits 1, permission denied',
    async () => {
      server = spawnServer(dataDir(), 80);
      expect(await server.exited).toEqual({ code: 1, signal: null });
      expect(server.errors()).toMatch(/^Tessera failed to start: cannot listen on 127\.0\.0\.1:80: permission denied/);
      expect(server.output()).not.toMatch(/listening/i);
    },
    60_000,
  );

  it('ends at its shutdown timeout (exit 1) when a request never finishes, and at once on a second signal', async () => {
    const env = { TESSERA_DRAIN_GRACE_MS: '300', TESSERA_SHUTDOWN_TIMEOUT_MS: '4000' };
    const port = await freePort(PORT);
    server = await startServer(dataDir(), port, env);
    cleanups.push(() => stuck.destroy());
    const stuck = stuckRequest(port);
    await new Promise((r) => setTimeout(r, 200));
    let signalled = Date.now();
    server.child.kill('SIGTERM');
    expect(await server.exited).toEqual({ code: 1, signal: null });
    const timedOut = elapsed(signalled);
    expect(timedOut).toBeGreaterThanOrEqual(2500);
    expect(timedOut).toBeLessThan(4000 + SLACK_MS);
    expect(server.output()).toContain('shutdown took too long');

    // The same stuck request, a long timeout, and a second SIGTERM: gone at once.
    server = await startServer(dataDir(), port, { ...env, TESSERA_SHUTDOWN_TIMEOUT_MS: '60000' });
    const stuckAgain = stuckRequest(port);
    cleanups.push(() => stuckAgain.destroy());
    await new Promise((r) => setTimeout(r, 200));
    const firstAt = Date.now();
    server.child.kill('SIGTERM');
    // A repeat right after the first is the same request delivered twice (Ctrl-C under npm reaches the process group
    // and is forwarded too): ignored, the drain goes on. Sent at once, before the first is even handled.
    server.child.kill('SIGTERM');
    // The first signal handled (readiness fails, or the listener is closed) before the real second one is sent.
    const url = server.url;
    while (
      (await fetch(`${url}/api/ready`).then(
        (r) => r.status,
        () => 0,
      )) === 200
    )
      await new Promise((r) => setTimeout(r, 50));
    await new Promise((r) => setTimeout(r, Math.max(0, 1100 - (Date.now() - firstAt))));
    expect(server.output()).not.toContain('second signal');
    expect(server.child.exitCode).toBeNull();
    signalled = Date.now();
    server.child.kill('SIGTERM');
    expect(await server.exited).toEqual({ code: 1, signal: null });
    const second = elapsed(signalled);
    expect(second).toBeLessThan(1000 + SLACK_MS);
    expect(server.output()).toContain('second signal: exiting now');
    console.log(`stuck request: exit 1 ${timedOut} ms after SIGTERM (timeout 4000); second SIGTERM: ${second} ms`);
  }, 90_000);

  it.each([
    { name: 'a clean drain', stuck: false, code: 0, boundMs: 300 + 1000 },
    { name: 'a request that never finishes', stuck: true, code: 1, boundMs: 4000 },
  ])(
    'ends after SIGTERM although its parent stopped reading its output: $name, exit $code',
    async (c) => {
      const env = {
        TESSERA_LOG_LEVEL: 'debug',
        TESSERA_ACCESS_LOG: 'all',
        TESSERA_DRAIN_GRACE_MS: '300',
        TESSERA_SHUTDOWN_TIMEOUT_MS: '4000',
      };
      const port = await freePort(PORT);
      server = await startServer(dataDir(), port, env);
      const running = server;
      running.child.stdout!.pause();
      running.child.stderr!.pause();
      await fillOutput(running.url);
      if (c.stuck) {
        const stuck = stuckRequest(port);
        cleanups.push(() => stuck.destroy());
        await new Promise((r) => setTimeout(r, 200));
      }
      const signalled = Date.now();
      running.child.kill('SIGTERM');
      const exit = await Promise.race([
        running.exited,
        new Promise((r) => setTimeout(() => r('still running'), c.boundMs + 1000 + SLACK_MS)),
      ]);
      const took = elapsed(signalled);
      expect(exit).toEqual({ code: c.code, signal: null });
      expect(took).toBeLessThan(c.boundMs + 1000 + SLACK_MS);
      // Read what the pipes held: the lines that did not fit were dropped, and standard error said so.
      running.child.stdout!.resume();
      running.child.stderr!.resume();
      await new Promise((r) => setTimeout(r, 200));
      expect(running.errors()).toMatch(/tessera: \d+ bytes of log lines were dropped at exit/);
      console.log(`stopped reader, ${c.name}: exit ${c.code} ${took} ms after SIGTERM`);
    },
    60_000,
  );
});

describe.skipIf(serverBuilt())('start-up and shutdown faults', () => {
  it.skip('needs the built server: run `npm run build -w server` (the root `npm test` does) first', () => {});
});
