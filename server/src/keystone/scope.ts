import { AppError, Invalid, Unauthenticated } from '../http/errors.js';
import type { TokenApplicationCredential } from '../store/store.js';
import type { ProjectService } from '../projects/service.js';
import type { Project, ProjectRole } from '../store/store.js';
import { DOMAIN_ID } from './domain.js';
import type { KeystoneAuthRequest } from './schema.js';

/** What a new token is scoped to: the domain (or nothing), or a project with the roles it carries there. */
export interface TokenScope {
  domainScoped: boolean;
  project?: { project: Project; roles: ProjectRole[] };
  /** The application credential the token is minted from (issue 21, point 3): deleting it ends the token. */
  applicationCredential?: TokenApplicationCredential;
}

type DomainRef = { id?: string | undefined; name?: string | undefined };
export interface ProjectRef {
  id?: string | undefined;
  name?: string | undefined;
  domain?: DomainRef | undefined;
}

/** The scope a request asks for, read before anyone is authenticated: a malformed one is a 400, as in Keystone. */
export type ScopeRequest =
  { domainScoped: boolean; project?: undefined } | { domainScoped: false; project: ProjectRef };

/** Why a project scope was refused: audited, never told (the answer is the same for each). */
export type ScopeRefusal = 'unknown_project' | 'project_disabled' | 'no_role' | 'outside_limit';

/** A refused project scope: Keystone's 401, one message whatever the reason, so a non-member learns nothing. */
export class ProjectScopeRefused extends Unauthenticated {
  constructor(readonly reason: ScopeRefusal) {
    super('The user has no access to the requested project (it may not exist, be disabled, or grant no role).');
  }
}

type ProjectLookup = Pick<ProjectService, 'find' | 'findByName' | 'rolesOf'>;

/**
 * Keystone's `auth.scope` (issue 21, point 2): the one domain, or a project by id, or by name with the domain. The
 * password, token and application-credential methods all resolve it here, after the user is authenticated.
 */
export class KeystoneScopes {
  constructor(
    private readonly projects: ProjectLookup,
    private readonly domainName: string,
  ) {}

  get domain() {
    return { id: DOMAIN_ID, name: this.domainName };
  }

  /** A domain reference names this deployment's domain: by id `default`, by its configured name, or both. */
  matchesDomain(ref: DomainRef | undefined): boolean {
    if (!ref || (ref.id === undefined && ref.name === undefined)) return false;
    return (ref.id === undefined || ref.id === DOMAIN_ID) && (ref.name === undefined || ref.name === this.domainName);
  }

  /** The shape of the scope asked for; unscoped is the default. */
  request(scope: KeystoneAuthRequest['auth']['scope']): ScopeRequest {
    if (scope === undefined || scope === 'unscoped') return { domainScoped: false };
    const asked = [scope.project, scope.domain, scope.system].filter((s) => s !== undefined).length;
    if (asked > 1) throw new Invalid('Ask for one scope: a project, a domain, or the system.');
    if (scope.system !== undefined)
      throw new Invalid('System scope is not supported. Ask for a project scope, a domain scope or none.');
    if (scope.project !== undefined) {
      const p = scope.project;
      if (p.id === undefined && p.name === undefined)
        throw new Invalid('Name the project by id, or by name and domain.');
      if (p.id === undefined && !p.domain)
        throw new Invalid('A project named by name needs its domain (id or name): scope.project.domain.');
      return { domainScoped: false, project: p };
    }
    if (scope.domain === undefined) return { domainScoped: false };
    if (!this.matchesDomain(scope.domain))
      throw new AppError(401, 'unauthenticated', 'Unauthorized', `The only domain here is "${this.domainName}".`);
    return { domainScoped: true };
  }

  /**
   * The scope for this user: a project must exist, be enabled, and grant the user a role now (the token carries the
   * roles held at issue time); `limit` is the projects a limited credential may reach (undefined for any).
   */
  async resolve(userId: string, asked: ScopeRequest, limit?: readonly string[]): Promise<TokenScope> {
    if (!asked.project) return { domainScoped: asked.domainScoped };
    const project = await this.lookup(asked.project);
    if (!project) throw new ProjectScopeRefused('unknown_project');
    if (limit !== undefined && !limit.includes(project.id)) throw new ProjectScopeRefused('outside_limit');
    if (!project.enabled) throw new ProjectScopeRefused('project_disabled');
    const roles = await this.projects.rolesOf(userId, project.id);
    if (roles.length === 0) throw new ProjectScopeRefused('no_role');
    return { domainScoped: false, project: { project, roles } };
  }

  /** The project a project-scoped token names, while it still exists and is enabled. */
  async live(projectId: string): Promise<Project | undefined> {
    const p = await this.projects.find(projectId);
    return p?.enabled ? p : undefined;
  }

  private async lookup(ref: ProjectRef): Promise<Project | undefined> {
    // A domain named alongside an id must still be this one; by name, the domain is required (checked above).
    if (ref.domain !== undefined && !this.matchesDomain(ref.domain)) return undefined;
    const byId = ref.id !== undefined ? await this.projects.find(ref.id) : undefined;
    if (ref.id !== undefined)
      return byId && (ref.name === undefined || sameName(byId.name, ref.name)) ? byId : undefined;
    return this.projects.findByName(ref.name!);
  }
}

const sameName = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
