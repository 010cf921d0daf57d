import type { AuthenticatedBy } from '../http/principal.js';

/** Who did something, from where and with what credential: built once per request, handed to services. */
export interface AuditContext {
  /** The authenticated caller, or null before anyone is (a failed use, a sign-in). */
  actor: { id: string; username: string } | null;
  ip: string | null;
  userAgent: string | null;
  /**
   * How the actor authenticated, and with which token, so "what was done with this token" is answerable; and when
   * that credential expires (ms), if the verifier knows it, which bounds what it may mint (never written to audit).
   */
  credential: {
    via: AuthenticatedBy;
    tokenId?: string;
    expiresAt?: number;
    /**
     * What the credential may do and from where (never written to audit): what it mints is bounded by them
     * (security/credential-issuing.ts). `scopes` is a mask (scopes/vocabulary.ts).
     */
    scopes?: number;
    fullAccess?: boolean;
    networks?: readonly string[];
    /** The project ids it is limited to (issue 21); absent: every project. */
    projects?: readonly string[];
  } | null;
}

/** For what happens with no authenticated caller yet: a refused credential, a sign-in attempt. */
export const anonymousContext = (ip: string | null, userAgent: string | undefined): AuditContext => ({
  actor: null,
  ip,
  userAgent: userAgent?.slice(0, 512) ?? null,
  credential: null,
});
