import type { Request } from 'express';
import type { AuditService } from '../audit/service.js';
import { anonymousContext } from '../audit/context.js';
import { credentialRefusal, useRefusal } from '../security/credential-usability.js';
import type { TokenVerifier } from '../http/credentials.js';
import type { Principal } from '../http/principal.js';
import type { TokenFailureThrottle } from '../security/token-failure-throttle.js';
import {
  INVALID_TOKEN_CHALLENGE,
  authorizationCredentials,
  authorizationScheme,
  decodeBasic,
} from '../http/authorization-header.js';
import { clientAddress } from '../http/client.js';
import { TooManyRequests } from '../http/errors.js';
import { NetworkNotAllowed } from '../errors.js';
import { holds, scopeBit, type ScopeName } from '../scopes/vocabulary.js';
import type { PolicySource } from '../policy/policy.js';
import type { OldSecretUseRecorder } from '../grace-windows/old-secret-uses.js';
import type { OAuth2ClientCredential, OAuth2ClientRepository } from '../store/store.js';
import { clientSecretMatches, isWellFormedClientSecret } from './client-secret.js';
import { OAuthError, invalidClient, invalidRequest } from './oauth-errors.js';

export type FormBody = Record<string, string | string[] | undefined>;

/** Who called an /oauth2 endpoint: a client credential, or (introspection and revocation) an administrator. */
export type Caller = { kind: 'client'; credential: OAuth2ClientCredential } | { kind: 'admin'; principal: Principal };

const CLIENT_ID = /^[A-Za-z0-9-]{1,64}$/;

/** The form body of an /oauth2 POST; refuses other media types and repeated parameters (RFC 6749 §3.2). */
export function formBody(req: Request): FormBody {
  if (!req.is('application/x-www-form-urlencoded')) {
    throw invalidRequest('The request body must be application/x-www-form-urlencoded.');
  }
  return (req.body ?? {}) as FormBody;
}

export function param(body: FormBody, name: string): string | undefined {
  const v = body[name];
  if (Array.isArray(v)) throw invalidRequest(`The ${name} parameter must not be repeated.`);
  return v;
}

// RFC 6749 §2.3.1: client_id and secret are form-url-encoded before they are joined for Basic.
function formDecode(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    throw invalidClient('Malformed Basic credentials.');
  }
}

function parseBasic(credentials: string): { clientId: string; secret: string } {
  const basic = decodeBasic(credentials);
  if (!basic) throw invalidClient('Malformed Basic credentials.');
  return { clientId: formDecode(basic.userId), secret: formDecode(basic.password) };
}

/**
 * For a secret that is not the current one: the previous secret's window if it matches and is still open, else null
 * (a wrong secret).
 */
function previousInWindow(cred: OAuth2ClientCredential, secret: string): { startedAt: string; until: string } | null {
  const p = cred.previousSecret;
  if (!p || Date.parse(p.until) <= Date.now() || !clientSecretMatches(secret, p.digest)) return null;
  return { startedAt: p.startedAt, until: p.until };
}

export class ClientAuthenticator {
  constructor(
    private readonly clients: Pick<OAuth2ClientRepository, 'findCredential'>,
    private readonly audit: AuditService,
    private readonly verifiers: TokenVerifier[],
    private readonly failures?: TokenFailureThrottle,
    /** The policy in force: while it turns OAuth clients off, every client is refused (invalid_client). */
    private readonly policy?: PolicySource,
    /** Uses of a previous secret during its grace window (issue 20). */
    private readonly oldSecretUses?: OldSecretUseRecorder,
  ) {}

  /** Authenticates the caller by client_secret_basic or client_secret_post, or by an administrator's bearer token. */
  /**
   * `adminScope`: an administrator's bearer token is taken too (introspection, revocation), when it holds this scope
   * (admin:read to look, admin:write to revoke): an administrator's narrow token does not see everyone's tokens.
   */
  async authenticate(req: Request, body: FormBody, opts: { adminScope?: ScopeName }): Promise<Caller> {
    const ip = clientAddress(req) ?? '';

    const bodyId = param(body, 'client_id');
    const bodySecret = param(body, 'client_secret');
    const authorization = req.get('authorization');
    let clientId: string;
    let secret: string;
    if (authorization !== undefined) {
      const scheme = authorizationScheme(authorization);
      const value = authorizationCredentials(authorization);
      if (bodySecret !== undefined) throw invalidRequest('Use one client authentication method, not two.');
      if (scheme === 'bearer' && opts.adminScope) return this.adminBearer(req, value, ip, opts.adminScope);
      if (scheme !== 'basic') throw invalidClient('Unsupported client authentication method.');
      ({ clientId, secret } = parseBasic(value));
      if (bodyId !== undefined && bodyId !== clientId)
        throw invalidRequest('client_id does not match the credentials.');
    } else if (bodySecret !== undefined && bodyId !== undefined) {
      clientId = bodyId;
      secret = bodySecret;
    } else {
      throw invalidClient('Client authentication is required.');
    }
    return { kind: 'client', credential: await this.verifyClient(req, clientId, secret, ip) };
  }

  private async verifyClient(
    req: Request,
    clientId: string,
    secret: string,
    ip: string,
  ): Promise<OAuth2ClientCredential> {
    const cred =
      CLIENT_ID.test(clientId) && isWellFormedClientSecret(secret)
        ? await this.clients.findCredential(clientId)
        : undefined;
    // The current secret first; only on a mismatch the previous one, while its grace window is open (issue 20).
    const previous =
      cred && !clientSecretMatches(secret, cred.secretDigest) ? previousInWindow(cred, secret) : undefined;
    const reason = !cred
      ? 'unknown_client'
      : previous === null
        ? 'wrong_secret'
        : this.policy?.current().oauth2ClientCredentials === false
          ? 'turned_off'
          : (credentialRefusal(cred.client.expiresAt, cred.user, Date.now()) ?? useRefusal(cred, ip || null));
    if (!reason) {
      if (previous)
        this.oldSecretUses?.record(
          'oauth2_client',
          cred!.client.id,
          cred!.user.id,
          previous,
          ip || null,
          req.headers['user-agent'],
        );
      return cred!;
    }
    // A suspended or turned-off client, or one from outside its networks, knew its secret: no guessing to slow down.
    if (reason !== 'suspended' && reason !== 'network_not_allowed' && reason !== 'turned_off') await this.counted(ip);
    if (cred) {
      await this.audit.record(anonymousContext(ip || null, req.headers['user-agent']), {
        action: 'oauth2_client.authenticate',
        outcome: 'failure',
        actor: { id: null, username: null },
        targetUserId: cred.user.id,
        tokenId: cred.client.id,
        details: { reason },
      });
    }
    // Suspended or outside its networks: invalid_client like any failed authentication (RFC 6749 §5.2); the audit
    // row above keeps the reason and the address, the answer says nothing about either.
    if (reason === 'api_tokens_disabled') {
      throw new OAuthError(400, 'unauthorized_client', 'API credentials are turned off for the owner of this client.');
    }
    throw invalidClient();
  }

  /**
   * Counts a failed authentication against the address; past its budget the answer is 429 instead (not audited, as
   * the failures before it are). A right secret or token is never refused for what its address did.
   */
  private async counted(ip: string): Promise<void> {
    const wait = (await this.failures?.recordFailure(ip)) ?? 0;
    if (wait > 0) throw new TooManyRequests(wait, 'Too many failed client authentications from this address.');
  }

  private async adminBearer(req: Request, raw: string, ip: string, scope: ScopeName): Promise<Caller> {
    const verifier = raw ? this.verifiers.find((v) => v.accepts(raw)) : undefined;
    let principal: Principal | undefined;
    try {
      principal = verifier && (await verifier.verify(raw, req, ip || null));
    } catch (err) {
      // Used from outside its networks: the verifier audited it; here it is an invalid token like any other.
      if (!(err instanceof NetworkNotAllowed)) throw err;
    }
    if (!principal) {
      await this.counted(ip);
      throw new OAuthError(401, 'invalid_token', 'The bearer token is invalid, expired or revoked.', {
        'WWW-Authenticate': INVALID_TOKEN_CHALLENGE,
      });
    }
    if (principal.user.role !== 'admin') {
      throw new OAuthError(403, 'insufficient_scope', 'Only administrators and clients may call this endpoint.', {
        'WWW-Authenticate': 'Bearer realm="tessera", error="insufficient_scope"',
      });
    }
    if (!holds(principal.scopes, scopeBit(scope))) {
      throw new OAuthError(403, 'insufficient_scope', `The bearer token does not hold the ${scope} scope.`, {
        'WWW-Authenticate': `Bearer realm="tessera", error="insufficient_scope", scope="${scope}"`,
      });
    }
    principal.via = 'bearer';
    req.principal = principal;
    return { kind: 'admin', principal };
  }
}
