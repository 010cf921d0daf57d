import type { NetworkAllowList } from '../security/networks.js';
import type { AuditEvent } from './audit.js';
import type { CredentialClient, NewNetworkEventOf } from './credential-clients.js';
import type { GraceWindow } from './grace-windows.js';
import type { CredentialDelivery, DeliveryConfirmation, InventoryQuery } from './auth-tokens.js';

export type { DeliveryConfirmation } from './auth-tokens.js';
import type { AudienceClaim, AudienceOwnership, AudienceTaken } from './oauth2-audiences.js';
import type { CredentialOwner } from './users.js';
import type { CredentialProject } from './credential-projects.js';

// What an OAuth 2.0 client credential is to the rest of the server, and what its repository promises; the Kysely
// implementation is in oauth2-clients.ts (as auth-tokens.ts is to kysely-auth-token-repository.ts).

/** One audience + scope pair of an OAuth 2.0 client credential. */
export interface OAuth2Scope {
  audience: string;
  scope: string;
}

/** An OAuth 2.0 client credential; its id is the client_id. Never carries the secret or its digest. */
export interface OAuth2Client {
  id: string;
  userId: string;
  name: string;
  description: string;
  scopes: OAuth2Scope[];
  secretHint: string;
  /** Goes up on every secret reset; access tokens carry it, so older ones stop working at once. */
  secretVersion: number;
  createdAt: string;
  createdBy: string | null;
  updatedAt: string;
  secretResetAt: string | null;
  expiresAt: string | null;
  lastUsedAt: string | null;
  /** The networks client authentication and its access tokens may be used from (normalised CIDR); empty: anywhere. */
  allowedNetworks: string[];
  /** When it was suspended (issue 18): refused at the token endpoint and its access tokens at once; null: active. */
  suspendedAt: string | null;
  /** The projects it is limited to (issue 21), by name; null: every project; empty: its projects were deleted. */
  projects: CredentialProject[] | null;
  /** Its previous secret's open grace window (issue 20), when the reader asked for it; absent or null: none. */
  grace?: GraceWindow | null;
  /** The delivery of the current secret (issue 20, point 6). */
  delivery: CredentialDelivery;
}

export interface NewOAuth2Client {
  id: string;
  userId: string;
  name: string;
  description: string;
  scopes: OAuth2Scope[];
  secretDigest: string;
  secretHint: string;
  createdAt: string;
  createdBy: string | null;
  expiresAt: string | null;
  /** Omitted, null or empty: anywhere. */
  allowedNetworks?: readonly string[] | null;
  /** Project ids it is limited to; omitted or null: every project. */
  projects?: readonly string[] | null;
}

export interface OAuth2ClientPatch {
  name?: string;
  description?: string;
  scopes?: OAuth2Scope[];
  /** Empty: anywhere. */
  allowedNetworks?: readonly string[];
  /** Project ids; null: every project. */
  projects?: readonly string[] | null;
  updatedAt: string;
}

/** What client authentication and access-token verification need, read in one lookup by client id. */
export interface OAuth2ClientCredential {
  client: OAuth2Client;
  secretDigest: string;
  user: CredentialOwner;
  /** The allow-list compiled once per distinct text (security/networks.ts); null: anywhere. */
  networks: NetworkAllowList | null;
  suspended: boolean;
  /** The project ids it is limited to (issue 21); undefined: every project. */
  projects: readonly string[] | undefined;
  /** The previous secret in a grace window (issue 20), open or ended (the caller compares `until` with now). */
  previousSecret: { digest: string; startedAt: string; until: string } | null;
}

/** The administrators' inventory of clients (issue 19): the auth-token inventory's query, without the token scopes. */
export type ClientInventoryQuery = Omit<InventoryQuery, 'scope' | 'status'> & {
  status?: 'active' | 'expired' | 'suspended';
};

export interface ClientInventoryPage {
  items: {
    client: OAuth2Client;
    owner: { id: string; username: string; displayName: string; role: 'user' | 'admin'; kind: 'person' | 'service' };
  }[];
  nextCursor: string | null;
  /** How many clients match, counted up to a bound beyond which `totalIsLowerBound` says so. */
  total: number;
  totalIsLowerBound: boolean;
}

/** Who obtained a token with the client: its address and user agent, and the audit event of a new network. */
export interface OAuth2ClientUse {
  ip: string | null;
  userAgent: string | null;
  newNetworkEvent?: NewNetworkEventOf;
}

/** OAuth 2.0 client credentials. Every audited change takes its event and commits it in its own transaction. */
export interface OAuth2ClientRepository {
  /**
   * Inserts the credential only while the owner has fewer than maxPerUser; atomic against concurrent creates. With a
   * claim, the audiences are claimed in the same transaction, or nothing is written.
   */
  create(
    client: NewOAuth2Client,
    maxPerUser: number,
    audit?: AuditEvent,
    claim?: AudienceClaim,
  ): Promise<OAuth2Client | 'limit_reached' | AudienceTaken>;
  list(userId: string): Promise<OAuth2Client[]>;
  /** Every user's clients, filtered, sorted and a page at a time (keyset pagination): the administrators' inventory. */
  inventory(query: ClientInventoryQuery): Promise<ClientInventoryPage>;
  get(userId: string, clientId: string): Promise<OAuth2Client | undefined>;
  update(
    userId: string,
    clientId: string,
    patch: OAuth2ClientPatch,
    audit?: AuditEvent,
    claim?: AudienceClaim,
  ): Promise<OAuth2Client | undefined | AudienceTaken>;
  /** The owners (user ids) of those of these audience keys that are owned. */
  audienceOwners(audiences: string[]): Promise<Map<string, string>>;
  /** Every owned audience, by audience. */
  listAudiences(): Promise<AudienceOwnership[]>;
  /** Gives an audience to a user (an administrator's transfer), with its audit row; the previous owner, if any. */
  setAudienceOwner(audience: string, ownerUserId: string, at: string, audit?: AuditEvent): Promise<string | null>;
  /**
   * Replaces the secret digest and bumps secret_version in one write: the old secret and its tokens die together.
   * `expiresAt`, when given, is the new expiry (bounded by the credential that asked, F-1).
   */
  resetSecret(
    userId: string,
    clientId: string,
    next: {
      secretDigest: string;
      secretHint: string;
      at: string;
      expiresAt?: string | null;
      /** Until when the secret replaced keeps working (issue 20); absent or null: it (and any earlier one) dies now. */
      graceUntil?: string | null;
      /** Who generated the new secret (its delivery is due again); absent: not known. */
      issuedBy?: string | null;
    },
    audit?: AuditEvent,
  ): Promise<OAuth2Client | undefined>;
  /** As AuthTokenRepository.markDelivered: only while `c.hint` is still the secret's hint; the first one stays. */
  markDelivered(
    userId: string,
    clientId: string,
    c: DeliveryConfirmation,
    audit?: AuditEvent,
  ): Promise<OAuth2Client | undefined | 'changed'>;
  delete(userId: string, clientId: string, audit?: AuditEvent): Promise<boolean>;
  /** Suspends (at) or resumes (null) the client with its audit row; the client as it is now, if it exists. */
  setSuspended(
    userId: string,
    clientId: string,
    suspendedAt: string | null,
    audit?: AuditEvent,
  ): Promise<OAuth2Client | undefined>;
  findCredential(clientId: string): Promise<OAuth2ClientCredential | undefined>;
  /** A client by its id alone (a leak report of its previous secret, issue 20); no owner check. */
  findById(clientId: string): Promise<OAuth2Client | undefined>;
  /** The client whose current secret has this digest (the unique index on it), for a leak report; no owner join. */
  findBySecretDigest(digest: string): Promise<OAuth2Client | undefined>;
  /**
   * Records that the client obtained an access token; the audit row commits with it, and (issue 20) the
   * caller's address and user agent are added to the client's recent clients, its network learnt. Returns the
   * new-network audit events written with it.
   */
  recordUse(clientId: string, at: string, audit?: AuditEvent, client?: OAuth2ClientUse): Promise<AuditEvent[]>;
  /** The client's recent clients last seen at or after `since` (ISO), newest first (at most 20). */
  clients(clientId: string, since: string): Promise<CredentialClient[]>;
}
