import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { backends, openTestStore, type TestStore } from '../test-support/harness.js';
import { at, digestOf, newToken, newUser } from '../test-support/store-fixtures.js';
import type { Database } from './schema.js';
import type { Store } from './store.js';
import { ALL_SCOPES, scopeMask } from '../scopes/vocabulary.js';

describe.each(backends)('store on %s', (kind) => {
  let ts: TestStore;
  let store: Store;
  beforeEach(async () => {
    ts = await openTestStore(kind);
    store = ts.store;
  });
  afterEach(async () => {
    await ts.cleanup();
  });

  describe('users', () => {
    it('creates, reads, updates and counts users; the secret only through the *WithSecret reads', async () => {
      expect(await store.users.count()).toBe(0);
      const u = await store.users.create(newUser('alice', { role: 'admin', apiTokensEnabled: false }));
      expect(u).toMatchObject({ username: 'alice', role: 'admin', disabled: false, apiTokensEnabled: false });
      expect(u).not.toHaveProperty('passwordHash');
      expect(await store.users.get(u.id)).toEqual(u);
      expect((await store.users.getWithPasswordHash({ id: u.id }))?.passwordHash).toBe('not-a-real-hash');
      expect((await store.users.getByUsername('alice'))?.id).toBe(u.id);
      expect(await store.users.get(randomUUID())).toBeUndefined();
      expect(await store.users.getByUsername('nobody')).toBeUndefined();

      const updated = await store.users.update(u.id, {
        displayName: 'Alice A.',
        role: 'user',
        disabled: true,
        apiTokensEnabled: true,
        passwordHash: 'another-hash',
        updatedAt: at(5000),
      });
      expect(updated).toMatchObject({ displayName: 'Alice A.', role: 'user', disabled: true, apiTokensEnabled: true });
      expect(updated?.updatedAt).toBe(at(5000));
      expect((await store.users.getWithPasswordHash({ id: u.id }))?.passwordHash).toBe('another-hash');
      expect(await store.users.update(randomUUID(), { updatedAt: at(1) })).toBeUndefined();
      expect(await store.users.count()).toBe(1);
      expect(typeof (await store.users.count())).toBe('number');
    });

    it('refuses a second user with the same username', async () => {
      await store.users.create(newUser('bob'));
      await expect(store.users.create(newUser('bob'))).rejects.toThrow();
      expect(await store.users.count()).toBe(1);
    });

    it('lists users by username with search (case-insensitive, LIKE wildcards literal) and a cursor', async () => {
      await store.users.bulkInsert(
        ['carol', 'dave', 'erin', 'frank', 'grace', 'per%cent', 'under_score'].map((n) => newUser(n)),
      );
      const first = await store.users.list({ limit: 3 });
      expect(first.users.map((u) => u.username)).toEqual(['carol', 'dave', 'erin']);
      const second = await store.users.list({ limit: 3, cursor: first.nextCursor! });
      expect(second.users.map((u) => u.username)).toEqual(['frank', 'grace', 'per%cent']);
      const third = await store.users.list({ limit: 3, cursor: second.nextCursor! });
      expect(third.users.map((u) => u.username)).toEqual(['under_score']);
      expect(third.nextCursor).toBeNull();

      expect((await store.users.list({ limit: 10, search: 'RA' })).users.map((u) => u.username)).toEqual([
        'frank',
        'grace',
      ]);
      // Display names are upper-case here: the search matches them too.
      expect((await store.users.list({ limit: 10, search: 'ERIN' })).users.map((u) => u.username)).toEqual(['erin']);
      expect((await store.users.list({ limit: 10, search: '%' })).users.map((u) => u.username)).toEqual(['per%cent']);
      expect((await store.users.list({ limit: 10, search: '_' })).users.map((u) => u.username)).toEqual([
        'under_score',
      ]);
      expect((await store.users.list({ limit: 10, cursor: 'not-a-cursor' })).users).toHaveLength(7);
    });

    it('filters by role, state and usernames with the total of every match, and reads many and the admins', async () => {
      const [a, b, c] = [newUser('ann', { role: 'admin' }), newUser('ben'), newUser('cat', { role: 'admin' })];
      await store.users.bulkInsert([a, b, c, newUser('dan')]);
      await store.users.update(c.id, { disabled: true, updatedAt: at(9) });
      const names = (p: { users: { username: string }[] }) => p.users.map((u) => u.username);
      const admins = await store.users.list({ limit: 1, role: 'admin' });
      expect([names(admins), admins.total]).toEqual([['ann'], 2]);
      expect((await store.users.list({ limit: 1, role: 'admin', cursor: admins.nextCursor! })).total).toBe(2);
      const enabled = await store.users.list({ limit: 10, disabled: false, usernamesNotIn: ['ben'] });
      expect([names(enabled), enabled.total]).toEqual([['ann', 'dan'], 2]);
      expect(names(await store.users.list({ limit: 10, usernamesIn: ['ben', 'dan'], search: 'B' }))).toEqual(['ben']);
      expect(await store.users.list({ limit: 10, usernamesIn: [] })).toEqual({ users: [], nextCursor: null, total: 0 });
      expect((await store.users.getMany([a.id, c.id, randomUUID()])).map((u) => u.username).sort()).toEqual([
        'ann',
        'cat',
      ]);
      expect(await store.users.getMany([])).toEqual([]);
      expect(await store.users.administrators()).toEqual([{ username: 'ann', displayName: 'ANN' }]);
    });

    it('stamps a sign-in without touching updatedAt', async () => {
      const u = await store.users.create(newUser('eve'));
      expect(u.lastSignInAt).toBeNull();
      await store.users.recordSignIn(u.id, at(7000));
      expect(await store.users.get(u.id)).toEqual({ ...u, lastSignInAt: at(7000) });
    });
  });

  describe('auth tokens', () => {
    it('counts the tokens of many owners in one grouped query', async () => {
      const [a, b, c] = [newUser('ann'), newUser('ben'), newUser('cat')];
      await store.users.bulkInsert([a, b, c]);
      await store.authTokens.bulkInsert([newToken(a.id), newToken(a.id), newToken(b.id)]);
      expect(await store.authTokens.countByOwner([a.id, b.id, c.id])).toEqual(
        new Map([
          [a.id, 2],
          [b.id, 1],
        ]),
      );
      expect(await store.authTokens.countByOwner([])).toEqual(new Map());
    });

    let owner: string;
    beforeEach(async () => {
      owner = (await store.users.create(newUser('owner'))).id;
    });

    it('creates, lists (newest first), gets, renames and counts tokens', async () => {
      const a = await store.authTokens.create(newToken(owner, { createdAt: at(1000) }), 10);
      const b = await store.authTokens.create(newToken(owner, { createdAt: at(2000), name: 'ci' }), 10);
      if (typeof a === 'string' || typeof b === 'string') throw new Error('create failed');
      expect(a).not.toHaveProperty('digest');
      expect((await store.authTokens.list(owner)).map((t) => t.id)).toEqual([b.id, a.id]);
      expect(await store.authTokens.count(owner)).toBe(2);
      expect(await store.authTokens.get(owner, a.id)).toEqual(a);
      expect(await store.authTokens.getByName(owner, 'ci')).toEqual(b);
      expect(await store.authTokens.get(randomUUID(), a.id)).toBeUndefined();
      const renamed = await store.authTokens.update(owner, a.id, { description: 'renamed' });
      expect(renamed?.description).toBe('renamed');
      expect(await store.authTokens.update(randomUUID(), a.id, { description: 'x' })).toBeUndefined();
      for (const t of await store.authTokens.list(owner)) expect(t).not.toHaveProperty('digest');
    });

    it('refuses a create past the per-user limit and a duplicate name for the same owner only', async () => {
      expect(typeof (await store.authTokens.create(newToken(owner, { name: 'deploy' }), 2))).toBe('object');
      expect(await store.authTokens.create(newToken(owner, { name: 'deploy' }), 2)).toBe('name_taken');
      expect(typeof (await store.authTokens.create(newToken(owner), 2))).toBe('object');
      expect(await store.authTokens.create(newToken(owner), 2)).toBe('limit_reached');
      const other = (await store.users.create(newUser('other'))).id;
      expect(typeof (await store.authTokens.create(newToken(other, { name: 'deploy' }), 2))).toBe('object');
      expect(await store.authTokens.count(owner)).toBe(2);
    });

    it('keeps exactly the limit when 20 creates race', async () => {
      const results = await Promise.all(Array.from({ length: 20 }, () => store.authTokens.create(newToken(owner), 10)));
      expect(results.filter((r) => typeof r === 'object')).toHaveLength(10);
      expect(results.filter((r) => r === 'limit_reached')).toHaveLength(10);
      expect(await store.authTokens.count(owner)).toBe(10);
    });

    it('reads scopes, networks and suspension with the credential, and sees each change on the next lookup', async () => {
      const t = newToken(owner, { scopes: ['tokens:read', 'profile:read'], allowedNetworks: ['203.0.113.0/24'] });
      const made = await store.authTokens.create(t, 10);
      expect(made).toMatchObject({ scopes: ['profile:read', 'tokens:read'], allowedNetworks: ['203.0.113.0/24'] });
      const cred = (await store.authTokens.findCredential(t.digest))!;
      expect(cred.scopes).toBe(scopeMask(['profile:read', 'tokens:read']));
      expect(cred.fullAccess).toBe(false);
      expect(cred.networks?.allows('203.0.113.9')).toBe(true);
      expect(cred.networks?.allows('198.51.100.1')).toBe(false);
      expect(cred.suspended).toBe(false);

      await store.authTokens.setSuspended(owner, t.id, at(1000));
      expect((await store.authTokens.findCredential(t.digest))!.suspended).toBe(true);
      expect((await store.authTokens.get(owner, t.id))!.suspendedAt).toBe(at(1000));
      await store.authTokens.setSuspended(owner, t.id, null);
      expect((await store.authTokens.findCredential(t.digest))!.suspended).toBe(false);

      const edited = await store.authTokens.update(owner, t.id, { scopes: ['profile:read'], allowedNetworks: [] });
      expect(edited).toMatchObject({ scopes: ['profile:read'], allowedNetworks: [], description: t.description });
      const after = (await store.authTokens.findCredential(t.digest))!;
      expect(after.scopes).toBe(scopeMask(['profile:read']));
      expect(after.networks).toBeNull();
      await store.authTokens.update(owner, t.id, { scopes: null });
      expect((await store.authTokens.findCredential(t.digest))!.fullAccess).toBe(true);
      expect(await store.authTokens.setSuspended(randomUUID(), t.id, at(1))).toBeUndefined();
    });

    it('finds the credential by digest with its owner, and not after delete or regenerate', async () => {
      const t = newToken(owner, { expiresAt: at(99_000) });
      await store.authTokens.create(t, 10);
      expect(await store.authTokens.findCredential(t.digest)).toEqual({
        tokenId: t.id,
        expiresAt: at(99_000),
        user: {
          id: owner,
          username: 'owner',
          displayName: 'OWNER',
          role: 'user',
          disabled: false,
          apiTokensEnabled: true,
        },
        // Made without scopes or networks: full access, from anywhere, active.
        scopes: ALL_SCOPES,
        fullAccess: true,
        networks: null,
        suspended: false,
        revoked: false,
      });
      expect(await store.authTokens.findCredential(digestOf('unknown'))).toBeUndefined();

      await store.authTokens.recordLastUses([{ tokenId: t.id, at: at(5000), ip: '192.0.2.7' }]);
      const next = { digest: digestOf('next'), hint: 'tsr_…wxyz', expiresAt: at(200_000), regeneratedAt: at(6000) };
      const regenerated = await store.authTokens.regenerate(owner, t.id, next);
      expect(regenerated).toMatchObject({
        id: t.id,
        hint: 'tsr_…wxyz',
        expiresAt: at(200_000),
        regeneratedAt: at(6000),
        lastUsedAt: null,
        lastUsedIp: null,
        description: t.description,
      });
      expect(await store.authTokens.findCredential(t.digest)).toBeUndefined();
      expect((await store.authTokens.findCredential(next.digest))?.tokenId).toBe(t.id);
      expect(await store.authTokens.regenerate(randomUUID(), t.id, next)).toBeUndefined();

      await store.users.update(owner, { disabled: true, apiTokensEnabled: false, updatedAt: at(7000) });
      expect((await store.authTokens.findCredential(next.digest))?.user).toMatchObject({
        disabled: true,
        apiTokensEnabled: false,
      });

      expect(await store.authTokens.delete(randomUUID(), t.id)).toBe(false);
      expect(await store.authTokens.delete(owner, t.id)).toBe(true);
      expect(await store.authTokens.delete(owner, t.id)).toBe(false);
      expect(await store.authTokens.findCredential(next.digest)).toBeUndefined();
    });

    it('never lets an older use overwrite a newer one, nor a use of the replaced secret show after regenerate', async () => {
      const t = newToken(owner);
      await store.authTokens.create(t, 10);
      await store.authTokens.recordLastUses([{ tokenId: t.id, at: at(5000), ip: '192.0.2.5' }]);
      await store.authTokens.recordLastUses([{ tokenId: t.id, at: at(3000), ip: '192.0.2.3' }]);
      expect(await store.authTokens.get(owner, t.id)).toMatchObject({ lastUsedAt: at(5000), lastUsedIp: '192.0.2.5' });
      await store.authTokens.recordLastUses([
        { tokenId: t.id, at: at(8000), ip: '192.0.2.8' },
        { tokenId: randomUUID(), at: at(8000), ip: null },
      ]);
      expect(await store.authTokens.get(owner, t.id)).toMatchObject({ lastUsedAt: at(8000), lastUsedIp: '192.0.2.8' });

      await store.authTokens.regenerate(owner, t.id, {
        digest: digestOf('regen'),
        hint: 'tsr_…rgen',
        expiresAt: null,
        regeneratedAt: at(9000),
      });
      await store.authTokens.recordLastUses([{ tokenId: t.id, at: at(8500), ip: '192.0.2.85' }]);
      expect(await store.authTokens.get(owner, t.id)).toMatchObject({ lastUsedAt: null, lastUsedIp: null });
      await store.authTokens.recordLastUses([]);
    });

    it('bulk-inserts tokens without policy checks', async () => {
      await store.authTokens.bulkInsert(Array.from({ length: 600 }, () => newToken(owner)));
      expect(await store.authTokens.count(owner)).toBe(600);
    });

    it('deletes a user’s tokens with the user (cascade)', async () => {
      const t = newToken(owner);
      await store.authTokens.create(t, 10);
      const db = (store as unknown as { db: Kysely<Database> }).db;
      await db.deleteFrom('users').where('id', '=', owner).execute();
      expect(await store.authTokens.count(owner)).toBe(0);
      expect(await store.authTokens.findCredential(t.digest)).toBeUndefined();
    });
  });

  describe('OAuth 2.0 audiences (F-9)', () => {
    const client = (id: string, userId: string, audience: string) => ({
      id,
      userId,
      name: id,
      description: '',
      scopes: [{ audience, scope: 'x' }],
      secretDigest: `digest-${id}`,
      secretHint: 'hint',
      createdAt: at(1000),
      createdBy: null,
      expiresAt: null,
    });
    const claim = (audience: string, mayUseAny = false) => ({ audiences: [audience], mayUseAny, at: at(1000) });

    it('claims an audience for its first registrant and refuses another user, writing nothing', async () => {
      const alice = await store.users.create(newUser('alice'));
      const bob = await store.users.create(newUser('bob'));
      const a = 'https://a.example.com';
      expect(await store.oauth2Clients.create(client('c1', alice.id, a), 10, undefined, claim(a))).toMatchObject({
        id: 'c1',
      });
      expect(await store.oauth2Clients.create(client('c2', bob.id, a), 10, undefined, claim(a))).toEqual({
        audienceTaken: [a],
      });
      expect(await store.oauth2Clients.list(bob.id)).toEqual([]);
      // Its owner may use it again; someone allowed to use any (an administrator acting) too, without taking it.
      expect(await store.oauth2Clients.create(client('c3', alice.id, a), 10, undefined, claim(a))).toMatchObject({
        id: 'c3',
      });
      expect(await store.oauth2Clients.create(client('c4', bob.id, a), 10, undefined, claim(a, true))).toMatchObject({
        id: 'c4',
      });
      expect((await store.oauth2Clients.audienceOwners([a, 'https://none.example.com'])).get(a)).toBe(alice.id);
      expect((await store.oauth2Clients.audienceOwners([a, 'https://none.example.com'])).size).toBe(1);
    });

    it('an edit claims too, and a refused edit changes nothing', async () => {
      const alice = await store.users.create(newUser('alice'));
      const bob = await store.users.create(newUser('bob'));
      const a = 'https://a.example.com';
      const b = 'https://b.example.com';
      await store.oauth2Clients.create(client('c1', alice.id, a), 10, undefined, claim(a));
      await store.oauth2Clients.create(client('c2', bob.id, b), 10, undefined, claim(b));
      const patch = { name: 'renamed', scopes: [{ audience: a, scope: 'x' }], updatedAt: at(2000) };
      expect(await store.oauth2Clients.update(bob.id, 'c2', patch, undefined, claim(a))).toEqual({
        audienceTaken: [a],
      });
      expect(await store.oauth2Clients.get(bob.id, 'c2')).toMatchObject({ name: 'c2', scopes: [{ audience: b }] });
      const c = 'https://c.example.com';
      const taken = { ...patch, scopes: [{ audience: c, scope: 'x' }] };
      expect(await store.oauth2Clients.update(bob.id, 'c2', taken, undefined, claim(c))).toMatchObject({
        name: 'renamed',
      });
      expect((await store.oauth2Clients.audienceOwners([c])).get(c)).toBe(bob.id);
      expect(await store.oauth2Clients.update(bob.id, 'nope', taken, undefined, claim(c))).toBeUndefined();
    });
  });

  it('answers ping', async () => {
    await expect(store.ping()).resolves.toBeUndefined();
    expect(store.dialect).toBe(kind);
  });
});
