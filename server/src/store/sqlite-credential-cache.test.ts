import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ALL_SCOPES, scopeMask } from '../scopes/vocabulary.js';
import { CREDENTIAL_LOOKUP } from './sqlite-repositories.js';
import type { SqliteStore } from './sqlite.js';
import type { AuditEvent } from './audit.js';
import { createSqliteStore, GENERATION_RECHECK_MS } from './sqlite.js';
import { digestOf, newToken as tokenRow, newUser } from '../test-support/store-fixtures.js';

// The embedded store remembers credentials between lookups (sqlite.ts). These tests hold it to the one promise that
// makes that safe: every answer is the one the tables give at that moment, whoever changed them.

// A change made through another connection is seen within GENERATION_RECHECK_MS; one made through the same
// connection by the very next lookup.
const elsewhere = () => new Promise((resolve) => setTimeout(resolve, GENERATION_RECHECK_MS + 20));
const now = '2026-11-30T00:00:00.000Z';
const newToken = (userId: string) => tokenRow(userId, { description: 'cache test', createdAt: now });
const auditEvent = (): AuditEvent => ({
  id: randomUUID(),
  at: now,
  action: 'test',
  outcome: 'success',
  actorId: null,
  actorUsername: null,
  targetUserId: null,
  tokenId: null,
  ip: null,
  userAgent: null,
  details: null,
});

describe('the embedded store’s credential memory', () => {
  let dir: string;
  let a: SqliteStore;
  let b: SqliteStore;
  let owner: string;
  const lookUp = (digest: string) => a.authTokens.findCredential(digest);

  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-cache-'));
    // Two connections to one file: `a` answers lookups and remembers; `b` is a second process changing the tables.
    a = await createSqliteStore(dir);
    b = await createSqliteStore(dir, undefined, { credentialCacheSize: 0 });
    owner = (await a.users.create(newUser('owner'))).id;
  });
  afterEach(async () => {
    await a.close();
    await b.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('answers as the tables do once another connection has changed a token or its owner', async () => {
    const t = newToken(owner);
    await a.authTokens.create(t, 10);
    expect(lookUp(t.digest)?.tokenId).toBe(t.id);
    expect(lookUp(t.digest)?.tokenId).toBe(t.id); // now from memory

    await b.users.update(owner, { displayName: 'Renamed', updatedAt: now });
    await elsewhere();
    expect(lookUp(t.digest)?.user.displayName).toBe('Renamed');
    await b.users.update(owner, { role: 'admin', updatedAt: now });
    await elsewhere();
    expect(lookUp(t.digest)?.user.role).toBe('admin');
    await b.users.update(owner, { apiTokensEnabled: false, updatedAt: now });
    await elsewhere();
    expect(lookUp(t.digest)?.user.apiTokensEnabled).toBe(false);
    await b.users.update(owner, { apiTokensEnabled: true, disabled: true, updatedAt: now });
    await elsewhere();
    expect(lookUp(t.digest)?.user).toMatchObject({ apiTokensEnabled: true, disabled: true });

    const next = digestOf('regenerated');
    await b.authTokens.regenerate(owner, t.id, {
      digest: next,
      hint: 'tsr_…next',
      expiresAt: null,
      regeneratedAt: now,
    });
    await elsewhere();
    expect(lookUp(t.digest)).toBeUndefined();
    expect(lookUp(next)?.tokenId).toBe(t.id);

    await b.authTokens.delete(owner, t.id);
    await elsewhere();
    expect(lookUp(next)).toBeUndefined();
  });

  it('finds a token created elsewhere, though its digest was just looked up and not found', async () => {
    const t = newToken(owner);
    expect(lookUp(t.digest)).toBeUndefined();
    expect(lookUp(t.digest)).toBeUndefined(); // the unknown digest is remembered too
    await b.authTokens.create(t, 10);
    await elsewhere();
    expect(lookUp(t.digest)?.tokenId).toBe(t.id);
  });

  it('answers as the tables do right after a change through its own connection, without waiting', async () => {
    const t = newToken(owner);
    await a.authTokens.create(t, 10);
    expect(lookUp(t.digest)?.user.disabled).toBe(false);
    await a.users.update(owner, { disabled: true, updatedAt: now });
    expect(lookUp(t.digest)?.user.disabled).toBe(true);
    const next = digestOf('next');
    await a.authTokens.regenerate(owner, t.id, {
      digest: next,
      hint: 'tsr_…next',
      expiresAt: null,
      regeneratedAt: now,
    });
    expect(lookUp(t.digest)).toBeUndefined();
    expect(lookUp(next)?.tokenId).toBe(t.id);
    const created = newToken(owner);
    expect(lookUp(created.digest)).toBeUndefined();
    await a.authTokens.create(created, 10);
    expect(lookUp(created.digest)?.tokenId).toBe(created.id);
    await a.authTokens.delete(owner, t.id);
    expect(lookUp(next)).toBeUndefined();
  });

  it('refuses a token whose owner is deleted by another connection (cascade)', async () => {
    const t = newToken(owner);
    await a.authTokens.create(t, 10);
    expect(lookUp(t.digest)?.tokenId).toBe(t.id);
    await b.db.deleteFrom('users').where('id', '=', owner).execute();
    await elsewhere();
    expect(lookUp(t.digest)).toBeUndefined();
  });

  it('remembers nothing read inside an open transaction, which may still be rolled back', async () => {
    const t = newToken(owner);
    await a.authTokens.create(t, 10);
    await expect(
      a.db.transaction().execute(async (trx) => {
        await trx.deleteFrom('auth_tokens').where('id', '=', t.id).execute();
        expect(lookUp(t.digest)).toBeUndefined(); // this connection sees its own uncommitted delete
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    // The rollback took the generation back; a later change moves it to the number the rolled-back state had. An
    // answer remembered from inside the transaction would now pass for current, and refuse a token that exists.
    await b.authTokens.create(newToken(owner), 10);
    await elsewhere();
    expect(lookUp(t.digest)?.tokenId).toBe(t.id);
  });

  it('counts only the changes that can alter an answer, made by any path', async () => {
    const generation = async () =>
      (await sql<{ seq: number }>`select seq from credential_generation`.execute(b.db)).rows[0]!.seq;
    const t = newToken(owner);
    await a.authTokens.create(t, 10);
    const before = await generation();
    await b.authTokens.recordLastUses([{ tokenId: t.id, at: now, ip: '192.0.2.1' }]);
    await b.authTokens.update(owner, t.id, { description: 'only the description' });
    await b.users.update(owner, { passwordHash: 'another-hash', updatedAt: now });
    expect(await generation()).toBe(before);
    await sql`update auth_tokens set expires_at = ${now} where id = ${t.id}`.execute(b.db);
    expect(await generation()).toBe(before + 1);
    await elsewhere();
    expect(lookUp(t.digest)?.expiresAt).toBe(now);
  });

  it('keeps at most the configured number of answers and still answers every lookup correctly', async () => {
    const small = await createSqliteStore(dir, undefined, { credentialCacheSize: 2 });
    try {
      const tokens = [newToken(owner), newToken(owner), newToken(owner)];
      for (const t of tokens) await a.authTokens.create(t, 10);
      for (let round = 0; round < 3; round++)
        for (const t of tokens) expect(small.authTokens.findCredential(t.digest)?.tokenId).toBe(t.id);
      expect(small.authTokens.findCredential(digestOf('never issued'))).toBeUndefined();
      await b.authTokens.delete(owner, tokens[0]!.id);
      expect(small.authTokens.findCredential(tokens[0]!.digest)).toBeUndefined();
      expect(small.authTokens.findCredential(tokens[2]!.digest)?.tokenId).toBe(tokens[2]!.id);
    } finally {
      await small.close();
    }
  });

  it('hands out answers nobody can change for the next request', async () => {
    const t = newToken(owner);
    await a.authTokens.create(t, 10);
    const cred = lookUp(t.digest)!;
    expect(() => {
      (cred.user as { role: string }).role = 'admin';
    }).toThrow(TypeError);
    expect(lookUp(t.digest)?.user.role).toBe('user');
  });

  // Issue 18: scopes, network list and suspension are read and remembered with the credential; migration 0800
  // widened the generation trigger to those columns (were it left on the old ones, these would fail).
  it('sees a suspension and a resume made by another connection', async () => {
    const t = tokenRow(owner);
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
    const t = tokenRow(owner, { scopes: ['profile:read', 'tokens:read', 'activity:read'] });
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
    const t = tokenRow(owner);
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

  it('sees a project limit set, narrowed, a project deleted and the limit lifted by another connection', async () => {
    const project = async (name: string) => {
      const id = digestOf(name).slice(0, 32);
      const p = { id, domainId: 'default', name, description: '', enabled: true, createdAt: now, updatedAt: now };
      await b.projects.create({ ...p, createdBy: null }, auditEvent());
      return id;
    };
    const [p1, p2] = [await project('alpha'), await project('beta')];
    const t = newToken(owner);
    await a.authTokens.create(t, 10);
    expect(lookUp(t.digest)?.projects).toBeUndefined();
    expect(lookUp(t.digest)?.projects).toBeUndefined(); // now from memory

    await b.authTokens.update(owner, t.id, { projects: [p1, p2] }, auditEvent());
    await elsewhere();
    expect(lookUp(t.digest)?.projects).toEqual([p1, p2].sort());
    await b.authTokens.update(owner, t.id, { projects: [p2] }, auditEvent());
    await elsewhere();
    expect(lookUp(t.digest)?.projects).toEqual([p2]);
    // The project's deletion removes it from the limit; the token stays limited, to none.
    await b.projects.delete(p2, auditEvent());
    await elsewhere();
    expect(lookUp(t.digest)?.projects).toEqual([]);
    await b.authTokens.update(owner, t.id, { projects: null }, auditEvent());
    await elsewhere();
    expect(lookUp(t.digest)?.projects).toBeUndefined();
    // Through the remembering connection itself: seen by the very next lookup.
    await a.authTokens.update(owner, t.id, { projects: [p1] }, auditEvent());
    expect(lookUp(t.digest)?.projects).toEqual([p1]);
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
