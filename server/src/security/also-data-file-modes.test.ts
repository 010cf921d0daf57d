import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ensureDataDir, sessionSecretFrom } from '../lib/data-dir.js';
import { createSqliteStore } from '../store/sqlite.js';
import { newUser } from '../test-support/store-fixtures.js';

// Also found: in a data directory that already existed, the SQLite files were created 0644 and the directory kept
// its 0755, so any local user could read the database (digests, password hashes, the audit log).
const modeOf = (p: string) => fs.statSync(p).mode & 0o7777;

describe.skipIf(process.platform === 'win32')('data file modes', () => {
  let parent: string;
  let umask: number;
  beforeEach(() => {
    parent = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-modes-'));
    // The common default: files 0644 and directories 0755 unless the code says otherwise.
    umask = process.umask(0o022);
  });
  afterEach(() => {
    process.umask(umask);
    fs.rmSync(parent, { recursive: true, force: true });
  });

  /** A directory made by the operator (or an older version) before the server first starts: 0755. */
  const preExisting = (name: string, mode = 0o755) => {
    const dir = path.join(parent, name);
    fs.mkdirSync(dir);
    fs.chmodSync(dir, mode);
    return dir;
  };

  it('keeps the SQLite database, its -wal and -shm 0600 and the directory 0700, also in a directory that existed', async () => {
    const dir = preExisting('data');
    const store = await createSqliteStore(dir);
    try {
      await store.users.create(newUser('alice'));
      const files = fs.readdirSync(dir);
      expect(files).toEqual(expect.arrayContaining(['tessera.sqlite', 'tessera.sqlite-wal', 'tessera.sqlite-shm']));
      for (const f of files) expect(modeOf(path.join(dir, f)).toString(8), f).toBe('600');
      expect(modeOf(dir).toString(8)).toBe('700');
    } finally {
      await store.close();
    }
  });

  it('tightens a database and journal files an older version left 0644', async () => {
    const dir = preExisting('old');
    const first = await createSqliteStore(dir);
    await first.users.create(newUser('alice'));
    await first.close();
    for (const f of fs.readdirSync(dir)) fs.chmodSync(path.join(dir, f), 0o644);
    fs.chmodSync(dir, 0o755);
    const again = await createSqliteStore(dir);
    try {
      expect((await again.users.getByUsername('alice'))?.username).toBe('alice');
      await again.users.create(newUser('bob'));
      for (const f of fs.readdirSync(dir)) expect(modeOf(path.join(dir, f)).toString(8), f).toBe('600');
      expect(modeOf(dir).toString(8)).toBe('700');
    } finally {
      await again.close();
    }
  });

  it('keeps a generated session secret 0600, tightening one left 0644, and the directory 0700', () => {
    const dir = preExisting('secret');
    const secret = sessionSecretFrom(dir, undefined);
    expect(secret.length).toBeGreaterThanOrEqual(32);
    const file = path.join(dir, 'session-secret');
    expect(modeOf(file).toString(8)).toBe('600');
    expect(modeOf(dir).toString(8)).toBe('700');
    fs.chmodSync(file, 0o644);
    fs.chmodSync(dir, 0o755);
    expect(sessionSecretFrom(dir, undefined)).toBe(secret);
    expect(modeOf(file).toString(8)).toBe('600');
    expect(modeOf(dir).toString(8)).toBe('700');
    // A configured secret writes nothing.
    const untouched = preExisting('configured');
    expect(sessionSecretFrom(untouched, 'from-the-environment')).toBe('from-the-environment');
    expect(fs.readdirSync(untouched)).toEqual([]);
  });

  it('creates a new directory 0700, and leaves a shared sticky one (such as /tmp) as it is', () => {
    const fresh = path.join(parent, 'a', 'b');
    expect(ensureDataDir(fresh)).toBe(true);
    expect(modeOf(fresh).toString(8)).toBe('700');
    const shared = preExisting('shared', 0o1777);
    expect(ensureDataDir(shared)).toBe(false);
    expect(modeOf(shared).toString(8)).toBe('1777');
  });
});
