import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EXIT_FLUSH_MS, LogDestination } from './log-destination.js';

const line = (i: number) => `{"msg":"line ${i}","pad":"${'x'.repeat(200)}"}\n`;

describe('LogDestination', () => {
  const cleanups: (() => void)[] = [];
  afterEach(() => {
    for (const c of cleanups.splice(0)) c();
  });
  const tempDir = () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-log-dest-'));
    cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
    return dir;
  };
  /** A named pipe's two ends, both non-blocking, as standard output is once Node opened it. */
  const fifo = () => {
    const file = path.join(tempDir(), 'out');
    execFileSync('mkfifo', [file]);
    const reader = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
    const writer = fs.openSync(file, fs.constants.O_WRONLY | fs.constants.O_NONBLOCK);
    cleanups.push(() => fs.closeSync(writer));
    return { reader, writer };
  };

  it('writes every line, in order, and drains', async () => {
    const file = path.join(tempDir(), 'log');
    const fd = fs.openSync(file, 'w');
    cleanups.push(() => fs.closeSync(fd));
    const reports: string[] = [];
    const d = new LogDestination(fd, (m) => reports.push(m));
    const lines = Array.from({ length: 100 }, (_, i) => line(i));
    for (const l of lines) d.write(l);
    expect(await d.drain(5000)).toBe(true);
    expect(fs.readFileSync(file, 'utf8')).toBe(lines.join(''));
    expect(reports).toEqual([]);
  });

  it('drops lines once the reader is gone (EPIPE), says so, and never waits for it', async () => {
    const { reader, writer } = fifo();
    fs.closeSync(reader);
    const reports: string[] = [];
    const d = new LogDestination(writer, (m) => reports.push(m));
    for (let i = 0; i < 50; i++) d.write(line(i));
    expect(await d.drain(5000)).toBe(true);
    d.write(line(50));
    const started = Date.now();
    d.flushSync();
    expect(Date.now() - started).toBeLessThan(500);
    expect(reports[0]).toMatch(/standard output failed \(EPIPE\); log lines are dropped from now on/);
    expect(reports.at(-1)).toMatch(/^\d+ log lines were dropped while standard output took none$/);
  });

  it('gives a reader that takes nothing EXIT_FLUSH_MS at exit, then drops the rest and says how much', async () => {
    const { reader, writer } = fifo();
    cleanups.push(() => fs.closeSync(reader));
    const reports: string[] = [];
    const d = new LogDestination(writer, (m) => reports.push(m));
    // Far more than a pipe holds; the reader never reads.
    for (let i = 0; i < 2000; i++) d.write(line(i));
    expect(await d.drain(300)).toBe(false);
    const started = Date.now();
    d.flushSync();
    const took = Date.now() - started;
    // drain() started the exit's clock: flushSync has only what is left of its second.
    expect(took).toBeLessThan(EXIT_FLUSH_MS + 500);
    expect(reports.at(-1)).toMatch(/^\d+ bytes of log lines were dropped at exit: standard output did not take them$/);
  });
});
