import type { Request } from 'express';
import type { z } from 'zod';
import type { PublicOrigin } from '../http/public-origin.js';
import type { Project, ProjectRole, RoleAssignment } from '../store/store.js';
import { DOMAIN_ID } from './domain.js';
import type { keystoneProject, keystoneRole, keystoneRoleAssignmentList } from './project-schema.js';

type KeystoneProject = z.output<typeof keystoneProject>;
type KeystoneRole = z.output<typeof keystoneRole>;
type KeystoneAssignment = z.output<typeof keystoneRoleAssignmentList>['role_assignments'][number];

const ROLE_DESCRIPTIONS: Record<ProjectRole, string> = {
  member: 'Works in the project.',
  admin: 'Administers the project.',
};

/** What leaves the server for /v3 projects, roles and assignments, with Keystone's links. */
export class KeystoneProjectPresenter {
  constructor(
    private readonly origin: PublicOrigin,
    private readonly domain: () => { id: string; name: string },
  ) {}

  private v3 = (req: Request) => `${this.origin(req)}/v3`;

  /** A list's links: itself (as called), and no other page (lists are answered whole). */
  listLinks(req: Request) {
    return { self: `${this.origin(req)}${req.originalUrl}`, previous: null, next: null };
  }

  project(req: Request, p: Project): KeystoneProject {
    return {
      id: p.id,
      name: p.name,
      description: p.description,
      domain_id: DOMAIN_ID,
      enabled: p.enabled,
      is_domain: false,
      // Keystone gives a top-level project its domain as parent.
      parent_id: DOMAIN_ID,
      tags: [],
      links: { self: `${this.v3(req)}/projects/${p.id}` },
    };
  }

  role(req: Request, r: ProjectRole): KeystoneRole {
    return {
      id: r,
      name: r,
      domain_id: null,
      description: ROLE_DESCRIPTIONS[r],
      options: {},
      links: { self: `${this.v3(req)}/roles/${r}` },
    };
  }

  /** `names`: user and project names when `include_names` asked for them (unknown ones are left out). */
  assignment(
    req: Request,
    a: RoleAssignment,
    names?: { users: Map<string, string>; projects: Map<string, string> },
  ): KeystoneAssignment {
    const link = `${this.v3(req)}/projects/${a.projectId}/users/${a.userId}/roles/${a.role}`;
    if (!names)
      return {
        role: { id: a.role },
        scope: { project: { id: a.projectId } },
        user: { id: a.userId },
        links: { assignment: link },
      };
    const domain = this.domain();
    return {
      role: { id: a.role, name: a.role },
      scope: { project: { id: a.projectId, name: names.projects.get(a.projectId) ?? '', domain } },
      user: { id: a.userId, name: names.users.get(a.userId) ?? '', domain },
      links: { assignment: link },
    };
  }
}
