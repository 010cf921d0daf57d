import { randomUUID, timingSafeEqual } from 'node:crypto';
import type { AuditContext } from '../audit/context.js';
import type { AuditService } from '../audit/service.js';
import { Conflict, Forbidden, Invalid, NotFound } from '../errors.js';
import type { Principal } from '../http/principal.js';
import { digestToken, generateToken, tokenHint } from '../lib/token-format.js';
import { tokenExpiry } from '../policy/credential-rules.js';
import { allowsNoExpiry, type PolicySource } from '../policy/policy.js';
import type { ProjectService } from '../projects/service.js';
import {
  assertMayHoldCredentials,
  boundedByCreator,
  creatorExpiry,
  credentialOwner,
} from '../security/credential-issuing.js';
import { credentialRefusal } from '../security/credential-usability.js';
import type {
  AccessRule,
  ApplicationCredential,
  ApplicationCredentialRepository,
  ApplicationCredentialWithOwner,
  AuthTokenRepository,
  Project,
  ProjectRole,
  User,
  UserRepository,
} from '../store/store.js';

/** Application credential secrets: Tessera's token format with their own prefix, so leak scanners know them. */
export const APPLICATION_CREDENTIAL_PREFIX = 'tsa_';
/** A secret the caller chooses (Keystone's `secret`) must be at least this long: it is stored as a plain SHA-256. */
export const MIN_CHOSEN_SECRET_LENGTH = 32;

export interface NewApplicationCredentialInput {
  name: string;
  description?: string | null | undefined;
  /** Omitted: the policy's default lifetime; null: never (when the policy allows). */
  expiresAt?: string | null | undefined;
  projectId: string;
  /** Omitted: every role available (the caller's in the project, or its token's). */
  roles?: ProjectRole[] | undefined;
  unrestricted?: boolean | undefined;
  accessRules?: Omit<AccessRule, 'id'>[] | undefined;
  secret?: string | undefined;
}

/**
 * What the creating credential limits: a project-scoped Keystone token's roles (Keystone delegates no more than the
 * token holds), and an application credential behind it (restricted ones create nothing; none outlives it).
 */
export interface CreatorLimits {
  roles?: readonly ProjectRole[] | undefined;
  applicationCredential?: Principal['applicationCredential'];
  /** When the creating credential's limit ends (ms): the new credential never outlives it (F-1). */
  expiresAt?: number | undefined;
  /** The projects the creating credential is limited to (Principal.projects): none other is bound. */
  projects?: readonly string[] | undefined;
}

/** The limits a request's credential puts on what it creates; `expiresAt` is its own end (creatorExpiry). */
export function limitsOf(p: Principal, expiresAt: number | undefined): CreatorLimits {
  return {
    applicationCredential: p.applicationCredential,
    expiresAt,
    projects: p.projects,
    // A token from an application credential delegates no more than it carries.
    roles: p.applicationCredential ? (p.project?.roles ?? []) : undefined,
  };
}

/** How the `application_credential` method names a credential. */
export type CredentialRef = { id: string } | { name: string; userId: string };

/** The outcome of a secret: the credential, or the reason it opens nothing (and the credential when one was named). */
export type CredentialCheck =
  | { ok: true; credential: ApplicationCredentialWithOwner }
  | { ok: false; reason: string; credential?: ApplicationCredentialWithOwner };

const NO_CREDENTIAL = 'No such application credential.';
const newCredentialId = () => randomUUID().replace(/-/g, '');

export const auditDetails = (
  c: Pick<ApplicationCredential, 'id' | 'name' | 'projectId' | 'roles' | 'unrestricted'>,
) => ({
  applicationCredentialId: c.id,
  name: c.name,
  projectId: c.projectId,
  roles: c.roles,
  unrestricted: c.unrestricted,
});

/**
 * Keystone's application credentials (issue 21, point 3), for Keystone's `/v3/users/{id}/application_credentials`
 * and the console's `/api/users/{id}/application-credentials` alike: a secret for a program, bound to one project with
 * a subset of the user's roles there, shown once and stored as a digest.
 */
export class ApplicationCredentialService {
  constructor(
    private readonly credentials: ApplicationCredentialRepository,
    private readonly projects: ProjectService,
    private readonly users: UserRepository,
    private readonly policies: PolicySource,
    private readonly audit: AuditService,
    /** For the expiry of an auth token that creates a credential (F-1: none outlives its creator). */
    private readonly authTokens: Pick<AuthTokenRepository, 'get'>,
  ) {}

  /** What the console API's request may create: bounded by its credential, as auth tokens and OAuth clients are. */
  async limitsFor(ctx: AuditContext, p: Principal): Promise<CreatorLimits> {
    return limitsOf(p, await creatorExpiry(ctx, this.authTokens));
  }

  /** The lifetime rules a create follows: the token policy's. */
  expiryPolicy() {
    const p = this.policies.current();
    return {
      defaultLifetimeDays: p.defaultLifetimeDays,
      maxLifetimeDays: p.maxLifetimeDays,
      requireExpiry: !allowsNoExpiry(p),
    };
  }

  owner(userId: string): Promise<User> {
    return credentialOwner(this.users, userId);
  }

  /** A token minted from a restricted application credential manages none (Keystone's safeguard against self-renewal). */
  assertMayManage(limits: CreatorLimits): void {
    if (limits.applicationCredential && !limits.applicationCredential.unrestricted)
      throw new Forbidden(
        'A token from a restricted application credential cannot create or delete application credentials.',
        'application_credential_restricted',
      );
  }

  list(userId: string, filter: { name?: string } = {}): Promise<ApplicationCredential[]> {
    return this.credentials.list(userId, filter);
  }

  async get(userId: string, id: string): Promise<ApplicationCredential> {
    const c = await this.credentials.get(userId, id);
    if (!c) throw new NotFound(NO_CREDENTIAL);
    return c;
  }

  /** The projects of the credentials, by id, for their presenters. */
  async projectsOf(list: readonly ApplicationCredential[]): Promise<Map<string, Project>> {
    const ids = [...new Set(list.map((c) => c.projectId))];
    const found = await Promise.all(ids.map((id) => this.projects.find(id)));
    return new Map(found.flatMap((p) => (p ? [[p.id, p] as const] : [])));
  }

  async create(
    ctx: AuditContext,
    owner: User,
    input: NewApplicationCredentialInput,
    limits: CreatorLimits = {},
  ): Promise<{ credential: ApplicationCredential; secret: string }> {
    this.assertMayManage(limits);
    assertMayHoldCredentials(owner, 'API credentials');
    const within = limits.projects === undefined || limits.projects.includes(input.projectId);
    const project = within ? await this.projects.find(input.projectId) : undefined;
    const held = project ? await this.projects.rolesOf(owner.id, project.id) : [];
    if (!project || held.length === 0) throw new NotFound(`${owner.username} holds no role in that project.`);
    if (!project.enabled) throw new Forbidden(`The project ${project.name} is disabled.`, 'project_disabled');
    const available = limits.roles ? held.filter((r) => limits.roles!.includes(r)) : held;
    const roles = input.roles ? [...new Set(input.roles)] : available;
    const missing = roles.filter((r) => !available.includes(r));
    if (missing.length > 0)
      throw new Forbidden(
        `The role${missing.length > 1 ? 's' : ''} ${missing.join(', ')} ${missing.length > 1 ? 'are' : 'is'} not ` +
          `yours to delegate in ${project.name}${limits.roles ? ' with this token' : ''}.`,
        'role_not_held',
      );
    if (roles.length === 0) throw new Invalid('Name at least one role.');
    const secret = this.secretFrom(input.secret);
    const now = Date.now();
    const policyExpiry = tokenExpiry(this.policies.current(), input.expiresAt, now);
    const credential: ApplicationCredential = {
      id: newCredentialId(),
      userId: owner.id,
      projectId: project.id,
      name: input.name,
      description: input.description ?? '',
      secretDigest: digestToken(secret),
      hint: input.secret === undefined ? tokenHint(secret, APPLICATION_CREDENTIAL_PREFIX) : '(chosen secret)',
      roles,
      unrestricted: input.unrestricted ?? false,
      accessRules: (input.accessRules ?? []).map((r) => ({ id: newCredentialId(), ...r })),
      expiresAt: boundedByCreator(policyExpiry, limits.expiresAt),
      createdAt: new Date(now).toISOString(),
      createdBy: ctx.actor?.id ?? null,
      lastUsedAt: null,
    };
    const event = this.audit.event(ctx, {
      action: 'application_credential.create',
      targetUserId: owner.id,
      tokenId: credential.id,
      details: {
        ...auditDetails(credential),
        expiresAt: credential.expiresAt,
        chosenSecret: input.secret !== undefined,
      },
    });
    if (!(await this.credentials.create(credential, event)))
      throw new Conflict(
        `${owner.username} already has an application credential named "${input.name}".`,
        'name_taken',
      );
    this.audit.logged(event);
    return { credential, secret };
  }

  /** Deletes the credential and every Keystone token minted from it, at once. */
  async delete(ctx: AuditContext, userId: string, id: string, limits: CreatorLimits = {}): Promise<void> {
    this.assertMayManage(limits);
    const c = await this.get(userId, id);
    const event = this.audit.event(ctx, {
      action: 'application_credential.delete',
      targetUserId: userId,
      tokenId: c.id,
      details: auditDetails(c),
    });
    if (!(await this.credentials.delete(userId, id, event))) throw new NotFound(NO_CREDENTIAL);
    this.audit.logged(event);
  }

  /**
   * The credential a secret opens, or why not: unknown (no such id, or name for that user), wrong secret, expired, or
   * its owner may not use credentials. The secret is compared by digest in constant time.
   */
  async authenticate(
    ref: CredentialRef,
    secret: string,
    now: number,
  ): Promise<
    | { ok: true; credential: ApplicationCredentialWithOwner }
    | {
        ok: false;
        reason: 'unknown' | 'wrong_secret' | 'expired' | string;
        credential?: ApplicationCredentialWithOwner;
      }
  > {
    const c =
      'id' in ref ? await this.credentials.find(ref.id) : await this.credentials.findByName(ref.userId, ref.name);
    if (!c) return { ok: false, reason: 'unknown' };
    const given = Buffer.from(digestToken(secret), 'hex');
    const stored = Buffer.from(c.secretDigest, 'hex');
    if (given.length !== stored.length || !timingSafeEqual(given, stored))
      return { ok: false, reason: 'wrong_secret', credential: c };
    const refusal = credentialRefusal(c.expiresAt, c.user, now);
    if (refusal) return { ok: false, reason: refusal, credential: c };
    return { ok: true, credential: c };
  }

  markUsed(id: string, at: number): Promise<void> {
    return this.credentials.markUsed(id, new Date(at).toISOString());
  }

  /** Tessera's own secret, or the caller's when long enough (Keystone lets the creator choose one). */
  private secretFrom(chosen: string | undefined): string {
    if (chosen === undefined) return generateToken(APPLICATION_CREDENTIAL_PREFIX);
    if (chosen.length < MIN_CHOSEN_SECRET_LENGTH)
      throw new Invalid(
        `A chosen secret must be at least ${MIN_CHOSEN_SECRET_LENGTH} characters; omit it and Tessera generates one.`,
      );
    return chosen;
  }
}
