import type { z } from 'zod';
import { route } from '../http/route.js';
import { problems } from '../http/schemas.js';
import { ALL_SCOPES, roleScopes, scopeNames, type ScopeName } from '../scopes/vocabulary.js';
import type { ProjectRepository } from '../store/store.js';
import { whoAmISchema } from './schema.js';

// Every mask's names, made once (64 small frozen arrays): the answer allocates no list per request.
const NAMES: readonly (readonly ScopeName[])[] = Array.from({ length: ALL_SCOPES + 1 }, (_, m) =>
  Object.freeze(scopeNames(m)),
);
const USER_SCOPES = roleScopes('user');

/** The names of these projects, in name order (those deleted since are left out). */
async function namedProjects(
  projects: Pick<ProjectRepository, 'get'>,
  ids: readonly string[],
): Promise<{ id: string; name: string }[]> {
  const found = await Promise.all(ids.map((id) => projects.get(id)));
  return found
    .flatMap((p) => (p ? [{ id: p.id, name: p.name }] : []))
    .sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
}

/**
 * `GET /api/whoami`: the benchmarked token request, so it stays one synchronous handler for every credential but one
 * limited to projects (issue 21), whose projects' names are read.
 */
export const whoAmIRoute = (projects: Pick<ProjectRepository, 'get'>) =>
  route({
    method: 'get',
    path: '/api/whoami',
    tag: 'Session',
    summary: 'Who the credential belongs to and how it authenticated',
    auth: 'any',
    scope: 'profile:read',
    responses: { 200: { description: 'The caller', schema: whoAmISchema }, ...problems(401) },
    handler: (_input, req, res) => {
      const p = req.principal!;
      const u = p.user;
      // Written out rather than spread: the fields are the answer's contract, in this order.
      const me: z.output<typeof whoAmISchema> = {
        id: u.id,
        username: u.username,
        displayName: u.displayName,
        role: u.role,
        authenticatedBy: p.authenticatedBy,
        via: p.via,
        // What the credential can use: full access is its owner's role's scopes; a list never beyond the role either.
        scopes: NAMES[
          (p.fullAccess ? ALL_SCOPES : p.scopes) & (u.role === 'admin' ? ALL_SCOPES : USER_SCOPES)
        ] as ScopeName[],
        fullAccess: p.fullAccess === true,
      };
      if (p.tokenId) me.tokenId = p.tokenId;
      if (p.project) me.project = { id: p.project.id, name: p.project.name, roles: [...p.project.roles] };
      if (p.projects === undefined) return void res.json(me);
      return namedProjects(projects, p.projects).then((named) => {
        me.projects = named;
        res.json(me);
      });
    },
  });
