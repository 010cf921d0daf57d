import http from 'node:http';
import type net from 'node:net';
import { expect } from 'vitest';

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
