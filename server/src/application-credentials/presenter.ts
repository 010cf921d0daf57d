import type { z } from 'zod';
import type { ApplicationCredential, Project } from '../store/store.js';
import type { applicationCredentialSchema } from './schema.js';

/** What leaves the server of a credential: never its digest, and the secret only in the create response. */
export function presentApplicationCredential(
  c: ApplicationCredential,
  projects: ReadonlyMap<string, Pick<Project, 'id' | 'name'>>,
): z.output<typeof applicationCredentialSchema> {
  const p = projects.get(c.projectId);
  return {
    id: c.id,
    userId: c.userId,
    name: c.name,
    description: c.description,
    hint: c.hint,
    project: { id: c.projectId, name: p?.name ?? c.projectId },
    roles: c.roles,
    unrestricted: c.unrestricted,
    accessRules: c.accessRules.map(({ id, service, method, path }) => ({
      id,
      service,
      method: method as z.output<typeof applicationCredentialSchema>['accessRules'][number]['method'],
      path,
    })),
    expiresAt: c.expiresAt,
    createdAt: c.createdAt,
    createdBy: c.createdBy,
    lastUsedAt: c.lastUsedAt,
  };
}
