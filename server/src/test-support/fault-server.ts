import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { adminCookie, createToken, freePort, startServer, type RunningServer } from './server-process.js';

export { FAULT_ADMIN_PASSWORD, serverBuilt, type RunningServer } from './server-process.js';

/** The PostgreSQL and Redis of the optional suites (.ci/run sets both when they answer). */
export const databaseUrl = process.env.TEST_DATABASE_URL;
export const redisUrl = process.env.TEST_REDIS_URL;

/** How many rounds a fault test repeats its kill; FAULT_ROUNDS=50 for a long soak. */
export const faultRounds = () => Number(process.env.FAULT_ROUNDS ?? 10);

/** A fresh data directory under the system's temporary one. */
export const tempDataDir = (prefix: string) => fs.mkdtempSync(path.join(os.tmpdir(), prefix));

export const removeDir = (dir: string) => fs.rmSync(dir, { recursive: true, force: true });

/**
 * Starts the built server on the first free port of this worker's range from `preferred` (`freePort`). Another process
 * may take that port between the probe and the server's own listen (another run of the suite on the machine): the
 * server then exits with EADDRINUSE, and the next free port is tried.
 */
export async function startOnFreePort(
  dataDir: string,
  preferred: number,
  env: Record<string, string> = {},
): Promise<RunningServer> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await startServer(dataDir, await freePort(preferred + attempt), env);
    } catch (err) {
      if (attempt >= 5 || !(err instanceof Error) || !err.message.includes('EADDRINUSE')) throw err;
    }
  }
}

/** Signs the admin in and makes a token with that session: the cookie, and the token's secret. */
export async function signedInAdmin(url: string, description: string): Promise<{ cookie: string; token: string }> {
  const cookie = await adminCookie(url);
  return { cookie, token: (await createToken(url, cookie, description)).token };
}
