import net from 'node:net';

/**
 * Redis's MONITOR on a connection of its own: every command any client sends, as Redis runs it, with the sending
 * connection's address. Tests use it to prove that a path sends Redis nothing (the Redis is shared with other runs, so
 * they look only at the connections they identified by a key of their own).
 */
export interface RedisMonitor {
  /** Resolves once a command naming `text` has been seen (10 s at most). */
  waitFor(text: string): Promise<void>;
  /** The address (host:port) of the connection that sent the first command naming `text`. */
  clientOf(text: string): string | undefined;
  /** Every command seen so far from that connection. */
  linesFrom(client: string): string[];
  close(): Promise<void>;
}

export async function redisMonitor(redisUrl: string): Promise<RedisMonitor> {
  const url = new URL(redisUrl);
  const socket = net.connect(Number(url.port || 6379), url.hostname);
  const lines: { client: string; text: string }[] = [];
  let buffered = '';
  let ready: () => void;
  const started = new Promise<void>((resolve) => (ready = resolve));
  socket.on('data', (chunk: Buffer) => {
    buffered += chunk.toString('utf8');
    let end: number;
    while ((end = buffered.indexOf('\r\n')) >= 0) {
      const line = buffered.slice(0, end);
      buffered = buffered.slice(end + 2);
      if (line === '+OK') ready();
      // +1733540000.123456 [0 127.0.0.1:54321] "INCR" "key"
      const m = /^\+\d+\.\d+ \[\d+ ([^\]]+)\] (.*)$/.exec(line);
      if (m) lines.push({ client: m[1]!, text: m[2]! });
    }
  });
  socket.on('error', () => {});
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  const auth = url.password
    ? `AUTH ${decodeURIComponent(url.username || 'default')} ${decodeURIComponent(url.password)}\r\n`
    : '';
  socket.write(`${auth}MONITOR\r\n`);
  await started;

  const find = (text: string) => lines.find((l) => l.text.includes(text));
  return {
    async waitFor(text) {
      const deadline = Date.now() + 10_000;
      while (!find(text)) {
        if (Date.now() > deadline) throw new Error(`MONITOR never saw ${text}`);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    clientOf: (text) => find(text)?.client,
    linesFrom: (client) => lines.filter((l) => l.client === client).map((l) => l.text),
    close: () =>
      new Promise<void>((resolve) => {
        socket.once('close', () => resolve());
        socket.end();
        socket.destroy();
      }),
  };
}
