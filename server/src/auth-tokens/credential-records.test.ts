import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { newId } from '../lib/ids.js';
import { digestToken, generateToken } from '../lib/token-format.js';
import { SAME_ORIGIN, backends, startTestApp, type TestApp } from '../test-support/harness.js';

const BOOTSTRAP = 'bootstrap-token-for-tests-0123456789abcdef';
const GD = 'application/vnd.gooddata.api+json';
const DAY_MS = 86_400_000;

// Who made a credential, and what the log keeps of it once it is deleted.
describe.each(backends)('credential creators and deletion records (%s)', (kind) => {
  let t: TestApp;
  let aliceId: string;
  beforeEach(async () => {
    t = await startTestApp(kind, { TESSERA_BOOTSTRAP_TOKEN: BOOTSTRAP });
    aliceId = await t.createUser('alice');
  });
  afterEach(async () => t.close());

  const gooddataCreate = (id: string) =>
    t.http
      .post('/api/v1/entities/users/alice/apiTokens')
      .set('Content-Type', GD)
      .set('Authorization', `Bearer ${BOOTSTRAP}`)
      .send(`{"data":{"id":"${id}","type":"apiToken"}}`);

  it('names the creator of each token in every answer, null when unknown, in one lookup per list', async () => {
    const admin = await t.signIn();
    const alice = await t.signIn('alice', 'alice-password-123');
    const own = await t.createToken(alice);
    const given = await t.createToken(admin, aliceId, { description: 'from the admin' });
    // The bootstrap token acts as the admin account; a seeded token records no creator.
    expect((await gooddataCreate('from-bootstrap')).status).toBe(201);
    await t.store.authTokens.bulkInsert([
      {
        id: newId(),
        userId: aliceId,
        name: null,
        description: 'seeded',
        hint: 'tsr_…seed',
        digest: digestToken(generateToken()),
        createdAt: new Date().toISOString(),
        createdBy: null,
        expiresAt: null,
      },
    ]);
    const adminId = (await admin.get('/api/users/me')).body.id as string;
    const adminCreator = { id: adminId, username: 'admin', displayName: 'Administrator' };
    expect(own.creator).toEqual({ id: aliceId, username: 'alice', displayName: 'alice' });
    expect(given.creator).toEqual(adminCreator);

    const lookups = vi.spyOn(t.store.users, 'getMany');
    const list = await alice.get('/api/users/me/auth-tokens');
    expect(lookups).toHaveBeenCalledTimes(1);
    lookups.mockRestore();
    const byDescription = Object.fromEntries(
      (list.body.items as { description: string; creator: unknown }[]).map((i) => [i.description, i.creator]),
    );
    expect(byDescription).toEqual({
      'test token': own.creator,
      'from the admin': adminCreator,
      'from-bootstrap': adminCreator,
      seeded: null,
    });
    expect((await alice.get(`/api/users/me/auth-tokens/${given.id}`)).body.creator).toEqual(adminCreator);
    const patched = await alice
      .patch(`/api/users/me/auth-tokens/${given.id}`)
      .set(SAME_ORIGIN)
      .send({ description: 'x' });
    expect(patched.body.creator).toEqual(adminCreator);
    // Regenerating is not creating: the creator stays who made it.
    const regenerated = await alice.post(`/api/users/me/auth-tokens/${given.id}/regenerate`).set(SAME_ORIGIN);
    expect(regenerated.body.creator).toEqual(adminCreator);
  });

  it('gives GoodData-made tokens no expiry, while native tokens keep the default lifetime', async () => {
    expect((await gooddataCreate('forever')).status).toBe(201);
    const admin = await t.signIn();
    await t.createToken(admin, aliceId, { description: 'native' });
    const items = (await admin.get(`/api/users/${aliceId}/auth-tokens`)).body.items as {
      description: string;
      expiresAt: string | null;
    }[];
    expect(items.find((i) => i.description === 'forever')?.expiresAt).toBeNull();
    const native = Date.parse(items.find((i) => i.description === 'native')!.expiresAt!);
    expect(Math.abs(native - (Date.now() + 90 * DAY_MS))).toBeLessThan(60_000);
  });

  it('records the description, name and hint of a deleted token, from the console and from GoodData', async () => {
    const admin = await t.signIn();
    const made = await t.createToken(admin, aliceId, { description: 'nightly export' });
    expect((await gooddataCreate('gd-token')).status).toBe(201);
    const gdHint = (
      (await admin.get(`/api/users/${aliceId}/auth-tokens`)).body.items as { name: string; hint: string }[]
    ).find((i) => i.name === 'gd-token')!.hint;
    await admin.delete(`/api/users/${aliceId}/auth-tokens/${made.id}`).set(SAME_ORIGIN);
    const gd = t.http.delete('/api/v1/entities/users/alice/apiTokens/gd-token');
    expect((await gd.set('Authorization', `Bearer ${BOOTSTRAP}`)).status).toBe(204);
    const events = (await admin.get(`/api/users/${aliceId}/activity?action=auth_token.delete`)).body.items as {
      tokenId: string;
      details: Record<string, unknown>;
    }[];
    expect(events.find((e) => e.tokenId === made.id)?.details).toMatchObject({
      description: 'nightly export',
      hint: made.hint,
    });
    expect(events.find((e) => e.tokenId !== made.id)?.details).toMatchObject({
      description: 'gd-token',
      name: 'gd-token',
      hint: gdHint,
      api: 'gooddata',
    });
    expect(JSON.stringify(events)).not.toContain(made.token);
  });

  it('names the creator of an OAuth 2.0 client credential, and records its name, title and hint on delete', async () => {
    const admin = await t.signIn();
    const base = `/api/users/${aliceId}/oauth2-client-credentials`;
    const scopes = [{ audience: 'https://api.example.com', scope: 'reports.read' }];
    const made = await admin.post(base).set(SAME_ORIGIN).send({ name: 'job', description: 'Nightly job', scopes });
    expect(made.status).toBe(201);
    expect(made.body.creator).toMatchObject({ username: 'admin', displayName: 'Administrator' });
    expect((await admin.get(base)).body.items[0].creator).toEqual(made.body.creator);
    await admin.delete(`${base}/${made.body.id}`).set(SAME_ORIGIN);
    const events = await admin.get(`/api/users/${aliceId}/activity?action=oauth2_client.delete`);
    expect(events.body.items[0]).toMatchObject({
      tokenId: made.body.id,
      details: { name: 'job', description: 'Nightly job', hint: made.body.secretHint },
    });
    expect(JSON.stringify(events.body)).not.toContain(made.body.secret);
  });
});

describe.each(backends)('GoodData tokens under a maximum lifetime (%s)', (kind) => {
  let t: TestApp;
  let aliceId: string;
  beforeEach(async () => {
    t = await startTestApp(kind, {
      TESSERA_BOOTSTRAP_TOKEN: BOOTSTRAP,
      TESSERA_MAX_TOKEN_LIFETIME_DAYS: '30',
      TESSERA_DEFAULT_TOKEN_LIFETIME_DAYS: '7',
    });
    aliceId = await t.createUser('alice');
  });
  afterEach(async () => t.close());

  it('expire after the maximum the policy demands', async () => {
    const res = await t.http
      .post('/api/v1/entities/users/alice/apiTokens')
      .set('Content-Type', GD)
      .set('Authorization', `Bearer ${BOOTSTRAP}`)
      .send('{"data":{"id":"bounded","type":"apiToken"}}');
    expect(res.status).toBe(201);
    const admin = await t.signIn();
    const list = (await admin.get(`/api/users/${aliceId}/auth-tokens`)).body.items as { expiresAt: string }[];
    const expires = Date.parse(list[0]!.expiresAt);
    expect(Math.abs(expires - (Date.now() + 30 * DAY_MS))).toBeLessThan(60_000);
  });
});
