import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, openTestStore, type TestStore } from '../test-support/harness.js';
import { at, digestOf, newToken, newUser } from '../test-support/store-fixtures.js';
import type { AuditEvent } from './audit.js';
import type { NewOAuth2Client, Store } from './store.js';

const event = (): AuditEvent => ({
  id: randomUUID(),
  at: at(0),
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

const newClient = (userId: string, extra: Partial<NewOAuth2Client> = {}): NewOAuth2Client => {
  const id = randomUUID();
  return {
    id,
    userId,
    name: `client ${id.slice(0, 4)}`,
    description: '',
    scopes: [{ audience: 'https://api.example', scope: 'read' }],
    secretDigest: digestOf(`secret-${id}`),
    secretHint: 'tsc_…abcd',
    createdAt: at(0),
    createdBy: userId,
    expiresAt: null,
    ...extra,
  };
};

const NOW = at(5000);
const inventory = { now: NOW, sort: { by: 'created', descending: true }, limit: 50 } as const;

// Issue 21, point 4: credentials limited to projects, on both databases (one store per backend; each test makes its
// own projects, users and credentials).
describe.each(backends)('credentials limited to projects on %s', (kind) => {
  let ts: TestStore;
  let store: Store;
  let n = 0;
  beforeAll(async () => {
    ts = await openTestStore(kind);
    store = ts.store;
  });
  afterAll(() => ts.cleanup());

  const project = async (name: string) => {
    const id = randomUUID().replace(/-/g, '');
    const p = { id, domainId: 'default', name: `${name}-${n++}`, description: '', enabled: true };
    await store.projects.create({ ...p, createdAt: at(0), createdBy: null, updatedAt: at(0) }, event());
    return { id, name: p.name };
  };
  const user = async () => (await store.users.create(newUser(`limited${n++}`))).id;

  it('keeps an auth token’s projects by name, and answers the verification with their ids', async () => {
    const owner = await user();
    const [b, a] = [await project('b'), await project('a')];
    const limited = newToken(owner, { projects: [b.id, a.id] });
    const free = newToken(owner);
    const made = await store.authTokens.create(limited, 10, event());
    expect(made).toMatchObject({ projects: [a, b] });
    expect(await store.authTokens.create(free, 10)).toMatchObject({ projects: null });
    expect((await store.authTokens.get(owner, limited.id))?.projects).toEqual([a, b]);
    const list = await store.authTokens.list(owner);
    expect(Object.fromEntries(list.map((t) => [t.id, t.projects]))).toEqual({ [limited.id]: [a, b], [free.id]: null });
    expect((await store.authTokens.findCredential(limited.digest))?.projects).toEqual([a.id, b.id].sort());
    expect((await store.authTokens.findCredential(free.digest))?.projects).toBeUndefined();
  });

  it('narrows, lifts and sets a token’s limit with its other columns, and a revoked token keeps it', async () => {
    const owner = await user();
    const [a, b] = [await project('a'), await project('b')];
    const tk = newToken(owner);
    await store.authTokens.create(tk, 10);
    const set = await store.authTokens.update(owner, tk.id, { description: 'set', projects: [a.id, b.id] }, event());
    expect(set).toMatchObject({ description: 'set', projects: [a, b] });
    expect((await store.authTokens.update(owner, tk.id, { projects: [b.id] }, event()))?.projects).toEqual([b]);
    expect((await store.authTokens.update(owner, tk.id, { projects: null }, event()))?.projects).toBeNull();
    expect((await store.authTokens.findCredential(tk.digest))?.projects).toBeUndefined();
    // A regenerate (in place) keeps the limit.
    await store.authTokens.update(owner, tk.id, { projects: [a.id] }, event());
    const next = digestOf(`regenerated-${tk.id}`);
    await store.authTokens.regenerate(owner, tk.id, {
      digest: next,
      hint: 'tsr_…next',
      expiresAt: null,
      regeneratedAt: NOW,
    });
    expect((await store.authTokens.findCredential(next))?.projects).toEqual([a.id]);
    // Without an audit row the flag and its links are still written together.
    expect((await store.authTokens.update(owner, tk.id, { projects: [b.id] }))?.projects).toEqual([b]);
  });

  it('drops a deleted project from every limit; a credential limited to it alone stays limited, to none', async () => {
    const owner = await user();
    const [a, b] = [await project('a'), await project('b')];
    const both = newToken(owner, { projects: [a.id, b.id] });
    const onlyA = newToken(owner, { projects: [a.id] });
    const client = newClient(owner, { projects: [a.id] });
    for (const tk of [both, onlyA]) await store.authTokens.create(tk, 10);
    await store.oauth2Clients.create(client, 10);
    expect(await store.projects.delete(a.id, event())).toBe(true);
    expect((await store.authTokens.get(owner, both.id))?.projects).toEqual([b]);
    expect((await store.authTokens.get(owner, onlyA.id))?.projects).toEqual([]);
    expect((await store.authTokens.findCredential(onlyA.digest))?.projects).toEqual([]);
    expect((await store.oauth2Clients.get(owner, client.id))?.projects).toEqual([]);
    expect((await store.oauth2Clients.findCredential(client.id))?.projects).toEqual([]);
  });

  it('keeps an OAuth client’s projects, changes them in an update, and answers its credential lookup', async () => {
    const owner = await user();
    const [a, b] = [await project('a'), await project('b')];
    const c = newClient(owner, { projects: [b.id, a.id] });
    expect(await store.oauth2Clients.create(c, 10, event())).toMatchObject({ projects: [a, b] });
    const free = newClient(owner);
    expect(await store.oauth2Clients.create(free, 10)).toMatchObject({ projects: null });
    expect((await store.oauth2Clients.findCredential(c.id))?.projects).toEqual([a.id, b.id]);
    expect((await store.oauth2Clients.findCredential(free.id))?.projects).toBeUndefined();
    const narrowed = await store.oauth2Clients.update(owner, c.id, { projects: [a.id], updatedAt: NOW }, event());
    expect(narrowed).toMatchObject({ projects: [a] });
    const lifted = await store.oauth2Clients.update(owner, c.id, { projects: null, updatedAt: NOW }, event());
    expect(lifted).toMatchObject({ projects: null });
    expect((await store.oauth2Clients.list(owner)).map((x) => x.projects)).toEqual([null, null]);
    const unaudited = await store.oauth2Clients.update(owner, c.id, { projects: [b.id], updatedAt: NOW });
    expect(unaudited).toMatchObject({ projects: [b] });
  });

  it('filters both inventories by project and shows each item’s projects', async () => {
    const owner = await user();
    const [a, b] = [await project('a'), await project('b')];
    const inA = newToken(owner, { projects: [a.id, b.id] });
    const inB = newToken(owner, { projects: [b.id] });
    for (const tk of [inA, inB, newToken(owner)]) await store.authTokens.create(tk, 10);
    const tokens = await store.authTokens.inventory({ ...inventory, projectId: a.id });
    expect(tokens.items.map((i) => [i.token.id, i.token.projects])).toEqual([[inA.id, [a, b]]]);
    expect(tokens.total).toBe(1);
    expect((await store.authTokens.inventory({ ...inventory, projectId: b.id })).total).toBe(2);
    const c = newClient(owner, { projects: [b.id] });
    await store.oauth2Clients.create(c, 10);
    await store.oauth2Clients.create(newClient(owner), 10);
    const clients = await store.oauth2Clients.inventory({ ...inventory, projectId: b.id });
    expect(clients.items.map((i) => [i.client.id, i.client.projects])).toEqual([[c.id, [b]]]);
    expect((await store.oauth2Clients.inventory({ ...inventory, projectId: a.id })).total).toBe(0);
  });
});
