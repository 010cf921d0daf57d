import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTcpProxy, type TcpProxy } from './tcp-proxy.js';

/** An echo server stands in for PostgreSQL or Redis: what matters is what the proxy forwards, holds or resets. */
let echo: net.Server;
let proxy: TcpProxy;

beforeAll(async () => {
  echo = net.createServer((s) => s.pipe(s));
  await new Promise<void>((r) => echo.listen(0, '127.0.0.1', () => r()));
  proxy = await startTcpProxy({ host: '127.0.0.1', port: (echo.address() as net.AddressInfo).port });
});
afterAll(async () => {
  await proxy.close();
  await new Promise((r) => echo.close(r));
});

const connect = () =>
  new Promise<net.Socket>((resolve, reject) => {
    const s = net.connect(proxy.port, '127.0.0.1', () => resolve(s));
    s.once('error', reject);
  });
/** The next data on `s`, or 'silence' after `ms`, or 'closed'. */
const nextData = (s: net.Socket, ms: number) =>
  new Promise<string>((resolve) => {
    const t = setTimeout(() => resolve('silence'), ms);
    s.once('data', (d) => (clearTimeout(t), resolve(d.toString())));
    s.once('close', () => (clearTimeout(t), resolve('closed')));
  });

describe('tcp proxy', () => {
  it('forwards, holds while frozen and delivers on heal, resets when cut', async () => {
    const s = await connect();
    s.write('one');
    expect(await nextData(s, 2000)).toBe('one');

    proxy.freeze();
    s.write('two');
    expect(await nextData(s, 200)).toBe('silence');
    const held = await connect(); // accepted, but not forwarded while frozen
    held.write('three');
    expect(await nextData(held, 200)).toBe('silence');

    proxy.heal();
    expect(await nextData(s, 2000)).toBe('two');
    expect(await nextData(held, 2000)).toBe('three');

    proxy.cut();
    expect(await nextData(s, 2000)).toBe('closed');
    const refused = await connect().then(
      (x) => nextData(x, 2000),
      () => 'refused',
    );
    expect(['closed', 'refused']).toContain(refused);
    expect(proxy.connections()).toBe(0);
    proxy.heal();
    const again = await connect();
    again.write('four');
    expect(await nextData(again, 2000)).toBe('four');
    again.destroy();
    held.destroy();
  });

  it('rewrites a URL to point at the proxy', () => {
    expect(proxy.rewrite('postgres://postgres@127.0.0.1:5432/test')).toBe(
      `postgres://postgres@127.0.0.1:${proxy.port}/test`,
    );
  });
});
