import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, openTestStore, type TestStore } from '../test-support/harness.js';
import { at, digestOf, newUser } from '../test-support/store-fixtures.js';
import type { ApplicationCredential } from './application-credentials.js';
import type { AuditEvent } from './audit.js';
import type { Store } from './store.js';

const hexId = () => randomUUID().replace(/-/g, '');
const event = (action: string): AuditEvent => ({
  id: randomUUID(),
  at: at(0),
  action,
  outcome: 'success',
  actorId: null,
  actorUsername: null,
  targetUserId: null,
  tokenId: null,
  ip: null,
  userAgent: null,
  details: null,
});

// Issue 21, point 3: application credentials on both databases, one store per backend, each test with its own users.
describe.each(backends)('application credentials on %s', (kind) => {
  let ts: TestStore;
  let store: Store;
  let projectId: string;
  beforeAll(async () => {
    ts = await openTestStore(kind);
    store = ts.store;
    projectId = hexId();
    await store.projects.create(
      {
        id: projectId,
        domainId: 'default',
        name: 'ac-project',
        description: '',
        enabled: true,
        createdAt: at(0),
        createdBy: null,
        updatedAt: at(0),
      },
      event('project.create'),
    );
  });
  afterAll(() => ts.cleanup());

  const credential = (userId: string, name: string, extra: Partial<ApplicationCredential> = {}) => ({
    id: hexId(),
    userId,
    projectId,
    name,
    description: `about ${name}`,
    secretDigest: digestOf(name),
    hint: 'tsa_…abcd',
    roles: ['member' as const],
    unrestricted: false,
    accessRules: [{ id: hexId(), service: 'identity', method: 'GET', path: '/v3/**' }],
    expiresAt: at(86_400_000),
    createdAt: at(1000),
    createdBy: userId,
    lastUsedAt: null,
    ...extra,
  });
  const auditCount = async (action: string) => (await store.audit.list({ action, limit: 100 })).events.length;

  it('creates once per name and user, with its audit row, and reads it back by id, name and user', async () => {
    const alice = (await store.users.create(newUser('ac-alice'))).id;
    const bob = (await store.users.create(newUser('ac-bob'))).id;
    const c = credential(alice, 'ci');
    expect(await store.applicationCredentials.create(c, event('application_credential.create'))).toBe(true);
    expect(
      await store.applicationCredentials.create(credential(alice, 'ci'), event('application_credential.create')),
    ).toBe(false);
    // Another user may use the name, and the same secret: digests are not unique, so nobody learns of another's.
    expect(
      await store.applicationCredentials.create(credential(bob, 'ci'), event('application_credential.create')),
    ).toBe(true);
    expect(await auditCount('application_credential.create')).toBe(2);

    expect(await store.applicationCredentials.get(alice, c.id)).toEqual(c);
    expect(await store.applicationCredentials.get(bob, c.id)).toBeUndefined();
    expect(await store.applicationCredentials.find(c.id)).toMatchObject({
      ...c,
      user: { id: alice, username: 'ac-alice', disabled: false, apiTokensEnabled: true },
    });
    expect((await store.applicationCredentials.findByName(bob, 'ci'))?.userId).toBe(bob);
    expect(await store.applicationCredentials.findByName(alice, 'nope')).toBeUndefined();
    await store.applicationCredentials.create(credential(alice, 'a-first'), event('application_credential.create'));
    expect((await store.applicationCredentials.list(alice)).map((x) => x.name)).toEqual(['a-first', 'ci']);
    expect((await store.applicationCredentials.list(alice, { name: 'ci' })).map((x) => x.id)).toEqual([c.id]);
    await store.applicationCredentials.markUsed(c.id, at(5000));
    expect((await store.applicationCredentials.get(alice, c.id))?.lastUsedAt).toBe(at(5000));
  });

  it('ends its Keystone tokens with it; the token reads its limits in its own lookup', async () => {
    const carol = (await store.users.create(newUser('ac-carol'))).id;
    const c = credential(carol, 'tokens', { unrestricted: true });
    await store.applicationCredentials.create(c, event('application_credential.create'));
    const token = {
      digest: digestOf(`token-${c.id}`),
      userId: carol,
      auditId: 'audit-ac',
      methods: ['application_credential'],
      domainScoped: false,
      issuedAt: at(0),
      expiresAt: at(3_600_000),
      projectId,
      roles: ['member' as const],
      applicationCredentialId: c.id,
    };
    await store.keystoneTokens.create(token);
    expect(await store.keystoneTokens.find(token.digest)).toMatchObject({
      applicationCredentialId: c.id,
      applicationCredential: {
        id: c.id,
        name: 'tokens',
        unrestricted: true,
        accessRules: c.accessRules,
        expiresAt: c.expiresAt,
      },
    });
    // Someone else's id deletes nothing.
    expect(await store.applicationCredentials.delete(hexId(), c.id, event('application_credential.delete'))).toBe(
      false,
    );
    expect(await store.keystoneTokens.find(token.digest)).toBeDefined();
    expect(await store.applicationCredentials.delete(carol, c.id, event('application_credential.delete'))).toBe(true);
    expect(await store.keystoneTokens.find(token.digest)).toBeUndefined();
    expect(await auditCount('application_credential.delete')).toBe(1);
  });

  it('goes with its user and with its project', async () => {
    const dave = (await store.users.create(newUser('ac-dave'))).id;
    const p = hexId();
    await store.projects.create(
      {
        id: p,
        domainId: 'default',
        name: 'ac-gone',
        description: '',
        enabled: true,
        createdAt: at(0),
        createdBy: null,
        updatedAt: at(0),
      },
      event('project.create'),
    );
    const c = credential(dave, 'gone', { projectId: p });
    await store.applicationCredentials.create(c, event('application_credential.create'));
    await store.projects.delete(p, event('project.delete'));
    expect(await store.applicationCredentials.find(c.id)).toBeUndefined();
  });
});
