import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type TestAgent from 'supertest/lib/agent.js';
import { clientCredentialsGrant } from '../test-support/credential-requests.js';
import { SAME_ORIGIN, backends, startTestApp, type TestApp } from '../test-support/harness.js';

// Issue 21, point 4: auth tokens and OAuth clients limited to projects, through the API on both databases: set on
// create and PATCH (only projects the owner holds a role in), never minted wider, shown by whoami and introspection,
// narrowed by a project's deletion, and seeing only those projects.
const ISSUER = 'http://tessera.test';
const TOKENS = '/api/users/me/auth-tokens';
const CLIENTS = '/api/users/me/oauth2-client-credentials';
const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;
const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

describe.each(backends)('credentials limited to projects (%s)', (kind) => {
  let t: TestApp;
  let admin: TestAgent;
  let n = 0;
  beforeAll(async () => {
    t = await startTestApp(kind, { TESSERA_PUBLIC_URL: ISSUER });
    admin = await t.signIn();
  });
  afterAll(async () => t.close());

  const project = async (name: string) => {
    const id = randomUUID().replace(/-/g, '');
    const p = { id, domainId: 'default', name: `${name}-${n++}`, description: '', enabled: true };
    const audit = { ...auditRow(), action: 'project.create' };
    await t.store.projects.create({ ...p, createdAt: p0, createdBy: null, updatedAt: p0 }, audit);
    return { id, name: p.name };
  };
  const member = (projectId: string, userId: string) =>
    t.store.projects.assign({ projectId, userId, role: 'member', at: p0, by: null }, auditRow());
  /** A fresh user who is a member of two fresh projects; a third exists that they are not in. */
  const memberOfTwo = async () => {
    const username = `limited${n++}`;
    const id = await t.createUser(username);
    const agent = await t.signIn(username, `${username}-password-123`);
    const [a, b, other] = [await project('a'), await project('b'), await project('other')];
    await member(a.id, id);
    await member(b.id, id);
    return { id, username, agent, a, b, other };
  };
  const mint = (token: string, body: object, path = TOKENS) => t.http.post(path).set(bearer(token)).send(body);

  it('limits a token to projects the owner is in, shown by name, and whoami with it lists them', async () => {
    const u = await memberOfTwo();
    const made = await t.createToken(u.agent, 'me', { description: 'one project', projects: [u.a.id] });
    expect(made.projects).toEqual([u.a]);
    const listed = (await u.agent.get(TOKENS)).body.items as { id: string; projects: unknown }[];
    expect(listed.find((x) => x.id === made.id)?.projects).toEqual([u.a]);
    const me = await t.http.get('/api/whoami').set(bearer(made.token));
    expect(me.body.projects).toEqual([u.a]);
    // The lists offer the owner's projects to limit a new credential to, within the requester's own limit.
    expect((await u.agent.get(TOKENS)).body.projectChoices).toEqual([u.a, u.b]);
    expect((await t.http.get(TOKENS).set(bearer(made.token))).body.projectChoices).toEqual([u.a]);
    expect((await u.agent.get(CLIENTS)).body.projectChoices).toEqual([u.a, u.b]);
    // Unlimited: null on the token, nothing in whoami.
    const free = await t.createToken(u.agent, 'me', { description: 'every project' });
    expect(free.projects).toBeNull();
    expect((await t.http.get('/api/whoami').set(bearer(free.token))).body).not.toHaveProperty('projects');
    expect((await u.agent.get('/api/whoami')).body).not.toHaveProperty('projects');
  });

  it('refuses a project the owner holds no role in with 400 naming projects, and creates nothing', async () => {
    const u = await memberOfTwo();
    for (const projects of [[u.other.id], [u.a.id, randomUUID().replace(/-/g, '')], [], ['nope'], [u.a.id, u.a.id]]) {
      const res = await u.agent.post(TOKENS).set(SAME_ORIGIN).send({ description: 'x', projects });
      expect(res.status, JSON.stringify(projects)).toBe(400);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(res.body.errors[0].path).toMatch(/^projects/);
    }
    expect(await t.store.authTokens.count(u.id)).toBe(0);
    // An administrator creating for the user: the owner's projects count, not the administrator's.
    const adminId = (await admin.get('/api/whoami')).body.id as string;
    await member(u.other.id, adminId);
    const forUser = await admin
      .post(`/api/users/${u.id}/auth-tokens`)
      .set(SAME_ORIGIN)
      .send({ description: 'x', projects: [u.other.id] });
    expect(forUser.status).toBe(400);
    const ok = await admin
      .post(`/api/users/${u.id}/auth-tokens`)
      .set(SAME_ORIGIN)
      .send({ description: 'x', projects: [u.b.id] });
    expect(ok.status).toBe(201);
    expect(ok.body.projects).toEqual([u.b]);
    // The OAuth client's create checks the same.
    const client = await u.agent
      .post(CLIENTS)
      .set(SAME_ORIGIN)
      .send({ name: 'c', scopes: [{ audience: ISSUER, scope: 'profile:read' }], projects: [u.other.id] });
    expect(client.status).toBe(400);
    expect(client.body.errors[0].path).toBe('projects');
  });

  it('mints no wider: a limited token’s tokens and clients get its projects, never more', async () => {
    const u = await memberOfTwo();
    const limited = (await t.createToken(u.agent, 'me', { description: 'a only', projects: [u.a.id] })).token;
    const inherited = await mint(limited, { description: 'inherits' });
    expect(inherited.status).toBe(201);
    expect(inherited.body.projects).toEqual([u.a]);
    for (const projects of [[u.a.id, u.b.id], [u.b.id], null]) {
      const wider = await mint(limited, { description: 'wider', projects });
      expect(wider.status, JSON.stringify(projects)).toBe(403);
      expect(wider.body.code).toBe('projects_exceed_credential');
    }
    const client = await mint(limited, { name: 'c', scopes: [{ audience: ISSUER, scope: 'profile:read' }] }, CLIENTS);
    expect(client.status).toBe(201);
    expect(client.body.projects).toEqual([u.a]);
    // Regenerating or resuming a token limited to more (or to every project) is handing out a wider one.
    const free = await t.createToken(u.agent, 'me', { description: 'every project' });
    const regen = await t.http.post(`${TOKENS}/${free.id}/regenerate`).set(bearer(limited)).send({});
    expect(regen.status).toBe(403);
    expect(regen.body.code).toBe('projects_exceed_credential');
  });

  it('changes a token’s projects: narrowing from a token, widening only from a session; regenerate keeps them', async () => {
    const u = await memberOfTwo();
    const tk = await t.createToken(u.agent, 'me', { description: 'both', projects: [u.a.id, u.b.id] });
    const narrowed = await t.http
      .patch(`${TOKENS}/${tk.id}`)
      .set(bearer(tk.token))
      .send({ projects: [u.b.id] });
    expect(narrowed.status).toBe(200);
    expect(narrowed.body.projects).toEqual([u.b]);
    // The very next request with it sees the narrower limit (the cached verifier on SQLite).
    expect((await t.http.get('/api/whoami').set(bearer(tk.token))).body.projects).toEqual([u.b]);
    // Beyond its own (now narrower) limit: never; from an unlimited token: only a session widens.
    const own = await t.http
      .patch(`${TOKENS}/${tk.id}`)
      .set(bearer(tk.token))
      .send({ projects: [u.a.id, u.b.id] });
    expect(own.body.code).toBe('projects_exceed_credential');
    const free = (await t.createToken(u.agent, 'me', { description: 'every project' })).token;
    for (const projects of [[u.a.id, u.b.id], null]) {
      const widened = await t.http.patch(`${TOKENS}/${tk.id}`).set(bearer(free)).send({ projects });
      expect(widened.status).toBe(403);
      expect(widened.body.code).toBe('project_widening_needs_session');
    }
    const fromSession = await u.agent
      .patch(`${TOKENS}/${tk.id}`)
      .set(SAME_ORIGIN)
      .send({ projects: [u.a.id, u.b.id] });
    expect(fromSession.body.projects).toEqual([u.a, u.b]);
    const foreign = await u.agent
      .patch(`${TOKENS}/${tk.id}`)
      .set(SAME_ORIGIN)
      .send({ projects: [u.other.id] });
    expect(foreign.status).toBe(400);
    const regen = await u.agent.post(`${TOKENS}/${tk.id}/regenerate`).set(SAME_ORIGIN).send({});
    expect(regen.body.projects).toEqual([u.a, u.b]);
    expect((await t.http.get('/api/whoami').set(bearer(regen.body.token))).body.projects).toEqual([u.a, u.b]);
    const lifted = await u.agent.patch(`${TOKENS}/${tk.id}`).set(SAME_ORIGIN).send({ projects: null });
    expect(lifted.body.projects).toBeNull();
    expect((await t.http.get('/api/whoami').set(bearer(regen.body.token))).body).not.toHaveProperty('projects');
    // The audit row says what changed.
    const [row] = (await t.store.audit.list({ action: 'auth_token.update', limit: 1 })).events;
    expect(row?.details).toMatchObject({ projects: null, previously: { projects: [u.a.id, u.b.id] } });
  });

  it('gives an OAuth access token its client’s projects: a projects claim, whoami, introspection', async () => {
    const u = await memberOfTwo();
    const res = await u.agent
      .post(CLIENTS)
      .set(SAME_ORIGIN)
      .send({ name: 'c', scopes: [{ audience: ISSUER, scope: 'profile:read' }], projects: [u.a.id, u.b.id] });
    expect(res.status).toBe(201);
    expect(res.body.projects).toEqual([u.a, u.b]);
    const client = res.body as { id: string; secret: string };
    const grant = await clientCredentialsGrant(t.http, client, `${ISSUER}/profile:read`);
    expect(grant.status).toBe(200);
    const jwt = grant.body.access_token as string;
    const claims = JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString()) as { projects: string[] };
    expect([...claims.projects].sort()).toEqual([u.a.id, u.b.id].sort());
    expect((await t.http.get('/api/whoami').set(bearer(jwt))).body.projects).toEqual([u.a, u.b]);
    const introspect = () =>
      t.http
        .post('/oauth2/v1/introspect')
        .set('Authorization', basic(client.id, client.secret))
        .type('form')
        .send({ token: jwt });
    expect([...((await introspect()).body.projects as string[])].sort()).toEqual([u.a.id, u.b.id].sort());
    // Narrowing the client narrows its tokens at once; widening it again does not widen them beyond their claim.
    await u.agent
      .patch(`${CLIENTS}/${client.id}`)
      .set(SAME_ORIGIN)
      .send({ projects: [u.b.id] });
    expect((await introspect()).body).toMatchObject({ active: true, projects: [u.b.id] });
    expect((await t.http.get('/api/whoami').set(bearer(jwt))).body.projects).toEqual([u.b]);
    await u.agent.patch(`${CLIENTS}/${client.id}`).set(SAME_ORIGIN).send({ projects: null });
    expect((await t.http.get('/api/whoami').set(bearer(jwt))).body.projects).toHaveLength(2);
    // An auth token's projects are introspected too.
    const tk = await t.createToken(u.agent, 'me', { description: 'a only', projects: [u.a.id] });
    const asClient = await t.http
      .post('/oauth2/v1/introspect')
      .set('Authorization', basic(client.id, client.secret))
      .type('form')
      .send({ token: tk.token });
    expect(asClient.body).toMatchObject({ active: true, projects: [u.a.id] });
  });

  it('drops a deleted project from the limit, leaving the credential limited to the rest (or to none)', async () => {
    const u = await memberOfTwo();
    const both = await t.createToken(u.agent, 'me', { description: 'both', projects: [u.a.id, u.b.id] });
    const onlyA = await t.createToken(u.agent, 'me', { description: 'a', projects: [u.a.id] });
    expect((await t.http.get('/api/whoami').set(bearer(onlyA.token))).body.projects).toEqual([u.a]);
    await t.tessera.services.projects.delete({ actor: null, ip: null, userAgent: null, credential: null }, u.a.id);
    expect((await u.agent.get(`${TOKENS}/${both.id}`)).body.projects).toEqual([u.b]);
    expect((await u.agent.get(`${TOKENS}/${onlyA.id}`)).body.projects).toEqual([]);
    expect((await t.http.get('/api/whoami').set(bearer(onlyA.token))).body.projects).toEqual([]);
    expect((await t.http.get('/api/whoami').set(bearer(both.token))).body.projects).toEqual([u.b]);
  });

  it('lets a limited credential see only its projects, and filters the inventories by project', async () => {
    const u = await memberOfTwo();
    const tk = await t.createToken(u.agent, 'me', { description: 'a only', projects: [u.a.id] });
    const principal = { user: { id: u.id, role: 'user' as const } };
    const list = (projects?: readonly string[]) =>
      t.tessera.services.projects.list(projects ? { ...principal, projects } : principal, { limit: 50 });
    expect((await list()).items.map((p) => p.id).sort()).toEqual([u.a.id, u.b.id].sort());
    const me = (await t.http.get('/api/whoami').set(bearer(tk.token))).body as { projects: { id: string }[] };
    expect((await list(me.projects.map((p) => p.id))).items.map((p) => p.id)).toEqual([u.a.id]);
    const inventory = await admin.get(`/api/auth-tokens?projectId=${u.a.id}`);
    expect(inventory.status).toBe(200);
    expect(inventory.body.items.map((i: { id: string }) => i.id)).toEqual([tk.id]);
    expect(inventory.body.items[0].projects).toEqual([u.a]);
    const clients = await admin.get(`/api/oauth2-client-credentials?projectId=${u.b.id}`);
    expect(clients.status).toBe(200);
    expect(clients.body.total).toBe(0);
  });
});

const p0 = '2026-01-01T00:00:00.000Z';
const auditRow = () => ({
  id: randomUUID(),
  at: p0,
  action: 'project.assign_role' as const,
  outcome: 'success' as const,
  actorId: null,
  actorUsername: null,
  targetUserId: null,
  tokenId: null,
  ip: null,
  userAgent: null,
  details: null,
});
