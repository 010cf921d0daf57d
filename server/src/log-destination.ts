import fs from 'node:fs';
import type { DestinationStream } from 'pino';

/** Lines are gathered to this many characters per write (docs/decisions/0004-performance-deviations.md §2). */
const GATHER_CHARS = 4096;
/** At most this long (ms) between a log line and its write. */
const FLUSH_EVERY_MS = 500;
/** While the reader takes nothing, at most this much waits in memory; later lines are dropped and counted. */
const MAX_HELD_CHARS = 8 * 1024 * 1024;
/** A write the reader had no room for (EAGAIN) is tried again after this long (ms). */
const RETRY_MS = 50;
/** At exit, how long (ms) the last lines may wait for the reader before they are dropped. */
export const EXIT_FLUSH_MS = 1000;

const sleeper = new Int32Array(new SharedArrayBuffer(4));
const code = (err: unknown) => (err as NodeJS.ErrnoException).code;

/**
 * Log lines gathered in memory and written to a non-blocking descriptor, so that a reader that stops reading can
 * neither block the process nor its exit: pino's own destination retries a full pipe forever in its exit flush
 * (and a broken one too), and a write blocked in libuv's thread pool holds `process.exit` for ever (issue 22).
 */
export class LogDestination implements DestinationStream {
  private held = '';
  /** The chunk handed to a write, until it is all written; a retry waits on `retry`. */
  private chunk: Buffer | undefined;
  private retry: NodeJS.Timeout | undefined;
  /** The reader is gone (EPIPE) or the descriptor failed: lines are dropped from then on. */
  private broken = false;
  private droppedLines = 0;
  private exitDeadline: number | undefined;
  private drained: (() => void)[] = [];

  constructor(
    private readonly fd: number,
    private readonly report: (message: string) => void,
  ) {}

  write(line: string): void {
    if (this.broken || this.held.length + line.length > MAX_HELD_CHARS) {
      if (this.droppedLines++ === 0 && !this.broken)
        this.report('standard output takes no log lines; dropping them until it does');
      return;
    }
    this.held += line;
    if (this.chunk === undefined && this.held.length >= GATHER_CHARS) this.writeHeld();
  }

  /** Starts writing what is held, unless a write is under way (which goes on with it). */
  flush(): void {
    if (this.chunk === undefined && this.held.length > 0) this.writeHeld();
  }

  /** Writes what is held, waiting at most `ms`; true if all of it went. */
  drain(ms: number): Promise<boolean> {
    this.exitDeadline ??= Date.now() + ms;
    this.flush();
    if (this.idle()) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), ms);
      timer.unref();
      this.drained.push(() => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  }

  /**
   * At exit, with no event loop left: writes what is held for at most EXIT_FLUSH_MS (or what remains of a `drain`'s
   * wait), then drops the rest and says so on standard error. A chunk already in the thread pool is left to it.
   */
  flushSync(): void {
    const deadline = this.exitDeadline ?? Date.now() + EXIT_FLUSH_MS;
    let data = Buffer.from(this.held);
    this.held = '';
    if (this.retry && this.chunk) {
      clearTimeout(this.retry);
      data = Buffer.concat([this.chunk, data]);
      this.chunk = undefined;
    }
    while (data.length > 0 && !this.broken) {
      try {
        data = data.subarray(fs.writeSync(this.fd, data));
      } catch (err) {
        if (code(err) !== 'EAGAIN' || Date.now() >= deadline) break;
        Atomics.wait(sleeper, 0, 0, 10);
      }
    }
    if (this.droppedLines > 0)
      this.report(`${this.droppedLines} log lines were dropped while standard output took none`);
    if (data.length > 0)
      this.report(`${data.length} bytes of log lines were dropped at exit: standard output did not take them`);
  }

  private idle() {
    return this.chunk === undefined && this.held.length === 0;
  }

  private writeHeld() {
    this.chunk = Buffer.from(this.held);
    this.held = '';
    this.writeChunk();
  }

  private writeChunk() {
    this.retry = undefined;
    const chunk = this.chunk!;
    fs.write(this.fd, chunk, 0, chunk.length, null, (err, written) => {
      if (err && code(err) === 'EAGAIN') {
        this.retry = setTimeout(() => this.writeChunk(), RETRY_MS);
        this.retry.unref();
        return;
      }
      if (err) {
        this.broken = true;
        this.droppedLines += (this.held.match(/\n/g)?.length ?? 0) + 1;
        this.held = '';
        this.chunk = undefined;
        this.report(`standard output failed (${code(err) ?? err.message}); log lines are dropped from now on`);
      } else if (written < chunk.length) {
        this.chunk = chunk.subarray(written);
        this.writeChunk();
        return;
      } else {
        this.chunk = undefined;
        if (this.held.length >= GATHER_CHARS || (this.drained.length > 0 && this.held.length > 0)) {
          this.writeHeld();
          return;
        }
      }
      for (const done of this.drained.splice(0)) done();
    });
  }
}

/**
 * Standard output as the log's destination, flushed every FLUSH_EVERY_MS and, boundedly, at exit. Opening standard
 * output and error through Node first puts a pipe or socket in non-blocking mode (libuv's uv_pipe_open): a reader
 * that stops then fails writes with EAGAIN, retried later, instead of blocking a thread (and the exit) for ever.
 */
export function openLogDestination(): LogDestination {
  // Errors once the reader is gone are the log's to report (a pipe's EPIPE would otherwise end the process).
  process.stdout.on('error', () => {});
  process.stderr.on('error', () => {});
  const destination = new LogDestination(1, (message) => process.stderr.write(`tessera: ${message}\n`));
  setInterval(() => destination.flush(), FLUSH_EVERY_MS).unref();
  process.once('exit', () => destination.flushSync());
  return destination;
}
