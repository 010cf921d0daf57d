import { z } from 'zod';
import type { AuditContext } from '../audit/context.js';
import { Forbidden, invalidField } from '../errors.js';
import type { ProjectRepository, User } from '../store/store.js';
import { MAX_PROJECTS_PER_CREDENTIAL } from '../store/credential-projects.js';

// Issue 21, point 4: a credential limited to projects, by the same rules as network allow-lists
// (security/credential-issuing.ts): what a credential mints is limited to no more of them, widening an existing
// credential needs a browser session, and a regenerate or resume never hands a wider one to a narrower requester.
// `null` is every project, a list is those projects (ADR 0011).

/** Whether `inner` (null: every project) lies within `outer` (null: every project). */
export function projectsWithin(inner: readonly string[] | null, outer: readonly string[] | null): boolean {
  if (outer === null) return true;
  if (inner === null) return false;
  return inner.every((id) => outer.includes(id));
}

const exceeds = (what: string) =>
  new Forbidden(
    `The ${what} must be limited to projects within those of the credential making this request.`,
    'projects_exceed_credential',
  );

/** The requesting credential's limit; null: every project (a session, an unlimited token). */
const creatorProjects = (ctx: AuditContext): readonly string[] | null => ctx.credential?.projects ?? null;

/**
 * The projects a new credential is limited to: those asked for (null: every project), within the creating
 * credential's own (403 projects_exceed_credential); or, when none are asked for, exactly the creator's own.
 */
export function issuedProjects(ctx: AuditContext, asked: readonly string[] | null | undefined): string[] | null {
  const creator = creatorProjects(ctx);
  if (asked === undefined) return creator === null ? null : [...creator];
  const wanted = asked === null ? null : [...new Set(asked)];
  if (!projectsWithin(wanted, creator)) throw exceeds('credential');
  return wanted;
}

/**
 * A credential's projects changed (PATCH): narrowing is always allowed; widening (a project it is not limited to now,
 * or null: every project) only from a browser session (403 project_widening_needs_session); never beyond the
 * requesting credential's own.
 */
export function changedProjects(
  ctx: AuditContext,
  current: readonly string[] | null,
  asked: readonly string[] | null,
): string[] | null {
  const bounded = issuedProjects(ctx, asked);
  if (!projectsWithin(bounded, current) && ctx.credential?.via !== 'session')
    throw new Forbidden(
      'Only a signed-in console session can widen the projects a credential is limited to; a token can only narrow them.',
      'project_widening_needs_session',
    );
  return bounded;
}

/** 403 when a credential's power is handed out again (regenerate, reset, resume) to a requester limited to fewer. */
export function assertProjectsWithinRequester(
  ctx: AuditContext,
  target: readonly { id: string }[] | null,
  what: string,
): void {
  const creator = creatorProjects(ctx);
  if (!projectsWithin(target === null ? null : target.map((p) => p.id), creator)) throw exceeds(what);
}

/**
 * 400 unless the owner holds a role in each newly named project (`keep`: those the credential is limited to already,
 * accepted as they are, so a narrowing never fails over a role taken away since).
 */
export async function assertOwnerHoldsProjects(
  projects: Pick<ProjectRepository, 'projectsOf'>,
  owner: Pick<User, 'id' | 'username'>,
  asked: readonly string[] | null,
  keep: readonly string[] = [],
): Promise<void> {
  const added = (asked ?? []).filter((id) => !keep.includes(id));
  if (added.length === 0) return;
  const held = new Set((await projects.projectsOf(owner.id)).map((p) => p.id));
  const foreign = added.filter((id) => !held.has(id));
  if (foreign.length > 0)
    throw invalidField(
      'projects',
      `names ${foreign.length === 1 ? 'a project' : 'projects'} ${owner.username} holds no role in: ${foreign.join(', ')}`,
    );
}

/** The projects a credential is limited to, as asked for: at least one, at most 20, each a project id once. */
export const askedProjectsSchema = z
  .array(z.string().regex(/^[0-9a-f]{32}$/, 'is not a project id'))
  .min(1, 'must name at least one project (null: every project)')
  .max(MAX_PROJECTS_PER_CREDENTIAL, `has more than ${MAX_PROJECTS_PER_CREDENTIAL} projects`)
  .refine((list) => new Set(list).size === list.length, 'must not name a project twice')
  .meta({
    description:
      'project ids the credential is limited to (each one its owner holds a role in); null: every project; omitted ' +
      'on create: exactly those of the credential making the request',
    example: ['3f6c2a9e0b1d4c5e8f7a6b5c4d3e2f10'],
  });

/** The field on create and PATCH bodies. */
export const projectsField = z.union([askedProjectsSchema, z.null()]).optional();

/** A credential's limit as presented: by name; null: every project; empty: its projects were all deleted since. */
export const credentialProjectsSchema = z
  .union([z.array(z.strictObject({ id: z.string(), name: z.string() }).meta({ id: 'CredentialProject' })), z.null()])
  .describe(
    'the projects it is limited to (issue 21), by name; null: every project; empty: limited, but its projects were ' +
      'deleted since',
  );

/** A deployment (or a test) that wires no projects: every owner holds none, so any named project is refused. */
export const NO_PROJECTS: Pick<ProjectRepository, 'projectsOf'> = { projectsOf: async () => [] };

/**
 * What a new credential of this owner may be limited to, as the Generate dialogs offer it: the projects the owner
 * holds a role in, by name, within the requesting credential's own limit.
 */
export async function projectChoices(
  projects: Pick<ProjectRepository, 'projectsOf'>,
  ctx: AuditContext,
  ownerId: string,
): Promise<{ id: string; name: string }[]> {
  const limit = creatorProjects(ctx);
  return (await projects.projectsOf(ownerId))
    .filter((p) => limit === null || limit.includes(p.id))
    .map((p) => ({ id: p.id, name: p.name }));
}

/** The list responses' field of those choices. */
export const projectChoicesSchema = z
  .array(z.strictObject({ id: z.string(), name: z.string() }))
  .describe(
    'the projects the owner holds a role in, by name, within the requesting credential’s own limit: what a new ' +
      'credential may be limited to (issue 21)',
  );
