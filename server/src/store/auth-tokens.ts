import type { NetworkAllowList } from '../security/networks.js';
import type { AuditEvent } from './audit.js';
import type { ClientUse, CredentialClient, NewNetworkEventOf } from './credential-clients.js';
import type { GraceWindow } from './grace-windows.js';
import type { CredentialOwner } from './users.js';
import type { CredentialProject } from './credential-projects.js';

export interface AuthToken {
  id: string;
  userId: string;
  name: string | null;
  description: string;
  hint: string;
  createdAt: string;
  createdBy: string | null;
  expiresAt: string | null;
  lastUsedAt: string | null;
  lastUsedIp: string | null;
  regeneratedAt: string | null;
  /** Scope names in vocabulary order; null: full access (every scope the owner's role can use). */
  scopes: string[] | null;
  /** Normalised CIDR ranges it may be used from; empty: anywhere. */
  allowedNetworks: string[];
  /** When it was suspended; null: active. A suspended token keeps its secret and settings. */
  suspendedAt: string | null;
  /** The projects it is limited to (issue 21), by name; null: every project; empty: its projects were deleted. */
  projects: CredentialProject[] | null;
  /** The revocation that revoked it (issue 19); null: not revoked. A revoked token keeps its secret for an undo. */
  revocation: TokenRevocationMark | null;
  /** Its previous secret's open grace window (issue 20), when the reader asked for it; absent or null: none. */
  grace?: GraceWindow | null;
  /** The delivery of the current secret (issue 20, point 6). */
  delivery: CredentialDelivery;
}

/**
 * Who generated a credential's current secret and whether its delivery was confirmed. `issuedBy` other than the owner:
 * someone generated it for them (an administrator); null for secrets made before this was recorded.
 */
export interface CredentialDelivery {
  issuedBy: string | null;
  deliveredAt: string | null;
  deliveredBy: string | null;
}

/** A confirmation that the secret whose hint is `hint` reached its owner (the console compared it in the browser). */
export interface DeliveryConfirmation {
  hint: string;
  at: string;
  by: string | null;
}

/** What a revoked token shows of its revocation. */
export interface TokenRevocationMark {
  id: string;
  kind: 'administrator' | 'inactive';
  reason: string;
  revokedAt: string;
  /** The administrator; null for the inactivity job. */
  revokedBy: { id: string; username: string } | null;
  undoUntil: string;
}

export interface NewAuthToken {
  id: string;
  userId: string;
  name: string | null;
  description: string;
  hint: string;
  digest: string;
  createdAt: string;
  createdBy: string | null;
  expiresAt: string | null;
  /** Scope names; null or absent: full access. */
  scopes?: readonly string[] | null;
  /** Normalised CIDR ranges (security/networks.ts allowedNetworksSchema); null, absent or empty: anywhere. */
  allowedNetworks?: readonly string[] | null;
  /** Project ids it is limited to; null or absent: every project. Not written by bulkInsert. */
  projects?: readonly string[] | null;
}

/** What the verification path needs, read in one indexed lookup. */
export interface TokenCredential {
  tokenId: string;
  expiresAt: string | null;
  user: CredentialOwner;
  /** The scope mask (scopes/vocabulary.ts); ALL_SCOPES for full access. */
  scopes: number;
  fullAccess: boolean;
  /** The compiled allow-list; null: anywhere. */
  networks: NetworkAllowList | null;
  suspended: boolean;
  /** Revoked by a revocation (issue 19): refused until an undo. */
  revoked: boolean;
  /** The project ids it is limited to (issue 21); undefined: every project. */
  projects: readonly string[] | undefined;
}

/** A token found by its previous secret (issue 20): the token as the verifier judges it, and that secret's window. */
export interface PreviousSecretCredential extends TokenCredential {
  grace: { startedAt: string; until: string };
}

/** What an edit changes; an absent member stays as it is. */
export interface AuthTokenChanges {
  description?: string;
  /** Scope names, or null for full access. */
  scopes?: readonly string[] | null;
  /** Normalised CIDR ranges; empty: anywhere. */
  allowedNetworks?: readonly string[];
  /** Project ids; null: every project. */
  projects?: readonly string[] | null;
}

export interface LastUse {
  tokenId: string;
  at: string;
  ip: string | null;
}

export interface RegeneratedSecret {
  digest: string;
  hint: string;
  expiresAt: string | null;
  regeneratedAt: string;
  /** Who generated the new secret (its delivery is due again); absent: not known. */
  issuedBy?: string | null;
  /**
   * The secret this one replaces, as the caller read it (its hint and regeneratedAt): the write happens only while
   * the token still holds it (compare-and-swap), so of concurrent regenerates exactly one wins; the others get
   * `'changed'`.
   */
  replaces?: { hint: string; regeneratedAt: string | null };
  /**
   * Until when the secret replaced keeps working (issue 20, a grace window); absent or null: it dies in the same
   * write, and so does any earlier secret still in a window.
   */
  graceUntil?: string | null;
}

/** The organisation-wide inventory's filters (issue 19); every member narrows, none widens. */
export interface InventoryQuery {
  ownerId?: string;
  createdBy?: string;
  status?: 'active' | 'expired' | 'suspended' | 'revoked';
  /** Only tokens not revoked (what a revocation can still revoke). */
  notRevoked?: boolean;
  /** Only tokens not expired at `now`, suspended ones included (what the inactivity job revokes). */
  unexpired?: boolean;
  /** Only these tokens (a revocation's preview of a list of ids; a few at a time). */
  ids?: readonly string[];
  /** A scope name: tokens holding it (full access holds every scope of its owner's role). */
  scope?: string;
  /** Only tokens that never expire (true) or only those that do (false). */
  neverExpires?: boolean;
  expiresBefore?: string;
  createdBefore?: string;
  /** Unused since this instant (ISO): last used before it, or never used and created and regenerated before it. */
  unusedSince?: string;
  /** In the description or the hint, case-insensitively. */
  search?: string;
  /** Only credentials limited to this project (among others). */
  projectId?: string;
  sort: { by: 'created' | 'expires' | 'lastUsed' | 'owner'; descending: boolean };
  /** The instant "expired" and "active" are judged at. */
  now: string;
  /** Opaque, from a previous page's nextCursor. */
  cursor?: string;
  limit: number;
}

/** One inventory row: the token and who owns it. */
export interface InventoryItem {
  token: AuthToken;
  owner: { id: string; username: string; displayName: string; role: 'user' | 'admin'; kind: 'person' | 'service' };
}

export interface InventoryPage {
  items: InventoryItem[];
  nextCursor: string | null;
  /** How many tokens match; counted up to a bound, beyond which `totalIsLowerBound` says so. */
  total: number;
  totalIsLowerBound: boolean;
}

export interface AuthTokenRepository {
  /** Every user's tokens, filtered, sorted and a page at a time (keyset pagination): the administrators' inventory. */
  inventory(query: InventoryQuery): Promise<InventoryPage>;
  /** Inserts the token only while the owner has fewer than maxPerUser; atomic against concurrent creates. */
  create(
    token: NewAuthToken,
    maxPerUser: number,
    audit?: AuditEvent,
  ): Promise<AuthToken | 'limit_reached' | 'name_taken'>;
  list(userId: string): Promise<AuthToken[]>;
  count(userId: string): Promise<number>;
  /** How many tokens each of these users has, in one grouped query; a user without any is absent. */
  countByOwner(userIds: readonly string[]): Promise<Map<string, number>>;
  get(userId: string, tokenId: string): Promise<AuthToken | undefined>;
  getByName(userId: string, name: string): Promise<AuthToken | undefined>;
  /**
   * Changes the description, scopes or networks in one write; undefined when there is no such token. A revoked token
   * is not changed: it is answered as it is (with its `revocation`), and the audit row is not written.
   */
  update(
    userId: string,
    tokenId: string,
    changes: AuthTokenChanges,
    audit?: AuditEvent,
  ): Promise<AuthToken | undefined>;
  /**
   * Suspends (a time) or resumes (null) in place; the secret and settings stay. Undefined when there is no such
   * token; a revoked token is answered as it is, unchanged and unaudited (as for update).
   */
  setSuspended(
    userId: string,
    tokenId: string,
    suspendedAt: string | null,
    audit?: AuditEvent,
  ): Promise<AuthToken | undefined>;
  /**
   * Replaces the digest and hint in place: the old secret stops matching in the same write. Undefined when there is
   * no such token; `'changed'` when `next.replaces` no longer matches (another regenerate came first); a revoked token
   * is answered as it is (with its `revocation`), its secret unchanged and nothing audited.
   */
  regenerate(
    userId: string,
    tokenId: string,
    next: RegeneratedSecret,
    audit?: AuditEvent,
  ): Promise<AuthToken | undefined | 'changed'>;
  /**
   * Records that the current secret was delivered, while its hint is still `c.hint`; a token already delivered keeps
   * its first confirmation (nothing written, nothing audited). Undefined when there is no such token; `'changed'` when
   * the secret is no longer the one confirmed; a revoked token is answered as it is, unchanged and unaudited.
   */
  markDelivered(
    userId: string,
    tokenId: string,
    c: DeliveryConfirmation,
    audit?: AuditEvent,
  ): Promise<AuthToken | undefined | 'changed'>;
  delete(userId: string, tokenId: string, audit?: AuditEvent): Promise<boolean>;
  /**
   * The hot path: one lookup by the unique digest index, joined to the owner. The embedded store answers
   * synchronously (better-sqlite3 is), so the verifier makes no promise there (docs/decisions/0004-performance-deviations.md §3).
   */
  findCredential(digest: string): TokenCredential | undefined | Promise<TokenCredential | undefined>;
  /**
   * The token whose previous secret (in a grace window, open or ended: the caller compares `grace.until` with now)
   * has this digest. Read only after findCredential found nothing; synchronous on the embedded store, as it is.
   */
  findPreviousSecret(
    digest: string,
  ): PreviousSecretCredential | undefined | Promise<PreviousSecretCredential | undefined>;
  /**
   * Writes a batch of last-use records in one transaction; a later use never loses to an earlier one. The batch's
   * client uses (issue 20) are written in the same transaction: each pair added to the token's recent clients, each
   * address's network learnt; for a network new to a token used before, `newNetworkEvent`'s audit event is written
   * with it. Returns those events (written).
   */
  recordLastUses(
    uses: LastUse[],
    clients?: readonly ClientUse[],
    newNetworkEvent?: NewNetworkEventOf,
  ): Promise<AuditEvent[]>;
  /** The token's recent clients last seen at or after `since` (ISO), newest first (at most 20). */
  clients(tokenId: string, since: string): Promise<CredentialClient[]>;
  /** Seeds many tokens at once (benchmarks, imports); no policy checks. */
  bulkInsert(tokens: NewAuthToken[]): Promise<void>;
}
