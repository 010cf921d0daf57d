import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ALL_SCOPES, scopeMask } from '../scopes/vocabulary.js';
import { CREDENTIAL_LOOKUP } from './sqlite-repositories.js';
import type { SqliteStore } from './sqlite.js';
import { createSqliteStore, GENERATION_RECHECK_MS } from './sqlite.js';
import { newToken, newUser } from '../test-support/store-fixtures.js';

// Issue 18: a token's scopes, network list and suspension are read with the credential (one lookup) and remembered
// with it by the embedded store. Migration 0800 widened the credential generation trigger to those columns, so a
// change another process makes reaches this process's memory like any other change: within GENERATION_RECHECK_MS.
// Were the trigger left on the old columns, the remembered answer would stand for good and these tests would fail.
const elsewhere = () => new Promise((resolve) => setTimeout(resolve, GENERATION_RECHECK_MS + 20));

describe('the embedded store’s credential memory and issue 18’s columns', () => {
  let dir: string;
  let a: SqliteStore;
  let b: SqliteStore;
  let owner: string;
  const lookUp = (digest: string) => a.authTokens.findCredential(digest);

  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-least-privilege-'));
    // Two connections to one file: `a` verifies and remembers; `b` stands for a second process changing tokens.
    a = await createSqliteStore(dir);
    b = await createSqliteStore(dir, undefined, { credentialCacheSize: 0 });
    owner = (await a.users.create(newUser('owner'))).id;
  });
  afterEach(async () => {
    await a.close();
    await b.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('sees a suspension and a resume made by another connection', async () => {
    const t = newToken(owner);
    await a.authTokens.create(t, 10);
    expect(lookUp(t.digest)?.suspended).toBe(false);
    expect(lookUp(t.digest)?.suspended).toBe(false); // now from memory

    await b.authTokens.setSuspended(owner, t.id, '2026-12-08T10:00:00.000Z');
    await elsewhere();
    expect(lookUp(t.digest)?.suspended).toBe(true);

    await b.authTokens.setSuspended(owner, t.id, null);
    await elsewhere();
    expect(lookUp(t.digest)?.suspended).toBe(false);
  });

  it('sees scopes narrowed and widened by another connection', async () => {
    const t = newToken(owner, { scopes: ['profile:read', 'tokens:read', 'activity:read'] });
    await a.authTokens.create(t, 10);
    lookUp(t.digest);
    expect(lookUp(t.digest)).toMatchObject({
      scopes: scopeMask(['profile:read', 'tokens:read', 'activity:read']),
      fullAccess: false,
    });

    await b.authTokens.update(owner, t.id, { scopes: ['tokens:read'] });
    await elsewhere();
    expect(lookUp(t.digest)).toMatchObject({ scopes: scopeMask(['tokens:read']), fullAccess: false });

    await b.authTokens.update(owner, t.id, { scopes: null });
    await elsewhere();
    expect(lookUp(t.digest)).toMatchObject({ scopes: ALL_SCOPES, fullAccess: true });
  });

  it('sees a network list set, changed and cleared by another connection', async () => {
    const t = newToken(owner);
    await a.authTokens.create(t, 10);
    lookUp(t.digest);
    expect(lookUp(t.digest)?.networks).toBeNull();

    await b.authTokens.update(owner, t.id, { allowedNetworks: ['203.0.113.0/24', '2001:db8::/32'] });
    await elsewhere();
    const restricted = lookUp(t.digest)!.networks!;
    expect(restricted.list).toEqual(['203.0.113.0/24', '2001:db8::/32']);
    expect(restricted.allows('127.0.0.1')).toBe(false);
    expect(restricted.allows('203.0.113.9')).toBe(true);

    await b.authTokens.update(owner, t.id, { allowedNetworks: ['127.0.0.1/32'] });
    await elsewhere();
    expect(lookUp(t.digest)!.networks!.allows('127.0.0.1')).toBe(true);

    await b.authTokens.update(owner, t.id, { allowedNetworks: [] });
    await elsewhere();
    expect(lookUp(t.digest)?.networks).toBeNull();
  });

  it('reads the credential from the covering index alone, never the table row', () => {
    // The lookup names its index; the plan must also say it covers every column read (0800 widened it), and the
    // owner comes by its primary key: no scan anywhere.
    const db = new SqliteDatabase(path.join(dir, 'tessera.sqlite'), { readonly: true });
    try {
      const plan = db
        .prepare<[string], { detail: string }>(`explain query plan ${CREDENTIAL_LOOKUP}`)
        .all('0'.repeat(64))
        .map((r) => r.detail);
      expect(plan).toContain('SEARCH t USING COVERING INDEX auth_tokens_digest_covering (digest=?)');
      expect(plan.filter((d) => d.startsWith('SCAN'))).toEqual([]);
    } finally {
      db.close();
    }
  });
});
