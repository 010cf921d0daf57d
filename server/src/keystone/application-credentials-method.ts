import type { AuditContext } from '../audit/context.js';
import type { AuditService } from '../audit/service.js';
import {
  auditDetails,
  type ApplicationCredentialService,
  type CredentialCheck,
} from '../application-credentials/service.js';
import type { Config } from '../config.js';
import { AppError, Forbidden, Invalid, TooManyRequests, Unauthenticated } from '../errors.js';
import type { ProjectService } from '../projects/service.js';
import type { TokenFailureThrottle } from '../security/token-failure-throttle.js';
import type { ApplicationCredentialWithOwner, Project, ProjectRole, User, UserRepository } from '../store/store.js';
import { DOMAIN_ID } from './domain.js';
import type { KeystoneAuthRequest } from './schema.js';
import type { IssuedToken, TokenScope } from './service.js';

const AUTH_FAILED = 'The request you have made requires authentication.';
const METHOD = 'application_credential';

/** KeystoneService's mint, handed to the method for one request. */
export type Mint = (
  user: Pick<User, 'id' | 'username' | 'role'>,
  methods: string[],
  scope: TokenScope,
  issued: number,
  expires: number,
) => Promise<IssuedToken>;

type DomainRef = { id?: string | undefined; name?: string | undefined } | undefined;
type Identity = KeystoneAuthRequest['auth']['identity'];

/**
 * Keystone's `application_credential` auth method (issue 21, point 3): `id` + `secret`, or `name` + `user` (by id, or
 * name and domain) + `secret`, gives a token scoped to the credential's project with its roles that the user still
 * holds there, never outliving the credential. Failures are counted by the token-failure throttle, as the token
 * method's are (F-3), and audited as `application_credential.use`.
 */
export class ApplicationCredentialMethod {
  constructor(
    private readonly credentials: ApplicationCredentialService,
    private readonly projects: ProjectService,
    private readonly users: UserRepository,
    private readonly audit: AuditService,
    private readonly config: Pick<Config, 'domainName' | 'keystoneTokenTtlSeconds'>,
    private readonly tokenFailures?: TokenFailureThrottle,
  ) {}

  async issue(ctx: AuditContext, input: KeystoneAuthRequest, mint: Mint): Promise<IssuedToken> {
    const ip = ctx.ip ?? '';
    const { ref, secret } = await this.reference(input.auth.identity);
    const now = Date.now();
    const found: CredentialCheck = ref
      ? await this.credentials.authenticate(ref, secret, now)
      : { ok: false, reason: 'unknown' };
    if (!found.ok) {
      // A guess: counted, and past the address's budget answered 429 (and not audited, as before the budget it is).
      if (found.reason === 'unknown' || found.reason === 'wrong_secret') {
        const wait = (await this.tokenFailures?.recordFailure(ip)) ?? 0;
        if (wait > 0) throw new TooManyRequests(wait, 'Too many failed token verifications from this address.');
      }
      if (!found.credential) {
        await this.audit.recordUnknownToken('(application credential)', ip, ctx.userAgent ?? undefined, {
          action: 'application_credential.use',
          details: { method: METHOD },
        });
        throw new Unauthenticated(AUTH_FAILED);
      }
      await this.refused(ctx, found.credential, found.reason);
      // A right secret whose user has API tokens off: saying why helps its owner and tells a guesser nothing.
      if (found.reason === 'api_tokens_disabled')
        throw new Forbidden('API tokens are turned off for this user; an administrator can turn them on.');
      throw new Unauthenticated(AUTH_FAILED);
    }
    const c = found.credential;
    const project = await this.projects.find(c.projectId);
    if (!project?.enabled) {
      await this.refused(ctx, c, 'project_disabled');
      throw new Unauthenticated(AUTH_FAILED);
    }
    this.assertScope(input.auth.scope, project);
    // The roles the user still holds there: one taken away since is dropped, none left is no token.
    const held = await this.projects.rolesOf(c.userId, project.id);
    const roles = c.roles.filter((r): r is ProjectRole => held.includes(r));
    if (roles.length === 0) {
      await this.refused(ctx, c, 'roles_gone');
      throw new Unauthenticated(AUTH_FAILED);
    }
    const ttlEnd = now + this.config.keystoneTokenTtlSeconds * 1000;
    const expires = c.expiresAt === null ? ttlEnd : Math.min(ttlEnd, Date.parse(c.expiresAt));
    const issued = await mint(
      c.user,
      [METHOD],
      {
        domainScoped: false,
        project: { project, roles },
        applicationCredential: {
          id: c.id,
          name: c.name,
          unrestricted: c.unrestricted,
          accessRules: c.accessRules,
          expiresAt: c.expiresAt,
        },
      },
      now,
      expires,
    );
    await this.credentials.markUsed(c.id, now);
    await this.audit.record(ctx, {
      action: 'application_credential.use',
      targetUserId: c.userId,
      tokenId: c.id,
      actor: { id: c.userId, username: c.user.username },
      details: { ...auditDetails({ ...c, roles }), auditId: issued.body.token.audit_ids[0] },
    });
    return issued;
  }

  /** The credential the request names, and its secret; 400 for a request that names none properly. */
  private async reference(identity: Identity) {
    const a = identity.application_credential;
    if (!a) throw new Invalid('The application_credential method needs auth.identity.application_credential.');
    if (a.id !== undefined) return { ref: { id: a.id }, secret: a.secret };
    if (a.name === undefined || !a.user)
      throw new Invalid('Name the application credential by id, or by name with its user.');
    const u = a.user;
    if (u.id === undefined && (u.name === undefined || !u.domain))
      throw new Invalid('Name the user by id, or by name and domain.');
    // A user in another domain, or unknown, has no credentials here: the same answer as a wrong secret.
    if (u.domain !== undefined && !this.matchesDomain(u.domain)) return { ref: undefined, secret: a.secret };
    const user =
      u.id !== undefined ? await this.users.get(u.id) : await this.users.getByUsername(u.name!.toLowerCase());
    if (!user || (u.name !== undefined && user.username !== u.name.toLowerCase()))
      return { ref: undefined, secret: a.secret };
    return { ref: { name: a.name, userId: user.id }, secret: a.secret };
  }

  private matchesDomain(ref: DomainRef) {
    if (!ref || (ref.id === undefined && ref.name === undefined)) return false;
    return (
      (ref.id === undefined || ref.id === DOMAIN_ID) && (ref.name === undefined || ref.name === this.config.domainName)
    );
  }

  /** Keystone gives an application credential's token its own project's scope: a request may repeat it, no other. */
  private assertScope(scope: KeystoneAuthRequest['auth']['scope'], project: Project) {
    if (scope === undefined) return;
    const p = scope === 'unscoped' ? undefined : scope.project;
    const same =
      p !== undefined &&
      scope !== 'unscoped' &&
      scope.domain === undefined &&
      scope.system === undefined &&
      (p.id === undefined || p.id === project.id) &&
      (p.name === undefined || p.name.toLowerCase() === project.name.toLowerCase()) &&
      (p.id !== undefined || p.name !== undefined);
    if (!same)
      throw new AppError(
        401,
        'unauthenticated',
        'Unauthorized',
        'An application credential gives tokens scoped to its own project only: omit the scope or name that project.',
      );
  }

  private refused(ctx: AuditContext, c: ApplicationCredentialWithOwner, reason: string) {
    return this.audit.record(ctx, {
      action: 'application_credential.use',
      outcome: 'failure',
      targetUserId: c.userId,
      tokenId: c.id,
      details: { ...auditDetails(c), reason },
    });
  }
}
