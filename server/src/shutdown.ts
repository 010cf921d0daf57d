import type { Server } from 'node:http';
import type { Logger } from 'pino';
import { EXIT_FLUSH_MS, type LogDestination } from './log-destination.js';

/**
 * Ends the process with `code` after at most EXIT_FLUSH_MS spent writing the log lines still held (the rest are
 * dropped, and standard error says so). Only the first call counts.
 */
export function exitAfterLog(destination: LogDestination): (code: number) => void {
  let exiting = false;
  return (code) => {
    if (exiting) return;
    exiting = true;
    // Should the event loop empty first, the process still ends with this code.
    process.exitCode = code;
    void destination.drain(EXIT_FLUSH_MS).then(() => process.exit(code));
  };
}

export interface DrainOptions {
  server: Server;
  logger: Logger;
  /** How long answers close their connection before the server stops accepting (TESSERA_DRAIN_GRACE_MS). */
  graceMs: number;
  /** The process is gone this long after the first signal, whatever still runs (TESSERA_SHUTDOWN_TIMEOUT_MS). */
  timeoutMs: number;
  /** Runs once the server has closed: flushes and closes what the process holds. */
  finish: () => Promise<void>;
  exit: (code: number) => void;
}

/** A signal this soon after the first is the same request delivered twice. */
const REPEATED_SIGNAL_MS = 1000;

/**
 * SIGTERM or SIGINT drains: answers close their connections for `graceMs`, then the server stops accepting, requests
 * in flight finish, `finish` runs and the process exits 0; at `timeoutMs` it exits 1 regardless. A second signal,
 * a second or more after the first, exits 1 at once. Returns whether a drain has begun (readiness answers 503 from then on).
 */
export function drainOnSignals(o: DrainOptions): () => boolean {
  let stopping = false;
  let firstAt = 0;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      // Ctrl-C under `npm start` delivers SIGINT twice at once (to the process group, and forwarded by npm): the same
      // request to stop, not an impatient second one, so it still drains.
      if (Date.now() - firstAt < REPEATED_SIGNAL_MS) return;
      o.logger.warn({ signal }, 'second signal: exiting now, requests still in flight are cut off');
      o.exit(1);
      return;
    }
    stopping = true;
    firstAt = Date.now();
    o.logger.info({ signal }, 'shutting down: draining requests');
    // The log's last lines get their own EXIT_FLUSH_MS inside the bound.
    setTimeout(
      () => {
        o.logger.error({ timeoutMs: o.timeoutMs }, 'shutdown took too long: exiting with requests still in flight');
        o.exit(1);
      },
      Math.max(0, o.timeoutMs - EXIT_FLUSH_MS),
    ).unref();
    // Every answer from now on closes its connection, so a request already on its way over a kept-alive connection
    // is answered rather than reset (closing "idle" connections at once reset the ones whose request had arrived but
    // not yet been read: a restart test saw it on a loaded machine), and its client opens no more work here.
    o.server.prependListener('request', (_req, res) => res.setHeader('Connection', 'close'));
    setTimeout(() => {
      o.server.close(() => {
        o.finish().then(
          () => {
            o.logger.info('stopped');
            o.exit(0);
          },
          (err: unknown) => {
            o.logger.error({ err }, 'shutdown failed');
            o.exit(1);
          },
        );
      });
      // A keep-alive socket whose request was in flight goes idle only later: close it when it does.
      setInterval(() => o.server.closeIdleConnections(), 100).unref();
    }, o.graceMs).unref();
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  return () => stopping;
}
