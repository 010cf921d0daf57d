import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { backends, openTestStore, type TestStore } from '../test-support/harness.js';
import { at, newToken, newUser } from '../test-support/store-fixtures.js';
import type { Store } from './store.js';

// Issue 21, point 5: service accounts are users of kind `service` (migration 1100), owned by a person or by the
// administrators (null); the same repository on both backends.
describe.each(backends)('service accounts in the store (%s)', (kind) => {
  let ts: TestStore;
  let store: Store;
  beforeEach(async () => {
    ts = await openTestStore(kind);
    store = ts.store;
  });
  afterEach(async () => ts.cleanup());

  const service = (username: string, ownerId: string | null) =>
    newUser(username, { kind: 'service', ownerId, description: `${username} runs the nightly job`, passwordHash: '' });

  it('a person is a person with no owner by default; a service account keeps its kind, owner and description', async () => {
    const alice = await store.users.create(newUser('alice'));
    expect(alice).toMatchObject({ kind: 'person', ownerId: null, description: '' });
    const robot = await store.users.create(service('robot', alice.id));
    expect(robot).toMatchObject({ kind: 'service', ownerId: alice.id, description: 'robot runs the nightly job' });
    expect(await store.users.get(robot.id)).toEqual(robot);
    expect((await store.users.getWithPasswordHash({ username: 'robot' }))?.passwordHash).toBe('');
    // Seeded users (bulkInsert) are people.
    await store.users.bulkInsert([newUser('bulk')]);
    expect(await store.users.getByUsername('bulk')).toMatchObject({ kind: 'person', ownerId: null });
  });

  it('lists by kind and by owner (null: the administrators’), with search and the total', async () => {
    const alice = await store.users.create(newUser('alice'));
    const bob = await store.users.create(newUser('bob'));
    for (const [name, owner] of [
      ['svc-a1', alice.id],
      ['svc-a2', alice.id],
      ['svc-b', bob.id],
      ['svc-admins', null],
    ] as const)
      await store.users.create(service(name, owner));
    const names = async (f: Parameters<Store['users']['list']>[0]) =>
      (await store.users.list(f)).users.map((u) => u.username);
    expect(await names({ kind: 'person', limit: 10 })).toEqual(['alice', 'bob']);
    expect(await names({ kind: 'service', limit: 10 })).toEqual(['svc-a1', 'svc-a2', 'svc-admins', 'svc-b']);
    expect(await names({ kind: 'service', ownerId: alice.id, limit: 10 })).toEqual(['svc-a1', 'svc-a2']);
    expect(await names({ kind: 'service', ownerId: null, limit: 10 })).toEqual(['svc-admins']);
    const page = await store.users.list({ kind: 'service', search: 'A', limit: 1 });
    expect(page).toMatchObject({ total: 3, users: [{ username: 'svc-a1' }] });
    expect(await names({ kind: 'service', search: 'A', limit: 5, cursor: page.nextCursor! })).toEqual([
      'svc-a2',
      'svc-admins',
    ]);
  });

  it('hands ownership over and changes the description in one update', async () => {
    const alice = await store.users.create(newUser('alice'));
    const robot = await store.users.create(service('robot', alice.id));
    const toAdmins = await store.users.update(robot.id, { ownerId: null, description: 'new', updatedAt: at(9) });
    expect(toAdmins).toMatchObject({ ownerId: null, description: 'new', updatedAt: at(9) });
    // Disabling the owner changes nothing of the account.
    const back = await store.users.update(robot.id, { ownerId: alice.id, updatedAt: at(10) });
    await store.users.update(alice.id, { disabled: true, updatedAt: at(11) });
    expect(await store.users.get(robot.id)).toEqual(back);
  });

  it('deletes a service account with its credentials, and counts OAuth clients per owner', async () => {
    const alice = await store.users.create(newUser('alice'));
    const robot = await store.users.create(service('robot', alice.id));
    const token = newToken(robot.id, { createdBy: alice.id });
    expect(typeof (await store.authTokens.create(token, 10))).toBe('object');
    await store.authTokens.create(newToken(alice.id), 10);
    expect(await store.users.countOAuth2Clients([robot.id, alice.id])).toEqual(new Map());
    expect(await store.users.delete(robot.id)).toBe(true);
    expect(await store.users.get(robot.id)).toBeUndefined();
    expect(await store.authTokens.get(robot.id, token.id)).toBeUndefined();
    expect(await store.authTokens.findCredential(token.digest)).toBeUndefined();
    expect(await store.authTokens.count(alice.id)).toBe(1);
    expect(await store.users.delete(robot.id)).toBe(false);
  });
});
