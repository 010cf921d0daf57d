import net from 'node:net';

/**
 * A loopback TCP proxy in front of a real PostgreSQL or Redis, for fault tests: `cut()` resets every connection and
 * refuses new ones (a crashed or unreachable server), `freeze()` keeps every connection open but forwards nothing in
 * either direction (a hung server or a silent network partition: the hardest case, no error ever arrives), `heal()`
 * brings back normal service — what was held during a freeze is delivered, as a network that recovers would.
 */
export interface TcpProxy {
  /** The port the proxy listens on, on 127.0.0.1. */
  readonly port: number;
  /** Replaces the target's host:port in a URL with the proxy's. */
  rewrite(url: string): string;
  cut(): void;
  freeze(): void;
  heal(): void;
  /** Connections currently open through the proxy. */
  connections(): number;
  close(): Promise<void>;
}

type Mode = 'open' | 'cut' | 'frozen';

interface Pair {
  client: net.Socket;
  upstream?: net.Socket;
  /** Bytes held while frozen, per direction, delivered on heal. */
  held: { up: Buffer[]; down: Buffer[] };
}

export async function startTcpProxy(target: { host: string; port: number }, listenPort = 0): Promise<TcpProxy> {
  let mode: Mode = 'open';
  const pairs = new Set<Pair>();

  const destroy = (pair: Pair) => {
    pairs.delete(pair);
    pair.client.destroy();
    pair.upstream?.destroy();
  };

  const connectUpstream = (pair: Pair) => {
    const upstream = net.connect(target.port, target.host);
    pair.upstream = upstream;
    upstream.setNoDelay(true);
    upstream.on('data', (chunk: Buffer) => {
      if (mode === 'frozen') pair.held.down.push(chunk);
      else pair.client.write(chunk);
    });
    upstream.on('error', () => destroy(pair));
    upstream.on('close', () => destroy(pair));
    upstream.on('connect', () => {
      for (const chunk of pair.held.up.splice(0)) upstream.write(chunk);
    });
  };

  const server = net.createServer((client) => {
    if (mode === 'cut') {
      client.resetAndDestroy();
      return;
    }
    client.setNoDelay(true);
    const pair: Pair = { client, held: { up: [], down: [] } };
    pairs.add(pair);
    client.on('data', (chunk: Buffer) => {
      if (mode === 'frozen' || !pair.upstream || pair.upstream.connecting) pair.held.up.push(chunk);
      else pair.upstream.write(chunk);
    });
    client.on('error', () => destroy(pair));
    client.on('close', () => destroy(pair));
    // A connection accepted while frozen is held (no upstream yet), as a SYN that reaches a hung host would be.
    if (mode === 'open') connectUpstream(pair);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(listenPort, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as net.AddressInfo).port;

  return {
    port,
    rewrite(url) {
      const u = new URL(url);
      u.hostname = '127.0.0.1';
      u.port = String(port);
      return u.toString();
    },
    cut() {
      mode = 'cut';
      for (const pair of [...pairs]) {
        pair.client.resetAndDestroy();
        pair.upstream?.destroy();
        pairs.delete(pair);
      }
    },
    freeze() {
      mode = 'frozen';
    },
    heal() {
      mode = 'open';
      for (const pair of pairs) {
        if (!pair.upstream) {
          connectUpstream(pair);
          continue;
        }
        for (const chunk of pair.held.down.splice(0)) pair.client.write(chunk);
        if (!pair.upstream.connecting) for (const chunk of pair.held.up.splice(0)) pair.upstream.write(chunk);
      }
    },
    connections: () => pairs.size,
    close() {
      for (const pair of [...pairs]) destroy(pair);
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
