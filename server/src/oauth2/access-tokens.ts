import { randomUUID } from 'node:crypto';
import { SignJWT, decodeProtectedHeader, jwtVerify, type JWTPayload } from 'jose';
import { credentialRefusal } from '../security/credential-usability.js';
import type {
  AuditEvent,
  OAuth2AccessTokenRepository,
  OAuth2ClientCredential,
  OAuth2ClientRepository,
  OAuth2Scope,
} from '../store/store.js';
import { audiencesOf, effectiveScopes, fullyQualifiedScope } from './scopes.js';
import { ACCESS_TOKEN_TTL_SECONDS, type SigningKeys } from './signing-keys.js';

/** JWT access-token type (RFC 9068), so an ID token or another JWT can't pass for one. */
const ACCESS_TOKEN_TYP = 'at+jwt';
/** Private claim: the secret version the token was obtained with; a secret reset invalidates older tokens. */
const SECRET_VERSION_CLAIM = 'client_secret_version';

/**
 * Claim (issue 21): the project ids the client was limited to when the token was issued; absent when it was not
 * limited (every project). The token is used with no more than these and the client's limit now.
 */
const PROJECTS_CLAIM = 'projects';

/** Three base64url parts: the shape of a JWS compact serialisation. */
export const looksLikeJwt = (raw: string) => /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(raw);

export interface AccessTokenClaims extends JWTPayload {
  iss: string;
  sub: string;
  aud: string | string[];
  exp: number;
  iat: number;
  jti: string;
  client_id: string;
  scope: string;
  projects?: string[];
}

/**
 * The projects an access token may be used with (issue 21): those in its claim that the client is still limited to
 * (a limit narrowed since narrows its tokens at once; one widened since does not widen them); undefined: every project.
 */
export function accessTokenProjects(
  claims: Pick<AccessTokenClaims, 'projects'>,
  credential: Pick<OAuth2ClientCredential, 'projects'>,
): readonly string[] | undefined {
  const now = credential.projects;
  const then = claims.projects;
  if (then === undefined) return now;
  if (now === undefined) return then;
  return then.filter((id) => now.includes(id));
}

export interface VerifiedAccessToken {
  claims: AccessTokenClaims;
  credential: OAuth2ClientCredential;
}

/**
 * Whether the client still holds every audience and every fully-qualified scope the token was issued with: among its
 * pairs as stored, or as they count now (a pre-scopes Tessera pair stands for the owner's role, oauth2/scopes.ts).
 */
function stillHeld(claims: AccessTokenClaims, scopes: OAuth2Scope[], effective: OAuth2Scope[]): boolean {
  const audiences = new Set(audiencesOf(scopes));
  const aud = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  if (!aud.every((a) => audiences.has(a))) return false;
  const held = new Set(scopes.map(fullyQualifiedScope));
  if (effective !== scopes) for (const s of effective) held.add(fullyQualifiedScope(s));
  return claims.scope.split(' ').every((s) => s === '' || held.has(s));
}

/** Why a genuine access token of a client that still exists is refused now: the client is suspended (issue 18). */
export type AccessTokenRefusal = 'suspended';

/** A checked token: usable, or refused for a reason worth an audit line, with what was found. */
export type CheckedAccessToken =
  ({ refused?: undefined } & VerifiedAccessToken) | ({ refused: AccessTokenRefusal } & VerifiedAccessToken);

export class AccessTokens {
  constructor(
    private readonly revocations: Pick<OAuth2AccessTokenRepository, 'revoke' | 'isRevoked'>,
    private readonly clients: Pick<OAuth2ClientRepository, 'findCredential'>,
    private readonly keys: SigningKeys,
  ) {}

  async issue(
    issuer: string,
    cred: OAuth2ClientCredential,
    granted: OAuth2Scope[],
  ): Promise<{ token: string; expiresIn: number; scope: string; jti: string }> {
    const { kid, key } = await this.keys.current();
    const aud = audiencesOf(granted);
    const scope = granted.map(fullyQualifiedScope).join(' ');
    const jti = randomUUID();
    const now = Math.floor(Date.now() / 1000);
    const token = await new SignJWT({
      client_id: cred.client.id,
      scope,
      [SECRET_VERSION_CLAIM]: cred.client.secretVersion,
      ...(cred.projects !== undefined ? { [PROJECTS_CLAIM]: [...cred.projects] } : {}),
    })
      .setProtectedHeader({ alg: 'ES256', kid, typ: ACCESS_TOKEN_TYP })
      .setIssuer(issuer)
      .setSubject(cred.user.id)
      .setAudience(aud.length === 1 ? aud[0]! : aud)
      .setIssuedAt(now)
      .setExpirationTime(now + ACCESS_TOKEN_TTL_SECONDS)
      .setJti(jti)
      .sign(key);
    return { token, expiresIn: ACCESS_TOKEN_TTL_SECONDS, scope, jti };
  }

  /** Signature, type, issuer and expiry only: what any resource server can check offline. */
  async verifySignature(raw: string, issuer: string): Promise<AccessTokenClaims | undefined> {
    if (!looksLikeJwt(raw)) return undefined;
    try {
      const header = decodeProtectedHeader(raw);
      if (typeof header.kid !== 'string') return undefined;
      const pub = await this.keys.publicKey(header.kid);
      if (!pub) return undefined;
      const { payload } = await jwtVerify(raw, pub.key, {
        issuer,
        algorithms: [pub.alg],
        typ: ACCESS_TOKEN_TYP,
        requiredClaims: ['sub', 'aud', 'exp', 'iat', 'jti', 'client_id', 'scope'],
      });
      if (typeof payload.client_id !== 'string' || typeof payload.scope !== 'string') return undefined;
      const projects = payload[PROJECTS_CLAIM];
      if (projects !== undefined && !(Array.isArray(projects) && projects.every((p) => typeof p === 'string')))
        return undefined;
      return payload as AccessTokenClaims;
    } catch {
      return undefined;
    }
  }

  /**
   * Everything Tessera itself knows besides the signature: not revoked, the credential still exists with the same
   * secret and has not expired, its owner is enabled, and it still holds every audience and scope the token carries
   * (F-8: an edit that removes one ends the tokens issued for it, at the API and at introspection).
   */
  async verify(raw: string, issuer: string): Promise<VerifiedAccessToken | undefined> {
    const checked = await this.check(raw, issuer);
    return checked && !checked.refused ? checked : undefined;
  }

  /**
   * verify(), telling apart a suspended client's token (refused, with the client found, so Tessera's API can audit
   * it) from one that is simply invalid (undefined). The network allow-list is the API's to check: introspection
   * is called by a resource server, whose address says nothing about where the token is used from.
   */
  async check(raw: string, issuer: string): Promise<CheckedAccessToken | undefined> {
    const claims = await this.verifySignature(raw, issuer);
    if (!claims) return undefined;
    const [revoked, credential] = await Promise.all([
      this.revocations.isRevoked(claims.jti),
      this.clients.findCredential(claims.client_id),
    ]);
    if (revoked || !credential) return undefined;
    const { client, user } = credential;
    if (user.id !== claims.sub || client.secretVersion !== claims[SECRET_VERSION_CLAIM]) return undefined;
    if (credentialRefusal(client.expiresAt, user, Date.now())) return undefined;
    if (!stillHeld(claims, client.scopes, effectiveScopes(client.scopes, issuer, user.role))) return undefined;
    if (credential.suspended) return { refused: 'suspended', claims, credential };
    return { claims, credential };
  }

  /** The revocation and its audit row commit together. */
  async revoke(claims: AccessTokenClaims, audit?: AuditEvent): Promise<void> {
    const entry = {
      jti: claims.jti,
      clientId: claims.client_id,
      revokedAt: new Date().toISOString(),
      expiresAt: new Date(claims.exp * 1000).toISOString(),
    };
    await this.revocations.revoke(entry, audit);
  }
}
