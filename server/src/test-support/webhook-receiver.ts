import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

/** One request as the receiver got it, and whether its Standard Webhooks signature verified. */
export interface Received {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  /** The verified payload, or the verification error's message. */
  verified: { ok: true; payload: unknown } | { ok: false; error: string };
}

/**
 * A webhook receiver on loopback (an ephemeral port): it verifies each request with the standardwebhooks library
 * against the secret it is given, records it, and answers with the next status queued (200 once the queue is empty).
 * `hang` holds answers back (a receiver that never responds).
 */
export class WebhookReceiver {
  readonly received: Received[] = [];
  secret: string | undefined;
  /** How long each answer waits (a slow receiver keeps attempts in flight together). */
  delayMs = 0;
  private readonly statuses: number[] = [];
  private hang = false;
  private readonly server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      this.received.push({ path: req.url ?? '', headers: req.headers, body, verified: this.verify(body, req.headers) });
      if (this.hang) return;
      const status = this.statuses.shift() ?? 200;
      if (status >= 300 && status < 400) res.setHeader('location', `${this.url}/elsewhere`);
      setTimeout(() => res.writeHead(status, { 'content-type': 'text/plain' }).end('ok'), this.delayMs);
    });
  });

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return this;
  }

  /** Answers the next requests with these statuses, in order. */
  answer(...statuses: number[]): void {
    this.statuses.push(...statuses);
  }

  hangUp(on: boolean): void {
    this.hang = on;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private verify(body: string, headers: http.IncomingHttpHeaders): Received['verified'] {
    if (!this.secret) return { ok: false, error: 'no secret set' };
    try {
      const flat = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, String(v)]));
      return { ok: true, payload: new Webhook(this.secret).verify(body, flat) };
    } catch (err) {
      return { ok: false, error: err instanceof Error ? err.message : String(err) };
    }
  }
}
