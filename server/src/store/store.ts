/** The one persistence interface. Services speak only to this; SQLite and PostgreSQL implement it. */

export type Role = 'user' | 'admin';

export interface User {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  disabled: boolean;
  apiTokensEnabled: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface UserWithSecret extends User {
  passwordHash: string;
}

export interface NewUser {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  passwordHash: string;
  apiTokensEnabled: boolean;
  createdAt: string;
}

export interface UserPatch {
  displayName?: string;
  role?: Role;
  disabled?: boolean;
  passwordHash?: string;
  apiTokensEnabled?: boolean;
  updatedAt: string;
}

export interface UserPage {
  users: User[];
  nextCursor: string | null;
}

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
}

/** What the verification path needs, read in one indexed lookup. */
export interface TokenCredential {
  tokenId: string;
  expiresAt: string | null;
  user: Pick<User, 'id' | 'username' | 'displayName' | 'role' | 'disabled' | 'apiTokensEnabled'>;
}

export interface LastUse {
  tokenId: string;
  at: string;
  ip: string | null;
}

export interface AuditEvent {
  id: string;
  at: string;
  action: string;
  outcome: 'success' | 'failure';
  actorId: string | null;
  actorUsername: string | null;
  targetUserId: string | null;
  tokenId: string | null;
  ip: string | null;
  userAgent: string | null;
  details: Record<string, unknown> | null;
}

export interface AuditQuery {
  userId?: string;
  action?: string;
  since?: string;
  until?: string;
  cursor?: string;
  limit: number;
}

/** A short-lived Keystone token as stored: its digest, never the token. */
export interface KeystoneToken {
  digest: string;
  userId: string;
  auditId: string;
  methods: string[];
  domainScoped: boolean;
  issuedAt: string;
  expiresAt: string;
}

/** A Keystone token joined to its owner, read in one lookup by digest. */
export interface KeystoneCredential extends KeystoneToken {
  user: Pick<User, 'id' | 'username' | 'displayName' | 'role' | 'disabled' | 'apiTokensEnabled'>;
}

export interface StoredSession {
  data: string;
  expiresAt: string;
}

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
}

/** What client authentication and access-token verification need, read in one lookup by client id. */
export interface OAuth2ClientCredential {
  client: OAuth2Client;
  secretDigest: string;
  user: Pick<User, 'id' | 'username' | 'displayName' | 'role' | 'disabled' | 'apiTokensEnabled'>;
}

/** A signing key for access tokens; the private JWK only ever stored encrypted. */
export interface OAuth2SigningKey {
  kid: string;
  alg: string;
  publicJwk: string;
  privateJwkEncrypted: string;
  createdAt: string;
  retiredAt: string | null;
}

export interface Store {
  readonly dialect: 'sqlite' | 'postgres';

  countUsers(): Promise<number>;
  createUser(user: NewUser): Promise<User>;
  getUser(id: string): Promise<User | undefined>;
  getUserWithSecretByUsername(username: string): Promise<UserWithSecret | undefined>;
  getUserWithSecret(id: string): Promise<UserWithSecret | undefined>;
  listUsers(opts: { search?: string; cursor?: string; limit: number }): Promise<UserPage>;
  updateUser(id: string, patch: UserPatch): Promise<User | undefined>;

  /** Inserts the token only while the owner has fewer than maxPerUser; atomic against concurrent creates. */
  createAuthToken(
    token: NewAuthToken,
    maxPerUser: number,
    /** Written in the same transaction, so a crash never leaves a token without its creation in the audit log. */
    audit?: AuditEvent,
  ): Promise<AuthToken | 'limit_reached' | 'name_taken'>;
  listAuthTokens(userId: string): Promise<AuthToken[]>;
  countAuthTokens(userId: string): Promise<number>;
  getAuthToken(userId: string, tokenId: string): Promise<AuthToken | undefined>;
  getAuthTokenByName(userId: string, name: string): Promise<AuthToken | undefined>;
  updateAuthTokenDescription(userId: string, tokenId: string, description: string): Promise<AuthToken | undefined>;
  /** Replaces the digest and hint in place: the old secret stops matching in the same write. */
  regenerateAuthToken(
    userId: string,
    tokenId: string,
    next: { digest: string; hint: string; expiresAt: string | null; regeneratedAt: string },
  ): Promise<AuthToken | undefined>;
  deleteAuthToken(userId: string, tokenId: string): Promise<boolean>;
  /** The hot path: one lookup by the unique digest index, joined to the owner. */
  findTokenCredential(digest: string): Promise<TokenCredential | undefined>;
  /**
   * The same lookup answered synchronously, where the store can (the embedded SQLite store: better-sqlite3 is
   * synchronous). The verification path uses it to skip a promise and a microtask per request.
   */
  findTokenCredentialNow?(digest: string): TokenCredential | undefined;
  /** Writes a batch of last-use records in one transaction; a later use never loses to an earlier one. */
  recordLastUses(uses: LastUse[]): Promise<void>;
  /** Seeds many tokens at once (benchmarks, imports); no policy checks. */
  bulkInsertAuthTokens(tokens: NewAuthToken[]): Promise<void>;
  bulkInsertUsers(users: NewUser[]): Promise<void>;

  appendAudit(event: AuditEvent): Promise<void>;
  listAudit(query: AuditQuery): Promise<{ events: AuditEvent[]; nextCursor: string | null }>;

  createKeystoneToken(token: KeystoneToken): Promise<void>;
  findKeystoneToken(digest: string): Promise<KeystoneCredential | undefined>;
  /** Revokes at once: the next lookup on any replica finds nothing. */
  deleteKeystoneToken(digest: string): Promise<boolean>;
  pruneKeystoneTokens(now: string): Promise<number>;

  getSession(sidDigest: string, now: string): Promise<StoredSession | undefined>;
  setSession(sidDigest: string, userId: string | null, data: string, expiresAt: string): Promise<void>;
  touchSession(sidDigest: string, expiresAt: string): Promise<void>;
  destroySession(sidDigest: string): Promise<void>;
  destroySessionsOfUser(userId: string): Promise<void>;
  pruneSessions(now: string): Promise<number>;

  /** Inserts the credential only while the owner has fewer than maxPerUser; atomic against concurrent creates. */
  createOAuth2Client(client: NewOAuth2Client, maxPerUser: number): Promise<OAuth2Client | 'limit_reached'>;
  listOAuth2Clients(userId: string): Promise<OAuth2Client[]>;
  getOAuth2Client(userId: string, clientId: string): Promise<OAuth2Client | undefined>;
  updateOAuth2Client(
    userId: string,
    clientId: string,
    patch: { name?: string; description?: string; scopes?: OAuth2Scope[]; updatedAt: string },
  ): Promise<OAuth2Client | undefined>;
  /** Replaces the secret digest and bumps secret_version in one write: the old secret and its tokens die together. */
  resetOAuth2ClientSecret(
    userId: string,
    clientId: string,
    next: { secretDigest: string; secretHint: string; at: string },
  ): Promise<OAuth2Client | undefined>;
  deleteOAuth2Client(userId: string, clientId: string): Promise<boolean>;
  findOAuth2ClientCredential(clientId: string): Promise<OAuth2ClientCredential | undefined>;
  recordOAuth2ClientUse(clientId: string, at: string): Promise<void>;
  listOAuth2SigningKeys(): Promise<OAuth2SigningKey[]>;
  /** Retires every current key (retiredAt = key.createdAt) and inserts the new one, in one transaction. */
  rotateOAuth2SigningKey(key: OAuth2SigningKey): Promise<void>;
  /** Records a revoked access token until it would have expired anyway; prunes entries that have. */
  revokeOAuth2AccessToken(entry: {
    jti: string;
    clientId: string;
    revokedAt: string;
    expiresAt: string;
  }): Promise<void>;
  isOAuth2AccessTokenRevoked(jti: string): Promise<boolean>;

  ping(): Promise<void>;
  close(): Promise<void>;
}
