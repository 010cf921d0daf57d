import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, openTestStore, type TestStore } from '../test-support/harness.js';
import { at, newUser } from '../test-support/store-fixtures.js';
import type { AuditEvent } from './audit.js';
import type { NewProject } from './project-types.js';
import type { Store } from './store.js';

const hexId = () => randomUUID().replace(/-/g, '');
const event = (action: string, targetUserId: string | null = null): AuditEvent => ({
  id: randomUUID(),
  at: at(0),
  action,
  outcome: 'success',
  actorId: null,
  actorUsername: null,
  targetUserId,
  tokenId: null,
  ip: null,
  userAgent: null,
  details: null,
});

// Issue 21, point 1: projects and role assignments, on both databases. One store per backend: each test makes its
// own projects and users under names of its own.
describe.each(backends)('projects on %s', (kind) => {
  let ts: TestStore;
  let store: Store;
  let admin: string;
  beforeAll(async () => {
    ts = await openTestStore(kind);
    store = ts.store;
    admin = (await store.users.create(newUser('root'))).id;
  });
  afterAll(() => ts.cleanup());

  const project = (name: string, extra: Partial<NewProject> = {}): NewProject => ({
    id: hexId(),
    domainId: 'default',
    name,
    description: `about ${name}`,
    enabled: true,
    createdAt: at(1000),
    createdBy: admin,
    updatedAt: at(1000),
    ...extra,
  });
  const auditCount = async (action: string) => (await store.audit.list({ action, limit: 100 })).events.length;

  it('creates a project once per name regardless of case, with its audit row, and finds it by id and name', async () => {
    const p = project('eu-de');
    expect(await store.projects.create(p, event('project.create'))).toBe(true);
    expect(await store.projects.create(project('EU-DE'), event('project.create'))).toBe(false);
    expect(await auditCount('project.create')).toBe(1);
    expect(await store.projects.get(p.id)).toEqual({ ...p, createdBy: { id: admin, username: 'root' } });
    expect((await store.projects.getByName('Eu-De'))?.id).toBe(p.id);
    expect(await store.projects.get(hexId())).toBeUndefined();
  });

  it('renames, describes and disables, refusing another project’s name; deletes with its assignments', async () => {
    const a = project('alpha-1');
    const b = project('beta-1');
    await store.projects.create(a, event('project.create'));
    await store.projects.create(b, event('project.create'));
    expect(await store.projects.update(a.id, { name: 'BETA-1', updatedAt: at(2000) }, event('project.update'))).toBe(
      'name_taken',
    );
    expect(
      await store.projects.update(
        a.id,
        { name: 'Alpha-One', description: '', enabled: false, updatedAt: at(2000) },
        event('project.update'),
      ),
    ).toBe('updated');
    expect(await store.projects.get(a.id)).toMatchObject({ name: 'Alpha-One', description: '', enabled: false });
    expect(await store.projects.update(hexId(), { enabled: true, updatedAt: at(3000) }, event('x'))).toBe('missing');

    const u = (await store.users.create(newUser('deleted-member'))).id;
    await store.projects.assign({ projectId: a.id, userId: u, role: 'member', at: at(0), by: admin }, event('x'));
    expect(await store.projects.delete(a.id, event('project.delete'))).toBe(true);
    expect(await store.projects.delete(a.id, event('project.delete'))).toBe(false);
    expect(await auditCount('project.delete')).toBe(1);
    expect(await store.projects.assignments({ userId: u })).toEqual([]);
  });

  it('assigns roles once each, lists them by user, project and role, and takes them away', async () => {
    const p = project('roles-1');
    const q = project('roles-2');
    await store.projects.create(p, event('project.create'));
    await store.projects.create(q, event('project.create'));
    const alice = (await store.users.create(newUser('alice-r'))).id;
    const bob = (await store.users.create(newUser('bob-r'))).id;
    const grant = (projectId: string, userId: string, role: 'member' | 'admin') =>
      store.projects.assign({ projectId, userId, role, at: at(5000), by: admin }, event('project.assign_role'));
    expect(await grant(p.id, alice, 'admin')).toBe(true);
    expect(await grant(p.id, alice, 'member')).toBe(true);
    expect(await grant(p.id, alice, 'member')).toBe(false);
    expect(await grant(q.id, alice, 'member')).toBe(true);
    expect(await grant(p.id, bob, 'member')).toBe(true);
    expect(await auditCount('project.assign_role')).toBe(4);

    expect(await store.projects.rolesOf(alice, p.id)).toEqual(['member', 'admin']);
    expect(await store.projects.rolesOf(bob, q.id)).toEqual([]);
    expect((await store.projects.assignments({ projectId: p.id, role: 'member' })).map((a) => a.userId).sort()).toEqual(
      [alice, bob].sort(),
    );
    expect(await store.projects.projectsOf(alice)).toMatchObject([
      { id: p.id, name: 'roles-1', roles: ['member', 'admin'] },
      { id: q.id, name: 'roles-2', roles: ['member'] },
    ]);
    expect(await store.projects.members(p.id)).toMatchObject([
      { user: { id: alice, username: 'alice-r', displayName: 'ALICE-R' }, roles: ['member', 'admin'] },
      { user: { id: bob, username: 'bob-r' }, roles: ['member'] },
    ]);
    // Members are counted once each, however many roles they hold; a project with nobody is absent.
    const empty = project('roles-3');
    await store.projects.create(empty, event('project.create'));
    expect(Object.fromEntries(await store.projects.memberCounts([p.id, q.id, empty.id]))).toEqual({
      [p.id]: 2,
      [q.id]: 1,
    });
    expect((await store.projects.memberCounts([])).size).toBe(0);

    const unassign = (role: 'member' | 'admin') =>
      store.projects.unassign({ projectId: p.id, userId: alice, role }, event('project.unassign_role'));
    expect(await unassign('admin')).toBe(true);
    expect(await unassign('admin')).toBe(false);
    expect(await auditCount('project.unassign_role')).toBe(1);
    expect(await store.projects.rolesOf(alice, p.id)).toEqual(['member']);
  });

  it('lists by name, search and member, a page at a time in name order', async () => {
    const names = ['page-c', 'page-a', 'Page-B', 'page-d', 'other-x'];
    const made = new Map<string, string>();
    for (const name of names) {
      const p = project(name, { description: name === 'other-x' ? 'the PAGE team' : '' });
      await store.projects.create(p, event('project.create'));
      made.set(name, p.id);
    }
    const carol = (await store.users.create(newUser('carol-p'))).id;
    for (const name of ['page-d', 'other-x'])
      await store.projects.assign(
        { projectId: made.get(name)!, userId: carol, role: 'member', at: at(0), by: null },
        event('x'),
      );

    const first = await store.projects.list({ search: 'PAGE', limit: 2 });
    expect(first.items.map((p) => p.name)).toEqual(['other-x', 'page-a']);
    const second = await store.projects.list({ search: 'page', limit: 2, cursor: first.nextCursor! });
    expect(second.items.map((p) => p.name)).toEqual(['Page-B', 'page-c']);
    const third = await store.projects.list({ search: 'page', limit: 2, cursor: second.nextCursor! });
    expect(third.items.map((p) => p.name)).toEqual(['page-d']);
    expect(third.nextCursor).toBeNull();

    expect((await store.projects.list({ name: 'PAGE-b', limit: 10 })).items.map((p) => p.id)).toEqual([
      made.get('Page-B'),
    ]);
    expect((await store.projects.list({ memberId: carol, limit: 10 })).items.map((p) => p.name)).toEqual([
      'other-x',
      'page-d',
    ]);
    // A search for LIKE's wildcards matches them literally.
    expect((await store.projects.list({ search: '%', limit: 10 })).items).toEqual([]);
  });

  it('keeps a Keystone token’s project and roles, and ends the token with its project', async () => {
    const p = project('scoped-1');
    await store.projects.create(p, event('project.create'));
    const erin = (await store.users.create(newUser('erin-p'))).id;
    const token = {
      userId: erin,
      auditId: 'audit-scoped',
      methods: ['password'],
      domainScoped: false,
      issuedAt: at(0),
      expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
    };
    await store.keystoneTokens.create({ ...token, digest: 'd-scoped', projectId: p.id, roles: ['member', 'admin'] });
    await store.keystoneTokens.create({ ...token, digest: 'd-unscoped', projectId: null, roles: [] });
    expect(await store.keystoneTokens.find('d-scoped')).toMatchObject({ projectId: p.id, roles: ['member', 'admin'] });
    expect(await store.keystoneTokens.find('d-unscoped')).toMatchObject({ projectId: null, roles: [] });
    await store.projects.delete(p.id, event('project.delete'));
    expect(await store.keystoneTokens.find('d-scoped')).toBeUndefined();
    expect(await store.keystoneTokens.find('d-unscoped')).toBeDefined();
  });

  it('forgets a deleted user’s roles', async () => {
    const p = project('cascade-1');
    await store.projects.create(p, event('project.create'));
    const dave = (await store.users.create(newUser('dave-p'))).id;
    await store.projects.assign({ projectId: p.id, userId: dave, role: 'member', at: at(0), by: null }, event('x'));
    const db = (store as unknown as { db: import('kysely').Kysely<import('./schema.js').Database> }).db;
    await db.deleteFrom('users').where('id', '=', dave).execute();
    expect(await store.projects.members(p.id)).toEqual([]);
  });
});
