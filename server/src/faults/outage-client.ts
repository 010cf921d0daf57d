import http from 'node:http';
import type net from 'node:net';
import { expect } from 'vitest';
import {
  removeDir,
  signedInAdmin,
  startOnFreePort,
  tempDataDir,
  type RunningServer,
} from '../test-support/fault-server.js';
import { startTcpProxy, type TcpProxy } from '../test-support/tcp-proxy.js';

export interface OutageRig {
  proxy: TcpProxy;
  server: RunningServer;
  /** The admin's session, and a token of theirs. */
  cookie: string;
  token: string;
  stop(): Promise<void>;
}

/**
 * The built server with its connection to a dependency (PostgreSQL, Redis) through a loopback proxy the test cuts,
 * freezes and heals; `env` is given the dependency's URL through the proxy.
 */
export async function startBehindProxy(
  dependency: string,
  defaultPort: number,
  preferredPort: number,
  env: (proxied: string) => Record<string, string>,
): Promise<OutageRig> {
  const target = new URL(dependency);
  const proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || defaultPort) });
  const dataDir = tempDataDir('tessera-outage-');
  let server: RunningServer | undefined;
  const stop = async () => {
    server?.child.kill('SIGKILL');
    await proxy.close();
    removeDir(dataDir);
  };
  try {
    server = await startOnFreePort(dataDir, preferredPort, env(proxy.rewrite(dependency)));
    return { proxy, server, ...(await signedInAdmin(server.url, 'lives through an outage')), stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** An answer, how long it took, and the connection it came on (to tell a kept-alive one from a new one). */
export interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
  ms: number;
  socket: net.Socket;
}

/**
 * One connection, kept alive, for every request of a test: what one request costs the connection, the next one on it
 * shows (a reset rejects with ECONNRESET; a closed connection is replaced, which `socket` tells).
 */
export const keptAliveAgent = () => new http.Agent({ keepAlive: true, maxSockets: 1 });

export function send(
  agent: http.Agent,
  url: string,
  headers: Record<string, string> = {},
  method = 'GET',
): Promise<Answer> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = http.request(url, { agent, method, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () =>
        resolve({
          status: res.statusCode!,
          headers: res.headers,
          body,
          ms: performance.now() - started,
          socket: req.socket!,
        }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    // A hang is the failure these tests look for: named as such, long before the test's own timeout.
    req.setTimeout(15_000, () => req.destroy(new Error(`no answer to ${method} ${url} within 15 s`)));
    req.end();
  });
}

/** A 503 problem with Retry-After, the answer to a request a dependency failed. */
export function expectUnavailable(a: Answer, withinMs: number): void {
  expect(a.status, a.body).toBe(503);
  expect(a.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(Number(a.headers['retry-after'])).toBeGreaterThan(0);
  expect(JSON.parse(a.body)).toMatchObject({ status: 503, code: 'service_unavailable' });
  expect(a.ms).toBeLessThan(withinMs);
}

/** /api/ready: 503 not_ready within the 2 s the brief allows, whatever hangs behind it. */
export async function expectNotReady(agent: http.Agent, base: string): Promise<void> {
  const a = await send(agent, `${base}/api/ready`);
  expect(a.status, a.body).toBe(503);
  expect(JSON.parse(a.body)).toMatchObject({ code: 'not_ready' });
  expect(a.ms).toBeLessThan(2000);
}

/** A request, and what its answer must be. */
export type Step = [request: () => Promise<Answer>, check: (a: Answer) => void];

/**
 * The outage seen from one kept-alive connection: the `first` request, then each of `each` in turn, `rounds` times,
 * every answer checked and on the connection the first came on (a request a dependency failed must not cost the
 * client its connection); then /api/ready says 503. Returns that connection.
 */
export async function expectOutageOnOneConnection(
  agent: http.Agent,
  base: string,
  [request, check]: Step,
  rounds: number,
  each: Step[],
): Promise<net.Socket> {
  const first = await request();
  check(first);
  for (let i = 0; i < rounds; i++)
    for (const [next, expected] of each) {
      const a = await next();
      expected(a);
      expect(a.socket, 'the kept-alive connection').toBe(first.socket);
    }
  await expectNotReady(agent, base);
  return first.socket;
}

/** Polls /api/ready until it answers 200: the dependency is back and the server found it without a restart. */
export async function waitUntilReady(agent: http.Agent, base: string, withinMs = 15_000): Promise<number> {
  const started = performance.now();
  for (;;) {
    const a = await send(agent, `${base}/api/ready`);
    if (a.status === 200) return performance.now() - started;
    if (performance.now() - started > withinMs) throw new Error(`not ready ${withinMs} ms after the heal: ${a.body}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
