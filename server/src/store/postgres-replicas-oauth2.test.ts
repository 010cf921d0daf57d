import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newUser } from '../test-support/store-fixtures.js';
import { openPostgresTestStore } from '../test-support/postgres-opener.js';
import { createPostgresStore } from './postgres.js';
import type { Store } from './store.js';

// Issue 18: an OAuth client's suspension and network allow-list are read with the credential on every token request
// and every access-token verification, so a change made through one replica holds on the next request at another.
describe.skipIf(!process.env.TEST_DATABASE_URL)('PostgreSQL across replicas: OAuth client suspension', () => {
  const url = process.env.TEST_DATABASE_URL!;
  let a: Awaited<ReturnType<typeof openPostgresTestStore>>;
  let b: Store;
  beforeAll(async () => {
    a = await openPostgresTestStore(url);
    b = await createPostgresStore(url, { schema: a.schema, poolMax: 2 });
  });
  afterAll(async () => {
    await b?.close();
    await a?.cleanup();
  });

  it('sees a suspension, a resume and a new network list made through the other store at once', async () => {
    const owner = (await a.store.users.create(newUser(`oauth-${randomUUID().slice(0, 8)}`))).id;
    const id = randomUUID();
    const now = new Date().toISOString();
    await a.store.oauth2Clients.create(
      {
        id,
        userId: owner,
        name: 'c',
        description: '',
        scopes: [{ audience: 'https://r.example.com', scope: 'read' }],
        secretDigest: 'd'.repeat(64),
        secretHint: 'tsc_…abcd',
        createdAt: now,
        createdBy: owner,
        expiresAt: null,
      },
      10,
    );
    expect(await b.oauth2Clients.findCredential(id)).toMatchObject({ suspended: false, networks: null });
    await a.store.oauth2Clients.setSuspended(owner, id, now);
    expect((await b.oauth2Clients.findCredential(id))?.suspended).toBe(true);
    expect((await b.oauth2Clients.get(owner, id))?.suspendedAt).toBe(now);
    await b.oauth2Clients.setSuspended(owner, id, null);
    expect((await a.store.oauth2Clients.findCredential(id))?.suspended).toBe(false);
    await a.store.oauth2Clients.update(owner, id, { allowedNetworks: ['203.0.113.0/24'], updatedAt: now });
    const networks = (await b.oauth2Clients.findCredential(id))?.networks;
    expect(networks?.list).toEqual(['203.0.113.0/24']);
    expect(networks?.allows('203.0.113.77')).toBe(true);
    expect(networks?.allows('198.51.100.1')).toBe(false);
  });
});
