import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';

export interface ServerProcess {
  name: string;
  url: string;
  pid: number;
  /** Peak resident set size since start, in MB (VmHWM): includes start-up (migrations, the admin's argon2 hash). */
  peakRssMb(): number;
  /** Reads the current resident set size and keeps the largest seen: call it while the server is under load. */
  sampleRss(): void;
  /** The largest resident set size sampled under load, in MB. */
  loadRssMb(): number;
  stop(): Promise<void>;
}

const running = new Set<ChildProcess>();

// Whatever happens to the benchmark (error, Ctrl-C), the servers it started do not outlive it.
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    for (const child of running) child.kill('SIGKILL');
    process.exit(130);
  });
}

/** CPU time (user + system, every thread) a process has used so far, in ms; /proc counts in 1/100 s. */
export function cpuMs(pid: number): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return NaN;
  }
}

function vmKb(pid: number, field: 'VmHWM' | 'VmRSS'): number {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
    return match ? Number(match[1]) : 0;
  } catch {
    return 0;
  }
}

async function waitUntilAnswering(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`exited with code ${child.exitCode} before answering`);
    try {
      await fetch(url, { signal: AbortSignal.timeout(1000) });
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  throw new Error(`did not answer ${url} within ${timeoutMs / 1000} s`);
}

/** Starts a server process with its output in a log file and waits (bounded) until it answers HTTP. */
export async function startServer(opts: {
  name: string;
  args: string[];
  /** The whole environment of the child: nothing is inherited implicitly. */
  env: Record<string, string>;
  port: number;
  logFile: string;
  readyPath: string;
  startTimeoutMs?: number;
}): Promise<ServerProcess> {
  const out = fs.openSync(opts.logFile, 'a');
  const child = spawn(process.execPath, opts.args, {
    env: { ...opts.env, PORT: String(opts.port) },
    stdio: ['ignore', out, out],
  });
  fs.closeSync(out);
  running.add(child);
  child.once('exit', () => running.delete(child));
  const url = `http://127.0.0.1:${opts.port}`;
  try {
    await waitUntilAnswering(url + opts.readyPath, child, opts.startTimeoutMs ?? 120_000);
  } catch (err) {
    child.kill('SIGKILL');
    throw new Error(`${opts.name} ${(err as Error).message}; see ${opts.logFile}`);
  }
  const pid = child.pid!;
  let maxRssKb = 0;
  return {
    name: opts.name,
    url,
    pid,
    peakRssMb: () => Math.round(vmKb(pid, 'VmHWM') / 1024),
    sampleRss: () => {
      maxRssKb = Math.max(maxRssKb, vmKb(pid, 'VmRSS'));
    },
    loadRssMb: () => Math.round(maxRssKb / 1024),
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
