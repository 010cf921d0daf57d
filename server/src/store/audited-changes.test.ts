import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { backends, openTestStore, type TestStore } from '../test-support/harness.js';
import { at, digestOf, newToken, newUser } from '../test-support/store-fixtures.js';
import type { AuditEvent, NewOAuth2Client, Store } from './store.js';

// Every audited change takes its audit event and writes it in the change's own transaction. These tests make the
// audit insert fail (an event id already in the log: a primary-key violation) and prove the change did not happen,
// then let it succeed and prove change and row are both there.

const auditEvent = (id: string): AuditEvent => ({
  id,
  at: at(0),
  action: 'test.change',
  outcome: 'success',
  actorId: null,
  actorUsername: null,
  targetUserId: null,
  tokenId: null,
  ip: null,
  userAgent: null,
  details: null,
});

const newClient = (userId: string, id: string): NewOAuth2Client => ({
  id,
  userId,
  name: 'ci',
  description: 'pipeline',
  scopes: [{ audience: 'https://api.example', scope: 'read' }],
  secretDigest: digestOf(`secret-${id}`),
  secretHint: 'tsc_…abcd',
  createdAt: at(0),
  createdBy: userId,
  expiresAt: null,
});

describe.each(backends)('audited changes on %s', (kind) => {
  let ts: TestStore;
  let store: Store;
  let owner: string;
  let n = 0;
  /** An event whose id is already in the audit log, so writing it fails inside the change's transaction. */
  const taken = async () => {
    const e = auditEvent(`taken-${++n}`);
    await store.audit.append(e);
    return e;
  };
  const fresh = () => auditEvent(`fresh-${++n}`);
  const logged = async (id: string) => (await store.audit.list({ limit: 500 })).events.some((e) => e.id === id);

  beforeEach(async () => {
    ts = await openTestStore(kind);
    store = ts.store;
    owner = (await store.users.create(newUser('owner'))).id;
  });
  afterEach(async () => {
    await ts.cleanup();
  });

  it('users: a create or an update whose audit row fails leaves no change', async () => {
    await expect(store.users.create(newUser('bob'), await taken())).rejects.toThrow();
    expect(await store.users.getByUsername('bob')).toBeUndefined();
    await expect(store.users.update(owner, { disabled: true, updatedAt: at(5) }, await taken())).rejects.toThrow();
    expect((await store.users.get(owner))?.disabled).toBe(false);

    const ok = fresh();
    const carol = await store.users.create(newUser('carol'), ok);
    expect(await logged(ok.id)).toBe(true);
    const again = fresh();
    expect((await store.users.update(carol.id, { role: 'admin', updatedAt: at(6) }, again))?.role).toBe('admin');
    expect(await logged(again.id)).toBe(true);
  });

  it('auth tokens: create, rename, regenerate and delete commit with their audit row or not at all', async () => {
    const t = newToken(owner);
    await expect(store.authTokens.create(t, 10, await taken())).rejects.toThrow();
    expect(await store.authTokens.count(owner)).toBe(0);

    const created = fresh();
    await store.authTokens.create(t, 10, created);
    expect(await logged(created.id)).toBe(true);

    await expect(store.authTokens.update(owner, t.id, { description: 'renamed' }, await taken())).rejects.toThrow();
    expect((await store.authTokens.get(owner, t.id))?.description).toBe(t.description);

    const next = { digest: digestOf('next'), hint: 'tsr_…next', expiresAt: null, regeneratedAt: at(9) };
    await expect(store.authTokens.regenerate(owner, t.id, next, await taken())).rejects.toThrow();
    expect((await store.authTokens.findCredential(t.digest))?.tokenId).toBe(t.id);
    expect(await store.authTokens.findCredential(next.digest)).toBeUndefined();

    await expect(store.authTokens.delete(owner, t.id, await taken())).rejects.toThrow();
    expect(await store.authTokens.get(owner, t.id)).toBeDefined();

    const deleted = fresh();
    expect(await store.authTokens.delete(owner, t.id, deleted)).toBe(true);
    expect(await logged(deleted.id)).toBe(true);
    // Nothing to delete: no audit row either.
    const nothing = fresh();
    expect(await store.authTokens.delete(owner, t.id, nothing)).toBe(false);
    expect(await logged(nothing.id)).toBe(false);
  });

  it('auth tokens: an edit, a suspend or a regenerate after a revocation changes nothing and writes no audit row', async () => {
    // The service reads the token (not revoked), then a revocation lands, then the service writes: the write itself
    // must refuse the revoked row. Simulated by revoking first and calling the repository's writes directly.
    const t = newToken(owner);
    await store.authTokens.create(t, 10);
    const before = (await store.authTokens.get(owner, t.id))!;
    const revocation = {
      id: 'revocation-race',
      kind: 'administrator' as const,
      reason: 'leaked',
      filter: null,
      count: 0,
      createdAt: at(5),
      createdBy: null,
      undoUntil: at(600_000),
      undoneAt: null,
      finalisedAt: null,
    };
    expect(await store.revocations.mark(revocation, true, [t.id], at(5), () => fresh())).toBe(1);

    const edit = fresh();
    const edited = await store.authTokens.update(owner, t.id, { description: 'renamed', scopes: null }, edit);
    expect(edited?.revocation?.id).toBe(revocation.id);
    expect(edited?.description).toBe(t.description);
    expect(await logged(edit.id)).toBe(false);

    const suspend = fresh();
    const suspended = await store.authTokens.setSuspended(owner, t.id, at(6), suspend);
    expect(suspended?.revocation?.id).toBe(revocation.id);
    expect(suspended?.suspendedAt).toBeNull();
    expect(await logged(suspend.id)).toBe(false);

    const regen = fresh();
    const next = {
      digest: digestOf('after-revocation'),
      hint: 'tsr_…aftr',
      expiresAt: null,
      regeneratedAt: at(7),
      replaces: { hint: before.hint, regeneratedAt: before.regeneratedAt },
    };
    const regenerated = await store.authTokens.regenerate(owner, t.id, next, regen);
    expect(regenerated).not.toBe('changed');
    expect((regenerated as Exclude<typeof regenerated, 'changed'>)?.revocation?.id).toBe(revocation.id);
    expect(await store.authTokens.findCredential(next.digest)).toBeUndefined();
    expect((await store.authTokens.findCredential(t.digest))?.revoked).toBe(true);
    expect(await logged(regen.id)).toBe(false);
    // Without `replaces` too.
    const { replaces: _, ...blind } = next;
    expect((await store.authTokens.regenerate(owner, t.id, blind, fresh())) as unknown).toMatchObject({
      revocation: { id: revocation.id },
    });
    expect(await store.authTokens.findCredential(next.digest)).toBeUndefined();
  });

  it('OAuth 2.0 clients: create, update, secret reset, use and delete commit with their audit row or not at all', async () => {
    const id = 'client-one';
    await expect(store.oauth2Clients.create(newClient(owner, id), 10, await taken())).rejects.toThrow();
    expect(await store.oauth2Clients.list(owner)).toHaveLength(0);
    await store.oauth2Clients.create(newClient(owner, id), 10, fresh());

    await expect(
      store.oauth2Clients.update(owner, id, { name: 'renamed', updatedAt: at(3) }, await taken()),
    ).rejects.toThrow();
    expect((await store.oauth2Clients.get(owner, id))?.name).toBe('ci');

    const reset = { secretDigest: digestOf('new secret'), secretHint: 'tsc_…new', at: at(4) };
    await expect(store.oauth2Clients.resetSecret(owner, id, reset, await taken())).rejects.toThrow();
    expect((await store.oauth2Clients.findCredential(id))?.client.secretVersion).toBe(1);

    await expect(store.oauth2Clients.recordUse(id, at(5), await taken())).rejects.toThrow();
    expect((await store.oauth2Clients.get(owner, id))?.lastUsedAt).toBeNull();

    await expect(store.oauth2Clients.delete(owner, id, await taken())).rejects.toThrow();
    expect(await store.oauth2Clients.get(owner, id)).toBeDefined();

    const deleted = fresh();
    expect(await store.oauth2Clients.delete(owner, id, deleted)).toBe(true);
    expect(await logged(deleted.id)).toBe(true);
  });

  it('signing keys and revoked access tokens: nothing changes when the audit row fails', async () => {
    const key = {
      kid: 'k1',
      alg: 'ES256',
      publicJwk: '{}',
      privateJwkEncrypted: 'sealed',
      createdAt: at(1),
      retiredAt: null,
    };
    await expect(store.oauth2AccessTokens.rotateSigningKey(key, await taken())).rejects.toThrow();
    expect(await store.oauth2AccessTokens.listSigningKeys()).toHaveLength(0);
    await store.oauth2AccessTokens.rotateSigningKey(key, fresh());
    expect(await store.oauth2AccessTokens.listSigningKeys()).toHaveLength(1);

    const entry = { jti: 'jti-1', clientId: 'client-one', revokedAt: at(2), expiresAt: at(3_600_000) };
    await expect(store.oauth2AccessTokens.revoke(entry, await taken())).rejects.toThrow();
    expect(await store.oauth2AccessTokens.isRevoked('jti-1')).toBe(false);
    await store.oauth2AccessTokens.revoke(entry, fresh());
    expect(await store.oauth2AccessTokens.isRevoked('jti-1')).toBe(true);
  });

  it('Keystone tokens: issue and revoke commit with their audit row or not at all', async () => {
    const token = {
      digest: digestOf('keystone'),
      userId: owner,
      auditId: 'audit-id',
      methods: ['password'],
      domainScoped: false,
      issuedAt: at(0),
      expiresAt: at(3_600_000),
      projectId: null,
      roles: [],
    };
    await expect(store.keystoneTokens.create(token, await taken())).rejects.toThrow();
    expect(await store.keystoneTokens.find(token.digest)).toBeUndefined();
    await store.keystoneTokens.create(token, fresh());
    await expect(store.keystoneTokens.delete(token.digest, await taken())).rejects.toThrow();
    expect(await store.keystoneTokens.find(token.digest)).toBeDefined();
    const revoked = fresh();
    expect(await store.keystoneTokens.delete(token.digest, revoked)).toBe(true);
    expect(await logged(revoked.id)).toBe(true);
  });
});
