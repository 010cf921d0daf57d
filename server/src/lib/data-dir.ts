import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';

/** The data directory: only the server's own user may list or enter it. */
export const DATA_DIR_MODE = 0o700;
/** A data file (the SQLite database and its -wal/-shm, generated secrets): only the server's own user reads it. */
export const DATA_FILE_MODE = 0o600;

/**
 * Creates the data directory 0700, or tightens an existing one (mkdir's mode applies only to a directory it creates).
 * A directory the server's user does not own, or a shared sticky one such as /tmp, is left as it is: the files in it
 * are still 0600. Returns whether the directory is now private, so a caller can warn.
 */
export function ensureDataDir(dir: string): boolean {
  fs.mkdirSync(dir, { recursive: true, mode: DATA_DIR_MODE });
  const st = fs.statSync(dir);
  if ((st.mode & 0o077) === 0) return true;
  const ownUid = typeof process.getuid === 'function' ? process.getuid() : undefined;
  if (ownUid === undefined || st.uid !== ownUid || (st.mode & 0o1000) !== 0) return false;
  fs.chmodSync(dir, DATA_DIR_MODE);
  return true;
}

/** Makes an existing file 0600 (one written by an older version, or under a loose umask); a missing one is skipped. */
export function makePrivate(file: string): void {
  try {
    fs.chmodSync(file, DATA_FILE_MODE);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
}

/**
 * Before SQLite opens `file`: the database created empty and 0600 when new (SQLite gives the -wal and -shm files it
 * makes the database file's mode), and a database and journal files left by an older version tightened to 0600.
 */
export function prepareDatabaseFile(file: string): void {
  fs.closeSync(fs.openSync(file, 'a', DATA_FILE_MODE));
  for (const f of [file, `${file}-wal`, `${file}-shm`, `${file}-journal`]) makePrivate(f);
}

/** The session secret: as configured, else generated once and kept (mode 0600) in the data directory. */
export function sessionSecretFrom(dataDir: string, configured: string | undefined): string {
  if (configured) return configured;
  const file = path.join(dataDir, 'session-secret');
  ensureDataDir(dataDir);
  try {
    const secret = fs.readFileSync(file, 'utf8').trim();
    makePrivate(file);
    return secret;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    const secret = randomBytes(32).toString('base64url');
    try {
      fs.writeFileSync(file, secret, { mode: DATA_FILE_MODE, flag: 'wx' });
    } catch (e) {
      // Another process starting on the same directory wrote it first: use theirs.
      if ((e as NodeJS.ErrnoException).code === 'EEXIST') return fs.readFileSync(file, 'utf8').trim();
      throw e;
    }
    return secret;
  }
}
