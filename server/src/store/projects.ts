import { type Selectable, type SelectQueryBuilder, sql } from 'kysely';
import type { AuditEvent } from './audit.js';
import {
  PROJECT_ROLES,
  isProjectRole,
  type NewProject,
  type Project,
  type ProjectChange,
  type ProjectFilter,
  type ProjectMember,
  type ProjectPage,
  type ProjectRepository,
  type ProjectRole,
  type ProjectWithRoles,
  type RoleAssignment,
} from './project-types.js';
import { audited, decodeCursor, encodeCursor, escapeLike, type Db } from './rows.js';
import type { Database, ProjectsTable } from './schema.js';
import { dropProjectFromLimits } from './credential-projects.js';

type Row = Selectable<ProjectsTable> & { created_by_username: string | null };

const toProject = (r: Row): Project => ({
  id: r.id,
  domainId: r.domain_id,
  name: r.name,
  description: r.description,
  enabled: Number(r.enabled) === 1,
  createdAt: r.created_at,
  createdBy: r.created_by && r.created_by_username ? { id: r.created_by, username: r.created_by_username } : null,
  updatedAt: r.updated_at,
});

const nameKey = (name: string) => name.toLowerCase();

const byRoleOrder = (a: ProjectRole, b: ProjectRole) => PROJECT_ROLES.indexOf(a) - PROJECT_ROLES.indexOf(b);

export class KyselyProjectRepository implements ProjectRepository {
  constructor(private readonly db: Db) {}

  private select() {
    return this.db
      .selectFrom('projects')
      .leftJoin('users', 'users.id', 'projects.created_by')
      .selectAll('projects')
      .select('users.username as created_by_username');
  }

  async create(p: NewProject, audit: AuditEvent): Promise<boolean> {
    try {
      return await audited(
        this.db,
        audit,
        async (db) => {
          const r = await db
            .insertInto('projects')
            .values({
              id: p.id,
              domain_id: p.domainId,
              name: p.name,
              name_key: nameKey(p.name),
              description: p.description,
              enabled: p.enabled ? 1 : 0,
              created_at: p.createdAt,
              created_by: p.createdBy,
              updated_at: p.updatedAt,
            })
            .onConflict((oc) => oc.column('name_key').doNothing())
            .executeTakeFirst();
          return Number(r.numInsertedOrUpdatedRows ?? 0n) > 0;
        },
        (inserted) => inserted,
      );
    } catch (err) {
      // The id is random; the only other conflict is the name, lost to a concurrent create on PostgreSQL's index.
      if (await this.getByName(p.name)) return false;
      throw err;
    }
  }

  async get(id: string) {
    const r = await this.select().where('projects.id', '=', id).executeTakeFirst();
    return r && toProject(r);
  }

  async getByName(name: string) {
    const r = await this.select().where('projects.name_key', '=', nameKey(name)).executeTakeFirst();
    return r && toProject(r);
  }

  async list(f: ProjectFilter & { limit: number; cursor?: string }): Promise<ProjectPage> {
    let q = this.select() as SelectQueryBuilder<Database, 'projects' | 'users', Row>;
    if (f.name !== undefined) q = q.where('projects.name_key', '=', nameKey(f.name));
    if (f.enabled !== undefined) q = q.where('projects.enabled', '=', f.enabled ? 1 : 0);
    if (f.search) {
      const pattern = `%${escapeLike(f.search.toLowerCase())}%`;
      q = q.where((eb) =>
        eb.or([
          eb('projects.name_key', 'like', sql<string>`${pattern} escape '\\'`),
          eb(eb.fn('lower', ['projects.description']), 'like', sql<string>`${pattern} escape '\\'`),
        ]),
      );
    }
    if (f.memberId !== undefined) {
      const memberId = f.memberId;
      q = q.where((eb) =>
        eb.exists(
          eb
            .selectFrom('project_members as m')
            .select('m.project_id')
            .whereRef('m.project_id', '=', 'projects.id')
            .where('m.user_id', '=', memberId),
        ),
      );
    }
    const after = decodeCursor(f.cursor, 2);
    if (after) {
      const [key, id] = after as [string, string];
      q = q.where((eb) =>
        eb.or([
          eb('projects.name_key', '>', key),
          eb.and([eb('projects.name_key', '=', key), eb('projects.id', '>', id)]),
        ]),
      );
    }
    const rows = await q
      .orderBy('projects.name_key')
      .orderBy('projects.id')
      .limit(f.limit + 1)
      .execute();
    const page = rows.slice(0, f.limit);
    const last = page[page.length - 1];
    return {
      items: page.map(toProject),
      nextCursor: rows.length > f.limit && last ? encodeCursor([nameKey(last.name), last.id]) : null,
    };
  }

  async update(id: string, c: ProjectChange, audit: AuditEvent) {
    if (c.name !== undefined) {
      const holder = await this.getByName(c.name);
      if (holder && holder.id !== id) return 'name_taken' as const;
    }
    try {
      const done = await audited(
        this.db,
        audit,
        async (db) => {
          const r = await db
            .updateTable('projects')
            .set({
              updated_at: c.updatedAt,
              ...(c.name !== undefined ? { name: c.name, name_key: nameKey(c.name) } : {}),
              ...(c.description !== undefined ? { description: c.description } : {}),
              ...(c.enabled !== undefined ? { enabled: c.enabled ? 1 : 0 } : {}),
            })
            .where('id', '=', id)
            .executeTakeFirst();
          return Number(r.numUpdatedRows) > 0;
        },
        (updated) => updated,
      );
      return done ? ('updated' as const) : ('missing' as const);
    } catch (err) {
      // A concurrent rename to the same name loses on the unique index.
      if (c.name !== undefined && (await this.getByName(c.name))?.id !== id) return 'name_taken' as const;
      throw err;
    }
  }

  async delete(id: string, audit: AuditEvent) {
    return audited(
      this.db,
      audit,
      async (db) => {
        // Explicitly, not only by the cascade: SQLite enforces foreign keys per connection setting.
        await db.deleteFrom('project_members').where('project_id', '=', id).execute();
        // Credentials limited to it stay limited, to their other projects (or to none): never widened to all.
        await dropProjectFromLimits(db, id);
        const r = await db.deleteFrom('projects').where('id', '=', id).executeTakeFirst();
        return Number(r.numDeletedRows) > 0;
      },
      (deleted) => deleted,
    );
  }

  async assign(a: RoleAssignment & { at: string; by: string | null }, audit: AuditEvent) {
    return audited(
      this.db,
      audit,
      async (db) => {
        const r = await db
          .insertInto('project_members')
          .values({ project_id: a.projectId, user_id: a.userId, role: a.role, created_at: a.at, created_by: a.by })
          .onConflict((oc) => oc.columns(['project_id', 'user_id', 'role']).doNothing())
          .executeTakeFirst();
        return Number(r.numInsertedOrUpdatedRows ?? 0n) > 0;
      },
      (inserted) => inserted,
    );
  }

  async unassign(a: RoleAssignment, audit: AuditEvent) {
    return audited(
      this.db,
      audit,
      async (db) => {
        const r = await db
          .deleteFrom('project_members')
          .where('project_id', '=', a.projectId)
          .where('user_id', '=', a.userId)
          .where('role', '=', a.role)
          .executeTakeFirst();
        return Number(r.numDeletedRows) > 0;
      },
      (deleted) => deleted,
    );
  }

  async assignments(f: Partial<RoleAssignment>): Promise<RoleAssignment[]> {
    let q = this.db.selectFrom('project_members').select(['project_id', 'user_id', 'role']);
    if (f.projectId !== undefined) q = q.where('project_id', '=', f.projectId);
    if (f.userId !== undefined) q = q.where('user_id', '=', f.userId);
    if (f.role !== undefined) q = q.where('role', '=', f.role);
    const rows = await q.orderBy('project_id').orderBy('user_id').orderBy('role').execute();
    return rows.flatMap((r) =>
      isProjectRole(r.role) ? [{ projectId: r.project_id, userId: r.user_id, role: r.role }] : [],
    );
  }

  async rolesOf(userId: string, projectId: string): Promise<ProjectRole[]> {
    const rows = await this.db
      .selectFrom('project_members')
      .select('role')
      .where('user_id', '=', userId)
      .where('project_id', '=', projectId)
      .execute();
    return rows
      .map((r) => r.role)
      .filter(isProjectRole)
      .sort(byRoleOrder);
  }

  async projectsOf(userId: string): Promise<ProjectWithRoles[]> {
    const rows = await this.select()
      .innerJoin('project_members as m', 'm.project_id', 'projects.id')
      .select('m.role as member_role')
      .where('m.user_id', '=', userId)
      .orderBy('projects.name_key')
      .orderBy('projects.id')
      .execute();
    const out = new Map<string, ProjectWithRoles>();
    for (const r of rows) {
      const p = out.get(r.id) ?? { ...toProject(r), roles: [] };
      if (isProjectRole(r.member_role)) p.roles.push(r.member_role);
      out.set(r.id, p);
    }
    for (const p of out.values()) p.roles.sort(byRoleOrder);
    return [...out.values()];
  }

  async members(projectId: string): Promise<ProjectMember[]> {
    const rows = await this.db
      .selectFrom('project_members as m')
      .innerJoin('users as u', 'u.id', 'm.user_id')
      .select(['u.id', 'u.username', 'u.display_name', 'u.disabled', 'm.role', 'm.created_at'])
      .where('m.project_id', '=', projectId)
      .orderBy('u.username')
      .orderBy('m.role')
      .execute();
    const out = new Map<string, ProjectMember>();
    for (const r of rows) {
      const m = out.get(r.id) ?? {
        user: { id: r.id, username: r.username, displayName: r.display_name, disabled: Number(r.disabled) === 1 },
        roles: [],
        since: r.created_at,
      };
      if (isProjectRole(r.role)) m.roles.push(r.role);
      if (r.created_at < m.since) m.since = r.created_at;
      out.set(r.id, m);
    }
    for (const m of out.values()) m.roles.sort(byRoleOrder);
    return [...out.values()];
  }

  async memberCounts(projectIds: readonly string[]): Promise<Map<string, number>> {
    if (projectIds.length === 0) return new Map();
    const rows = await this.db
      .selectFrom('project_members')
      .select(['project_id', (eb) => eb.fn.count<string | number>('user_id').distinct().as('n')])
      .where('project_id', 'in', [...projectIds])
      .groupBy('project_id')
      .execute();
    return new Map(rows.map((r) => [r.project_id, Number(r.n)]));
  }
}
