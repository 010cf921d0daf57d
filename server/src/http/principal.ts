import type { ProjectRole, Role } from '../store/store.js';

export type AuthenticatedBy = 'session' | 'auth-token' | 'bootstrap-token' | 'oauth2' | 'keystone';
export type CredentialHeader = 'cookie' | 'bearer' | 'ssws' | 'x-auth-token' | 'basic';

/** Who made the request and with what credential; set once by the credentials middleware. */
export interface Principal {
  user: { id: string; username: string; displayName: string; role: Role };
  authenticatedBy: AuthenticatedBy;
  via: CredentialHeader;
  tokenId?: string;
  /**
   * The scopes the credential holds, a mask of scopes/vocabulary.ts (a route's check is one bit test). Sessions,
   * bootstrap and Keystone tokens, and full-access auth tokens hold ALL_SCOPES; an OAuth access token holds the
   * Tessera scopes it was issued (`<issuer>/tokens:read` …).
   */
  scopes: number;
  /**
   * No scope list of its own: what it mints without naming scopes is full access too (a session; an auth token made
   * before scopes or without them). Only a session may widen a credential's scopes.
   */
  fullAccess?: boolean;
  /**
   * The networks the credential may be used from (normalised CIDR ranges), absent for anywhere: what it mints may be
   * used from no wider (security/networks.ts).
   */
  networks?: readonly string[];
  /**
   * Session only: the last authentication (sign-in or "Confirm it's you") is older than TESSERA_REAUTH_MINUTES, so a
   * route declared with `stepUp` answers 401 reauthentication_required. Never set for a token.
   */
  reauthenticationDue?: boolean;
  /**
   * When the credential itself expires (ms): set by the OAuth access-token and Keystone verifiers, so what it mints
   * never outlives it (security/credential-issuing.ts). An auth token's is looked up only when it mints something, so
   * the `tsr_` verification path does no extra work.
   */
  expiresAt?: number;
  /** OAuth access token only: its audiences; the OAuth clients it creates may name no others. */
  audiences?: string[];
  /**
   * Issue 21, point 4: the projects (ids) the credential is limited to, absent for no limit. What it mints is limited
   * to no more of them, and it sees only these projects.
   */
  projects?: readonly string[];
  /** Issue 21, point 2: a project-scoped Keystone token's project and the roles it carries there. */
  project?: { id: string; name: string; roles: readonly ProjectRole[] };
  /**
   * Issue 21, point 3: a Keystone token minted from an application credential: which, whether it may manage
   * application credentials (`unrestricted`), and when the credential expires (ms), which what it mints never outlives.
   */
  applicationCredential?: { id: string; unrestricted: boolean; expiresAt?: number | undefined };
}

declare module 'express-serve-static-core' {
  interface Request {
    id: string;
    principal?: Principal;
  }
}

declare module 'express-session' {
  interface SessionData {
    userId: string;
    createdAt: number;
    /** When the user last proved who they are in this session: sign-in, or re-authentication (step-up). */
    authenticatedAt: number;
    /** An opaque random id that names the session in the sessions list (never the session id). */
    handle: string;
    /** Where and with what the session was signed in to (shown in the sessions list). */
    ip: string | null;
    userAgent: string | null;
    /** The last request made with the session, to the minute (refreshed at most once a minute). */
    lastSeenAt: number;
    /** How the session was signed in to; unset: a password (with its second factor). */
    signInMethod: 'password' | 'oidc';
    /** The ID token of an OpenID Connect sign-in, sealed (oidc/id-token-seal.ts): the hint for the provider's logout. */
    oidcSealedIdToken: string;
  }
}
