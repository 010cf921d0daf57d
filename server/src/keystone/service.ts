import { randomBytes } from 'node:crypto';
import type { AuditContext } from '../audit/context.js';
import type { AuditService } from '../audit/service.js';
import type { Config } from '../config.js';
import { Forbidden, Invalid, NotFound, TooManyRequests, Unauthenticated } from '../http/errors.js';
import type { Principal } from '../http/principal.js';
import {
  KEYSTONE_TOKEN_PREFIX,
  digestToken,
  generateToken,
  isWellFormedToken,
  tokenHint,
} from '../lib/token-format.js';
import { credentialRefusal, ownerRefusal } from '../security/credential-usability.js';
import type { TokenFailureThrottle } from '../security/token-failure-throttle.js';
import type { PasswordAuthenticator } from '../session/password-authentication.js';
import type { ApplicationCredentialMethod } from './application-credentials-method.js';
import type { KeystoneCredential, KeystoneTokenRepository, Project, User, UserRepository } from '../store/store.js';
import type { KeystoneAuthRequest } from './schema.js';
import { KeystoneScopes, ProjectScopeRefused, type ScopeRequest, type TokenScope } from './scope.js';
import { presentToken, type KeystoneTokenBody } from './token-presenter.js';
import { passwordMethods, totpPasscode, type KeystoneSecondFactors } from './totp-method.js';

import { DOMAIN_ID } from './domain.js';

export { DOMAIN_ID, type TokenScope };
const PRUNE_EVERY_MS = 10 * 60_000;
const AUTH_FAILED = 'The request you have made requires authentication.';
/** The refusal of a right password whose user has API tokens turned off: not a failed sign-in (F-11). */
export const API_TOKENS_OFF = 'api_tokens_disabled';

// Keystone audit ids are 22 url-safe characters (16 random bytes).
const newAuditId = () => randomBytes(16).toString('base64url');

/** A live Keystone token with the project it is scoped to (looked up only for a project-scoped one). */
export type LiveKeystoneToken = KeystoneCredential & { project?: Project };

export interface IssuedToken {
  token: string;
  body: KeystoneTokenBody;
}

export class KeystoneService {
  private lastPrune = 0;

  constructor(
    private readonly tokens: KeystoneTokenRepository,
    private readonly users: UserRepository,
    private readonly passwords: PasswordAuthenticator,
    private readonly config: Config,
    private readonly audit: AuditService,
    /** Project scope (issue 21): resolves `auth.scope` for every method, and checks a scoped token's project. */
    readonly scopes: KeystoneScopes,
    /** The per-address token-failure throttle the credentials middleware uses: the token method shares it (F-3). */
    private readonly tokenFailures?: TokenFailureThrottle,
  ) {}

  /** The username a password request names by id, as the shared sign-in throttle keys it. */
  async usernameOf(userId: string): Promise<string | undefined> {
    return (await this.users.get(userId))?.username;
  }

  get domain() {
    return this.scopes.domain;
  }

  /** Two-factor authentication (H3): a user with a second factor adds Keystone's `totp` method to the password. */
  useSecondFactors(mfa: KeystoneSecondFactors): this {
    this.secondFactors = mfa;
    return this;
  }
  private secondFactors: KeystoneSecondFactors | undefined;

  /** Issue 21, point 3: the `application_credential` method, answered by its own module with this service's mint. */
  useApplicationCredentials(method: ApplicationCredentialMethod): this {
    this.applicationCredentials = method;
    return this;
  }
  private applicationCredentials: ApplicationCredentialMethod | undefined;

  async issue(ctx: AuditContext, input: KeystoneAuthRequest): Promise<IssuedToken> {
    const { identity, scope } = input.auth;
    // Keystone's MFA: `methods: ["password", "totp"]` with `totp.user.passcode`; the totp method rides on the password.
    const passcode = totpPasscode(identity);
    const methods = [
      ...new Set(identity.methods.filter((m) => !(m === 'totp' && identity.methods.includes('password')))),
    ];
    if (methods.length === 1 && methods[0] === 'application_credential' && this.applicationCredentials)
      return this.applicationCredentials.issue(ctx, input, (user, used, scope, issued, expires) =>
        this.mint(ctx, user, used, scope, issued, expires, []),
      );
    if (methods.length !== 1 || (methods[0] !== 'password' && methods[0] !== 'token'))
      throw new Invalid('Use exactly one of the methods "password", "token" or "application_credential".');
    const asked = this.scopes.request(scope);
    if (methods[0] === 'password') return this.byPassword(ctx, identity.password?.user, asked, passcode);
    if (!identity.token) throw new Invalid('The token method needs auth.identity.token.id.');
    return this.byToken(ctx, identity.token.id, asked);
  }

  private async byPassword(
    ctx: AuditContext,
    u: NonNullable<KeystoneAuthRequest['auth']['identity']['password']>['user'] | undefined,
    asked: ScopeRequest,
    passcode?: string,
  ): Promise<IssuedToken> {
    if (!u) throw new Invalid('The password method needs auth.identity.password.user.');
    if (u.id === undefined && u.name === undefined) throw new Invalid('Name the user by id, or by name and domain.');
    if (u.id === undefined && !u.domain) throw new Invalid('A user named by name needs a domain (id or name).');
    // A user in another domain does not exist here: the same answer, and audit reason, as an unknown name.
    const domainOk = u.domain === undefined || this.scopes.matchesDomain(u.domain);
    const name = u.name?.trim().toLowerCase();
    const user = await this.passwords.authenticate(
      ctx,
      {
        ref: !domainOk ? undefined : u.id !== undefined ? { id: u.id } : { username: name! },
        expectedUsername: name,
        password: u.password,
        claimedName: u.name ?? u.id ?? null,
      },
      { action: 'keystone.token.issue', details: { method: 'password' } },
    );
    if (!user) throw new Unauthenticated(AUTH_FAILED);
    // A Keystone token is an API credential like an auth token: none for a user whose API tokens are turned off.
    // The password was right, so saying why helps its owner and tells a guesser nothing.
    if (ownerRefusal(user) === 'api_tokens_disabled') {
      await this.audit.record(ctx, {
        action: 'keystone.token.issue',
        outcome: 'failure',
        targetUserId: user.id,
        actor: { id: user.id, username: user.username },
        details: { method: 'password', reason: 'api_tokens_disabled' },
      });
      // Its own code, so the sign-in throttle knows the password was right and does not count it (F-11).
      throw new Forbidden(
        'API tokens are turned off for this user; an administrator can turn them on.',
        API_TOKENS_OFF,
      );
    }

    // Every pathway enforces the same controls (ASVS 6.3.4): with a second factor, the password alone mints nothing.
    const used = await passwordMethods(this.secondFactors, this.audit, ctx, user, passcode);
    const scope = await this.scopeFor(ctx, user, used[0]!, asked);
    const now = Date.now();
    return this.mint(ctx, user, used, scope, now, now + this.config.keystoneTokenTtlSeconds * 1000, []);
  }

  /**
   * A new token from a valid Keystone token, scoped anew (Keystone's re-scope: any project the user holds a role in
   * now); like Keystone, it never outlives the one it came from, and its methods add `token` to the original's. A
   * token from an application credential stays within that credential's project.
   */
  private async byToken(ctx: AuditContext, raw: string, asked: ScopeRequest): Promise<IssuedToken> {
    const from = await this.find(raw);
    if (!from) {
      // As a refused token anywhere else (F-3): counted against the address (429 past its budget, as no valid token
      // ever is), and audited once per address with the repeats summarised (count and hints), not a row per request.
      // The hint names a token's tail only when it is one of ours; anything else may be a secret pasted in the wrong
      // place.
      const wait = (await this.tokenFailures?.recordFailure(ctx.ip ?? '')) ?? 0;
      if (wait > 0) throw new TooManyRequests(wait, 'Too many failed token verifications from this address.');
      const hint = isWellFormedToken(raw, KEYSTONE_TOKEN_PREFIX)
        ? tokenHint(raw, KEYSTONE_TOKEN_PREFIX)
        : '(malformed)';
      await this.audit.recordUnknownToken(hint, ctx.ip ?? '', ctx.userAgent ?? undefined, {
        action: 'keystone.token.issue',
        details: { method: 'token' },
      });
      throw new Unauthenticated(AUTH_FAILED);
    }
    // Keystone rescopes no application credential's token: the new one would escape the credential's limits.
    if (from.applicationCredentialId)
      throw new Forbidden('A token from an application credential cannot be exchanged for another token.');
    const user = await this.users.get(from.userId);
    if (!user) throw new Unauthenticated(AUTH_FAILED);
    const limited = from.methods.includes('application_credential');
    const limit = limited ? (from.projectId ? [from.projectId] : []) : undefined;
    const scope = await this.scopeFor(ctx, user, 'token', asked, limit);
    const now = Date.now();
    const expires = Math.min(new Date(from.expiresAt).getTime(), now + this.config.keystoneTokenTtlSeconds * 1000);
    const methods = ['token', ...from.methods.filter((m) => m !== 'token')];
    return this.mint(ctx, user, methods, scope, now, expires, [from.auditId]);
  }

  /**
   * The scope asked for, for an authenticated user (the password, token and application-credential methods); a
   * refused project scope is audited with its reason and answered 401 alike. `limit`: a limited credential's projects.
   */
  async scopeFor(
    ctx: AuditContext,
    user: Pick<User, 'id' | 'username'>,
    method: string,
    asked: ScopeRequest,
    limit?: readonly string[],
  ): Promise<TokenScope> {
    try {
      return await this.scopes.resolve(user.id, asked, limit);
    } catch (err) {
      if (err instanceof ProjectScopeRefused)
        await this.audit.record(ctx, {
          action: 'keystone.token.issue',
          outcome: 'failure',
          targetUserId: user.id,
          actor: { id: user.id, username: user.username },
          details: { method, reason: err.reason, project: asked.project?.id ?? asked.project?.name ?? null },
        });
      throw err;
    }
  }

  /** Issues the token; a project-scoped one carries its project and the roles it was given there (issue 21). */
  protected async mint(
    ctx: AuditContext,
    user: Pick<User, 'id' | 'username' | 'role'>,
    methods: string[],
    scope: TokenScope,
    issued: number,
    expires: number,
    parentAuditIds: string[],
  ): Promise<IssuedToken> {
    const domainScoped = scope.domainScoped;
    const token = generateToken(KEYSTONE_TOKEN_PREFIX);
    const auditId = newAuditId();
    const record = {
      digest: digestToken(token),
      userId: user.id,
      auditId,
      methods,
      domainScoped,
      issuedAt: new Date(issued).toISOString(),
      expiresAt: new Date(expires).toISOString(),
      projectId: scope.project?.project.id ?? null,
      roles: scope.project?.roles ?? [],
      applicationCredentialId: scope.applicationCredential?.id ?? null,
      applicationCredential: scope.applicationCredential,
    };
    const event = this.audit.event(ctx, {
      action: 'keystone.token.issue',
      targetUserId: user.id,
      actor: { id: user.id, username: user.username },
      details: {
        method: methods[0],
        auditId,
        domainScoped,
        ...(scope.project ? { projectId: scope.project.project.id, roles: scope.project.roles } : {}),
        expiresAt: record.expiresAt,
      },
    });
    await this.tokens.create(record, event);
    this.audit.logged(event);
    void this.pruneSometimes(issued);
    const body = presentToken(this.domain, record, user, [auditId, ...parentAuditIds], scope.project?.project);
    return { token, body };
  }

  /**
   * A live Keystone token, or undefined for anything malformed, unknown, expired, of a disabled user or of a user
   * whose API tokens are turned off (as auth tokens: they stop working, and work again if turned back on).
   */
  async find(raw: string): Promise<LiveKeystoneToken | undefined> {
    if (!isWellFormedToken(raw, KEYSTONE_TOKEN_PREFIX)) return undefined;
    const t = await this.tokens.find(digestToken(raw));
    if (!t || credentialRefusal(t.expiresAt, t.user, Date.now())) return undefined;
    if (t.projectId === null) return t;
    // A project-scoped token lives with its project: one more lookup, for these tokens only (a deleted project's
    // tokens are gone already; a disabled one's are refused until it is enabled again).
    const project = await this.scopes.live(t.projectId);
    return project ? { ...t, project } : undefined;
  }

  /** The owner and administrators may validate or revoke a token; to anyone else it does not exist. */
  async subjectFor(caller: Principal, raw: string | undefined): Promise<LiveKeystoneToken> {
    if (!raw) throw new Invalid('Send the token to check in X-Subject-Token.');
    const t = await this.find(raw);
    if (!t || (caller.user.role !== 'admin' && caller.user.id !== t.userId))
      throw new NotFound('The token is unknown, expired or revoked.');
    return t;
  }

  /** The delete and its audit row commit together. */
  async revoke(ctx: AuditContext, t: KeystoneCredential): Promise<void> {
    const event = this.audit.event(ctx, {
      action: 'keystone.token.revoke',
      targetUserId: t.userId,
      details: { auditId: t.auditId },
    });
    if (await this.tokens.delete(t.digest, event)) this.audit.logged(event);
  }

  private async pruneSometimes(now: number) {
    if (now - this.lastPrune < PRUNE_EVERY_MS) return;
    this.lastPrune = now;
    await this.tokens.prune(new Date(now).toISOString()).catch(() => undefined);
  }
}
