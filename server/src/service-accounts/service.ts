import type { AuditContext } from '../audit/context.js';
import type { AuditService } from '../audit/service.js';
import { invalidField } from '../errors.js';
import { Conflict, NotFound } from '../http/errors.js';
import type { Principal } from '../http/principal.js';
import { newId } from '../lib/ids.js';
import type { AuthTokenRepository, User, UserPatch, UserRepository } from '../store/store.js';
import { assertMayManage, seesAll, type ServiceAccount } from './policy.js';

export interface ServiceAccountView {
  account: User;
  /** The owning person, disabled or not; null: the administrators. */
  owner: Pick<User, 'id' | 'username' | 'displayName' | 'disabled'> | null;
  tokenCount: number;
  clientCount: number;
}

export interface CreateServiceAccountInput {
  username: string;
  displayName?: string | undefined;
  description: string;
  ownerId: string | null;
}

export interface UpdateServiceAccountInput {
  displayName?: string | undefined;
  description?: string | undefined;
  disabled?: boolean | undefined;
}

type Field = 'displayName' | 'description' | 'disabled';

/**
 * Service accounts (issue 21, point 5): users of kind `service`, with no password (an empty hash no password matches)
 * and no sign-in, owned by a person or by the administrators. Their credentials are any user's, under
 * /api/users/{id}/…; disabling the person who made or owns one leaves them working.
 */
export class ServiceAccountService {
  constructor(
    private readonly users: UserRepository,
    private readonly tokens: Pick<AuthTokenRepository, 'countByOwner'>,
    private readonly audit: AuditService,
  ) {}

  /** Owner names and credential counts for a page, in three grouped reads. */
  async describe(accounts: User[]): Promise<ServiceAccountView[]> {
    const ids = accounts.map((a) => a.id);
    const ownerIds = [...new Set(accounts.flatMap((a) => (a.ownerId ? [a.ownerId] : [])))];
    const [tokens, clients, owners] = await Promise.all([
      this.tokens.countByOwner(ids),
      this.users.countOAuth2Clients(ids),
      this.users.getMany(ownerIds),
    ]);
    const byId = new Map(owners.map((o) => [o.id, o]));
    return accounts.map((account) => {
      const o = account.ownerId ? byId.get(account.ownerId) : undefined;
      return {
        account,
        owner: o ? { id: o.id, username: o.username, displayName: o.displayName, disabled: o.disabled } : null,
        tokenCount: tokens.get(account.id) ?? 0,
        clientCount: clients.get(account.id) ?? 0,
      };
    });
  }

  /** Every service account for an administrator, one's own for anyone else (and for `owner=me`). */
  async list(
    p: Principal,
    q: { search?: string | undefined; owner?: 'me' | undefined; cursor?: string | undefined; limit: number },
  ) {
    const page = await this.users.list({
      kind: 'service',
      limit: q.limit,
      ...(q.search ? { search: q.search } : {}),
      ...(q.cursor ? { cursor: q.cursor } : {}),
      ...(seesAll(p) && q.owner !== 'me' ? {} : { ownerId: p.user.id }),
    });
    return { items: await this.describe(page.users), nextCursor: page.nextCursor, total: page.total };
  }

  async get(p: Principal, id: string): Promise<ServiceAccountView> {
    const account = await this.users.get(id);
    assertMayManage(p, account, 'admin:read');
    return (await this.describe([account]))[0]!;
  }

  /** Administrators only (the router checks); the account and its audit row commit together. */
  async create(ctx: AuditContext, input: CreateServiceAccountInput): Promise<ServiceAccountView> {
    if (input.ownerId !== null) await this.person(input.ownerId);
    const taken = () => new Conflict(`A user named "${input.username}" already exists.`, 'username_taken');
    if (await this.users.getByUsername(input.username)) throw taken();
    const id = newId();
    const event = this.audit.event(ctx, {
      action: 'service_account.create',
      targetUserId: id,
      details: { username: input.username, ownerId: input.ownerId },
    });
    try {
      const account = await this.users.create(
        {
          id,
          username: input.username,
          displayName: input.displayName ?? input.username,
          role: 'user',
          // No hash: verifyPassword then runs its dummy and answers false, so no password ever matches.
          passwordHash: '',
          apiTokensEnabled: true,
          createdAt: new Date().toISOString(),
          kind: 'service',
          ownerId: input.ownerId,
          description: input.description,
        },
        event,
      );
      this.audit.logged(event);
      return (await this.describe([account]))[0]!;
    } catch (err) {
      // A concurrent create of the same name loses on the unique index.
      if (await this.users.getByUsername(input.username)) throw taken();
      throw err;
    }
  }

  /** Name, description, disabled: by its owner or an administrator; a change that changes nothing is not audited. */
  async update(ctx: AuditContext, p: Principal, id: string, input: UpdateServiceAccountInput) {
    const before = await this.users.get(id);
    assertMayManage(p, before, 'admin:write');
    const patch: UserPatch = { updatedAt: new Date().toISOString() };
    const changes: { field: Field; from: string | boolean; to: string | boolean }[] = [];
    for (const field of ['displayName', 'description', 'disabled'] as const) {
      const to = input[field];
      if (to === undefined || to === before[field]) continue;
      (patch as Record<Field, string | boolean>)[field] = to;
      changes.push({ field, from: before[field], to });
    }
    return this.change(ctx, before, patch, changes.length ? 'service_account.update' : undefined, {
      changed: changes.map((c) => c.field),
      changes,
    });
  }

  /** Hands the account to another person or to the administrators: by its owner or an administrator (audited). */
  async transferOwnership(ctx: AuditContext, p: Principal, id: string, ownerId: string | null) {
    const before = await this.users.get(id);
    assertMayManage(p, before, 'admin:write');
    const to = ownerId === null ? null : await this.person(ownerId);
    if (ownerId === before.ownerId) return (await this.describe([before]))[0]!;
    const from = before.ownerId ? await this.users.get(before.ownerId) : undefined;
    const patch: UserPatch = { updatedAt: new Date().toISOString(), ownerId };
    return this.change(ctx, before, patch, 'service_account.transfer_ownership', {
      from: before.ownerId,
      fromUsername: from?.username ?? null,
      to: ownerId,
      toUsername: to?.username ?? null,
    });
  }

  /** Administrators only (the router checks): the account and every credential it holds, with one audit row. */
  async delete(ctx: AuditContext, id: string): Promise<void> {
    const account = await this.users.get(id);
    if (account?.kind !== 'service') throw new NotFound('No such service account.');
    const [view] = await this.describe([account]);
    const event = this.audit.event(ctx, {
      action: 'service_account.delete',
      targetUserId: id,
      details: {
        username: account.username,
        ownerId: account.ownerId,
        deleted: { authTokens: view!.tokenCount, oauth2Clients: view!.clientCount },
      },
    });
    if (!(await this.users.delete(id, event))) throw new NotFound('No such service account.');
    this.audit.logged(event);
  }

  private async change(
    ctx: AuditContext,
    before: ServiceAccount,
    patch: UserPatch,
    action: 'service_account.update' | 'service_account.transfer_ownership' | undefined,
    details: Record<string, unknown>,
  ): Promise<ServiceAccountView> {
    if (!action) return (await this.describe([before]))[0]!;
    const event = this.audit.event(ctx, { action, targetUserId: before.id, details });
    const after = await this.users.update(before.id, patch, event);
    if (!after) throw new NotFound('No such service account.');
    this.audit.logged(event);
    return (await this.describe([after]))[0]!;
  }

  /** An owner must be an enabled person (not a service account, not someone who has left). */
  private async person(id: string): Promise<User> {
    const u = await this.users.get(id);
    if (!u || u.kind !== 'person' || u.disabled) throw invalidField('ownerId', 'must be the id of an enabled person');
    return u;
  }
}
