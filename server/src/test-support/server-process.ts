import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The built server; the root `npm test` builds before the unit tests run. */
export const SERVER_MAIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../dist/main.js');
export const serverBuilt = () => fs.existsSync(SERVER_MAIN);

export const FAULT_ADMIN_PASSWORD = 'fault-injection-admin-pw';

export interface RunningServer {
  child: ChildProcess;
  url: string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Standard output and error as read so far. */
  output(): string;
  /** Standard error alone. */
  errors(): string;
}

const canListen = (port: number) =>
  new Promise<boolean>((resolve) => {
    const probe = net.createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });

/**
 * A free port in this Vitest worker's range of 20 from 3700 (3700–3719 for the first, 3720–3739 for the second …),
 * starting at `preferred`'s place in it: another run of the same tests (a colleague's, or CI's) may hold the preferred
 * one, and a health check answered by someone else's server would prove nothing. Files running at once in other
 * workers probe other ports: two of them finding one port free, the second server to listen would fail.
 */
export async function freePort(preferred: number): Promise<number> {
  const first = 3700 + 20 * (Number(process.env.VITEST_POOL_ID ?? 1) - 1);
  for (let i = 0; i < 20; i++) {
    const port = first + ((preferred - 3700 + i) % 20);
    if (await canListen(port)) return port;
  }
  throw new Error(`no free port in ${first}-${first + 19}`);
}

/** Spawns `node server/dist/main.js` on loopback with its output piped here; does not wait for it. */
export function spawnServer(dataDir: string, port: number, env: Record<string, string> = {}) {
  const child = spawn(process.execPath, [SERVER_MAIN], {
    env: {
      PATH: process.env.PATH ?? '',
      HOST: '127.0.0.1',
      PORT: String(port),
      TESSERA_DATA_DIR: dataDir,
      TESSERA_ADMIN_PASSWORD: FAULT_ADMIN_PASSWORD,
      // Info, for the "listening" line that proves this child, not another process, holds the port.
      TESSERA_LOG_LEVEL: 'info',
      TESSERA_ACCESS_LOG: 'errors',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => {
    out += d.toString();
    err += d.toString();
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return { child, url: `http://127.0.0.1:${port}`, exited, output: () => out, errors: () => err };
}

/** Starts `node server/dist/main.js` on loopback and waits until /api/health answers. */
export async function startServer(dataDir: string, port: number, env: Record<string, string> = {}) {
  const spawned = spawnServer(dataDir, port, env);
  const { child, url, output } = spawned;
  const deadline = Date.now() + 20_000;
  for (;;) {
    // A server that exited (port taken) must not be mistaken for whatever else answers on the port.
    if (child.exitCode !== null) throw new Error(`server exited at start: ${output()}`);
    try {
      if (output().includes('Tessera is listening') && (await fetch(`${url}/api/health`)).ok) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`server did not become healthy: ${output()}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return spawned satisfies RunningServer;
}

/** Signs in as the admin and returns the session cookie. */
export async function adminCookie(url: string): Promise<string> {
  const res = await fetch(`${url}/api/session`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'Sec-Fetch-Site': 'same-origin' },
    body: JSON.stringify({ username: 'admin', password: FAULT_ADMIN_PASSWORD }),
  });
  if (res.status !== 200) throw new Error(`sign-in failed: ${res.status}`);
  return res.headers.getSetCookie()[0]!.split(';')[0]!;
}

/** Creates a token as the admin (cookie) and returns the create response. */
export async function createToken(url: string, cookie: string, description: string) {
  const res = await fetch(`${url}/api/users/me/auth-tokens`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'Sec-Fetch-Site': 'same-origin', Cookie: cookie },
    body: JSON.stringify({ description }),
  });
  if (res.status !== 201) throw new Error(`create failed: ${res.status}`);
  return (await res.json()) as { id: string; token: string; lastUsedAt: string | null };
}

export async function whoami(url: string, token: string) {
  const res = await fetch(`${url}/api/whoami`, { headers: { Authorization: `Bearer ${token}` } });
  return { status: res.status, body: (await res.json()) as { tokenId?: string } };
}
