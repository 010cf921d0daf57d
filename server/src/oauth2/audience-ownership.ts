import type { AuditContext } from '../audit/context.js';
import type { AuditService } from '../audit/service.js';
import { Conflict, Forbidden, PolicyViolation } from '../http/errors.js';
import { credentialCreators, type CredentialCreator } from '../security/credential-issuing.js';
import type {
  AudienceClaim,
  AudienceTaken,
  OAuth2ClientRepository,
  OAuth2Scope,
  User,
  UserRepository,
} from '../store/store.js';
import { audienceKey, audiencesOf } from './scopes.js';

// Who owns which OAuth audience (F-9), apart from the clients themselves: what a save of a client claims, who may
// introspect a token for an audience, and the administrators' list and transfer. The client service asks these rules
// on create and edit; introspection and the audience routes use the ownership service.

/** Who saves a client's audiences (F-9): Tessera's own audience as this request sees it, and whether an administrator acts. */
export interface AudienceActor {
  ownAudience: string;
  isAdmin: boolean;
  /** An OAuth access token's audiences: the clients it creates or edits may name no others (never broader, F-1). */
  heldAudiences?: string[] | undefined;
}

/** An OAuth access token may give a client only audiences it holds itself (a credential never mints a broader one). */
export function assertHeld(scopes: OAuth2Scope[], by: AudienceActor): void {
  if (by.heldAudiences === undefined) return;
  const held = new Set(by.heldAudiences.map(audienceKey));
  const extra = audiencesOf(scopes).filter((a) => !held.has(audienceKey(a)));
  if (extra.length > 0) {
    throw new Forbidden(
      `An access token can give a credential only the audiences it holds itself; not ${extra.join(', ')}.`,
      'audience_not_held',
    );
  }
}

/** The audiences a save claims: every one but Tessera's own, which belongs to no one. */
export function claimOf(scopes: OAuth2Scope[], by: AudienceActor, at: string): AudienceClaim {
  const own = audienceKey(by.ownAudience);
  const audiences = audiencesOf(scopes)
    .map(audienceKey)
    .filter((a) => a !== own);
  return { audiences, mayUseAny: by.isAdmin, at };
}

export function refuseTaken(taken: AudienceTaken): never {
  const list = taken.audienceTaken.join(', ');
  throw new Conflict(
    `The audience ${list} belongs to another user. Ask them or an administrator, or use an audience of your own.`,
    'audience_taken',
  );
}

/** The audiences' owners: who may introspect for an audience, and the administrators' list and transfer. */
export class AudienceOwnership {
  constructor(
    private readonly clients: Pick<OAuth2ClientRepository, 'audienceOwners' | 'listAudiences' | 'setAudienceOwner'>,
    private readonly users: UserRepository,
    private readonly audit: AuditService,
  ) {}

  /**
   * Who may see a token addressed to these audiences at introspection besides its own client (F-9): a client whose
   * owner owns one of them, or whose owner is an administrator (who may use any). Tessera's own audience is no one's.
   */
  async ownsAnyAudience(owner: { id: string; role: string }, audiences: string[], ownAudience: string) {
    const own = audienceKey(ownAudience);
    const keys = audiences.map(audienceKey).filter((a) => a !== own);
    if (keys.length === 0) return false;
    if (owner.role === 'admin') return true;
    const owners = await this.clients.audienceOwners(keys);
    return keys.some((k) => owners.get(k) === owner.id);
  }

  /** Every owned audience with its owner, for administrators. */
  async audiences(): Promise<{ audience: string; owner: CredentialCreator | null; createdAt: string }[]> {
    const list = await this.clients.listAudiences();
    const owners = await credentialCreators(
      this.users,
      list.map((a) => ({ createdBy: a.ownerUserId })),
    );
    return list.map((a) => ({
      audience: a.audience,
      owner: owners.get(a.ownerUserId) ?? null,
      createdAt: a.createdAt,
    }));
  }

  /** An administrator gives an audience (owned or not) to a user: the new team's resource server may introspect. */
  async transferAudience(ctx: AuditContext, audience: string, to: User, ownAudience: string) {
    const key = audienceKey(audience);
    if (key === audienceKey(ownAudience)) {
      throw new PolicyViolation('Tessera’s own audience belongs to no one.', 'own_audience');
    }
    const at = new Date().toISOString();
    const event = this.audit.event(ctx, {
      action: 'oauth2_audience.transfer',
      targetUserId: to.id,
      details: { audience: key },
    });
    const from = await this.clients.setAudienceOwner(key, to.id, at, event);
    this.audit.logged(event);
    return { audience: key, previousOwnerId: from };
  }
}
