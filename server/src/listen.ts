import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A listen failure, in one line that says what to change. */
export function listenFailure(err: NodeJS.ErrnoException, host: string, port: number): string {
  const where = `${host}:${port}`;
  switch (err.code) {
    case 'EADDRINUSE':
      return `cannot listen on ${where}: the port is already in use (EADDRINUSE); stop what holds it or choose another PORT`;
    case 'EACCES':
    case 'EPERM':
      return `cannot listen on ${where}: permission denied (${err.code}); ports below 1024 need root or CAP_NET_BIND_SERVICE, so choose PORT 1024 or above behind a proxy`;
    case 'EADDRNOTAVAIL':
      return `cannot listen on ${where}: HOST is not an address of this machine (EADDRNOTAVAIL)`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EAI_FAIL':
      return `cannot listen on ${where}: HOST does not resolve to an address (${err.code})`;
    default:
      return `cannot listen on ${where}: ${err.message}`;
  }
}

/** Listens, resolving with the bound address once listening, rejecting with a one-line message if it cannot. */
export function listen(server: Server, port: number, host: string): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    const failed = (err: NodeJS.ErrnoException) => reject(new Error(listenFailure(err, host, port)));
    server.once('error', failed);
    server.listen(port, host, () => {
      server.off('error', failed);
      resolve(server.address() as AddressInfo);
    });
  });
}
