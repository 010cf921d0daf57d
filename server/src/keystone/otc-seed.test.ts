import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { otcSeedRequest } from '../test-support/otc-seed.js';
import { backends, startTestApp, type TestApp } from '../test-support/harness.js';

// Open Telekom Cloud's token authentication, step by step: the request's headers and body are read out of the seed
// page itself and only the placeholders (user name, password, domain name, project id) are replaced.
const DOMAIN = 'OTC-EU-DE-000000000010000xxxxx';
const PROJECT = 'eu-de_demo';
const USER = 'usera';
const PASSWORD = 'user-a-password-123';

const seed = otcSeedRequest();

type SeedBody = {
  auth: {
    identity: { password: { user: { name: string; password: string; domain: { name: string } } } };
    scope: { project: { id: string } };
  };
};

/** The seed's body with its four placeholders filled in; everything else as the seed has it. */
function seedBody(projectId: string): string {
  const body = JSON.parse(seed.request.body) as SeedBody;
  const user = body.auth.identity.password.user;
  expect([user.name, user.password, user.domain.name, body.auth.scope.project.id]).toEqual([
    'username',
    'password',
    'domainname',
    'project_id',
  ]);
  Object.assign(user, { name: USER, password: PASSWORD });
  user.domain.name = DOMAIN;
  body.auth.scope.project.id = projectId;
  return JSON.stringify(body);
}

describe.each(backends)('the OTC seed, verbatim (%s)', (kind) => {
  let t: TestApp;
  let userId: string;
  let projectId: string;
  let scoped: string;

  beforeAll(async () => {
    t = await startTestApp(kind, { TESSERA_DOMAIN_NAME: DOMAIN });
    userId = await t.createUser(USER, { password: PASSWORD });
    // An administrator sets the project up through Keystone's own admin API.
    const admin = await t.http.post('/v3/auth/tokens').send({
      auth: {
        identity: {
          methods: ['password'],
          password: { user: { name: 'admin', password: 'correct horse battery staple', domain: { id: 'default' } } },
        },
      },
    });
    const adminToken = admin.headers['x-subject-token'] as string;
    const created = await t.http
      .post('/v3/projects')
      .set('X-Auth-Token', adminToken)
      .send({ project: { name: PROJECT, description: 'the demo project', domain_id: 'default' } });
    expect(created.status).toBe(201);
    const granted = await t.http
      .put(`/v3/projects/${created.body.project.id}/users/${userId}/roles/member`)
      .set('X-Auth-Token', adminToken);
    expect(granted.status).toBe(204);
  });
  afterAll(async () => t.close());

  it('reads the seed’s own request (or the committed excerpt of it, unchanged)', () => {
    if (seed.fromSeed) expect(seed.excerpt).toEqual(seed.request);
    expect(seed.request.headers).toEqual({ 'Content-Type': 'application/json' });
  });

  it('step 1: obtains the project id with the user’s own token (GET /v3/projects?name=)', async () => {
    const own = await t.http.post('/v3/auth/tokens').send({
      auth: {
        identity: {
          methods: ['password'],
          password: { user: { name: USER, password: PASSWORD, domain: { name: DOMAIN } } },
        },
      },
    });
    expect(own.status).toBe(201);
    const res = await t.http
      .get(`/v3/projects?name=${PROJECT}`)
      .set('Content-Type', 'application/json')
      .set('X-Auth-Token', own.headers['x-subject-token'] as string);
    expect(res.status).toBe(200);
    expect(res.body.projects).toHaveLength(1);
    expect(res.body.links).toEqual({
      self: expect.stringContaining(`/v3/projects?name=${PROJECT}`),
      previous: null,
      next: null,
    });
    projectId = res.body.projects[0].id;
    expect(projectId).toMatch(/^[0-9a-f]{32}$/);
    expect(res.body.projects[0]).toMatchObject({
      name: PROJECT,
      domain_id: 'default',
      enabled: true,
      is_domain: false,
    });
  });

  it('step 2: POST /v3/auth/tokens with the seed’s headers and body gives a project-scoped X-Subject-Token', async () => {
    const res = await t.http.post('/v3/auth/tokens').set(seed.request.headers).send(seedBody(projectId));
    expect(res.status).toBe(201);
    scoped = res.headers['x-subject-token'] as string;
    expect(scoped).toMatch(/^tsk_/);
    expect(res.body.token).toMatchObject({
      methods: ['password'],
      user: { id: userId, name: USER, domain: { id: 'default', name: DOMAIN } },
      project: { id: projectId, name: PROJECT, domain: { id: 'default', name: DOMAIN } },
      roles: [{ id: 'member', name: 'member' }],
    });
    expect(res.body.token).not.toHaveProperty('domain');
  });

  it('step 3: calls with X-Auth-Token: its projects, the project, whoami, and the token validated', async () => {
    const auth = { 'X-Auth-Token': scoped };
    const mine = await t.http.get('/v3/auth/projects').set(auth);
    expect(mine.status).toBe(200);
    expect(mine.body.projects.map((p: { id: string }) => p.id)).toEqual([projectId]);
    const project = await t.http.get(`/v3/projects/${projectId}`).set(auth);
    expect(project.status).toBe(200);
    expect(project.body.project).toMatchObject({ id: projectId, name: PROJECT, description: 'the demo project' });
    const who = await t.http.get('/api/whoami').set(auth);
    expect(who.status).toBe(200);
    expect(who.body).toMatchObject({
      username: USER,
      authenticatedBy: 'keystone',
      project: { id: projectId, name: PROJECT, roles: ['member'] },
    });
    const validated = await t.http.get('/v3/auth/tokens').set(auth).set('X-Subject-Token', scoped);
    expect(validated.status).toBe(200);
    expect(validated.body.token).toMatchObject({
      project: { id: projectId, name: PROJECT },
      roles: [{ id: 'member', name: 'member' }],
    });
  });
});
