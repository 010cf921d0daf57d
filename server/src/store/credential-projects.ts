import { type SqlBool, sql } from 'kysely';
import type { Db } from './rows.js';

// Issue 21, point 4: the projects an auth token or an OAuth client is limited to (migration 20261211_1030, ADR 0011).
// The credential row's `projects_limited` says whether it is limited; the link table says to which projects. Both are
// written here, in the caller's transaction, so the two never disagree.

/** A project a credential is limited to, as lists and details show it. */
export interface CredentialProject {
  id: string;
  name: string;
}

export type ProjectLimitKind = 'auth_token' | 'oauth2_client';

/** At most this many projects per credential (the API's bound; the verification path reads them all). */
export const MAX_PROJECTS_PER_CREDENTIAL = 20;

/**
 * Replaces a credential's limit: `null` lifts it (every project), a list (possibly empty) limits it to those. Run
 * inside the transaction that writes the credential's other columns.
 */
export async function writeProjectLimit(
  db: Db,
  kind: ProjectLimitKind,
  credentialId: string,
  projectIds: readonly string[] | null,
): Promise<void> {
  const ids = [...new Set(projectIds ?? [])];
  const limited = projectIds === null ? 0 : 1;
  if (kind === 'auth_token') {
    await db.deleteFrom('auth_token_projects').where('token_id', '=', credentialId).execute();
    if (ids.length > 0)
      await db
        .insertInto('auth_token_projects')
        .values(ids.map((project_id) => ({ token_id: credentialId, project_id })))
        .execute();
    await db.updateTable('auth_tokens').set({ projects_limited: limited }).where('id', '=', credentialId).execute();
  } else {
    await db.deleteFrom('oauth2_client_projects').where('client_id', '=', credentialId).execute();
    if (ids.length > 0)
      await db
        .insertInto('oauth2_client_projects')
        .values(ids.map((project_id) => ({ client_id: credentialId, project_id })))
        .execute();
    await db.updateTable('oauth2_clients').set({ projects_limited: limited }).where('id', '=', credentialId).execute();
  }
}

/**
 * The projects of those of these credentials that are limited, in one query (none when no credential is limited: a
 * list of unlimited tokens reads nothing more). Ordered by name.
 */
export async function projectsOfLimited(
  db: Db,
  kind: ProjectLimitKind,
  rows: readonly { id: string; projects_limited: number | string }[],
): Promise<Map<string, CredentialProject[]>> {
  const ids = rows.filter((r) => Number(r.projects_limited) === 1).map((r) => r.id);
  const out = new Map<string, CredentialProject[]>(ids.map((id) => [id, []]));
  if (ids.length === 0) return out;
  const found =
    kind === 'auth_token'
      ? await db
          .selectFrom('auth_token_projects as l')
          .innerJoin('projects as p', 'p.id', 'l.project_id')
          .select(['l.token_id as credential_id', 'p.id', 'p.name'])
          .where('l.token_id', 'in', ids)
          .orderBy('p.name_key')
          .orderBy('p.id')
          .execute()
      : await db
          .selectFrom('oauth2_client_projects as l')
          .innerJoin('projects as p', 'p.id', 'l.project_id')
          .select(['l.client_id as credential_id', 'p.id', 'p.name'])
          .where('l.client_id', 'in', ids)
          .orderBy('p.name_key')
          .orderBy('p.id')
          .execute();
  for (const r of found) out.get(r.credential_id)?.push({ id: r.id, name: r.name });
  return out;
}

/** A row's limit from projectsOfLimited's answer: null for no limit. */
export const limitOf = (
  limits: ReadonlyMap<string, CredentialProject[]>,
  r: { id: string; projects_limited: number | string },
): CredentialProject[] | null => (Number(r.projects_limited) === 1 ? (limits.get(r.id) ?? []) : null);

/**
 * The verification lookup's column: the limit's project ids, space-separated ('' when limited to none left), or null
 * for no limit. The links are read only for a limited credential (CASE evaluates its branch lazily on both
 * databases), by the link table's primary key.
 */
export const limitColumn = (dialect: 'sqlite' | 'postgres', table: string, key: string, ref: string): string =>
  `case when ${ref}.projects_limited = 1 then coalesce((select ${
    dialect === 'sqlite' ? "group_concat(project_id, ' ')" : "string_agg(project_id, ' ')"
  } from ${table} where ${key} = ${ref}.id), '') end`;

const remembered = new Map<string, readonly string[]>();
const EMPTY: readonly string[] = Object.freeze([]);

/**
 * The lookup column as ids: undefined for no limit, a frozen list otherwise. Remembered by the text (bounded), as
 * network allow-lists are (security/networks.ts), so a limited credential's verification splits nothing per request.
 */
export function projectIdsOf(text: string | null | undefined): readonly string[] | undefined {
  if (text === null || text === undefined) return undefined;
  if (text === '') return EMPTY;
  let ids = remembered.get(text);
  if (!ids) {
    ids = Object.freeze(text.split(' ').sort());
    if (remembered.size >= 1000) remembered.delete(remembered.keys().next().value!);
    remembered.set(text, ids);
  }
  return ids;
}

/** Drops a project from every credential's limit (its deletion); the credentials stay limited, to the others. */
export async function dropProjectFromLimits(db: Db, projectId: string): Promise<void> {
  // Explicitly, not only by the cascade: SQLite enforces foreign keys per connection setting.
  await db.deleteFrom('auth_token_projects').where('project_id', '=', projectId).execute();
  await db.deleteFrom('oauth2_client_projects').where('project_id', '=', projectId).execute();
}

/** The inventories' filter: credentials limited to this project. */
export const limitedToProject = (table: string, key: string, ref: string, projectId: string) =>
  sql<SqlBool>`exists (select 1 from ${sql.raw(table)} lp where lp.${sql.raw(key)} = ${sql.raw(ref)}.id and lp.project_id = ${projectId})`;
