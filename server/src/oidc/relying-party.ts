import type * as OpenIdClient from 'openid-client';
import type { OidcConfig } from '../config.js';
import { isLoopbackName } from '../http/public-origin.js';
import { OidcRefused } from './errors.js';
import type { OidcClaims } from './service.js';

/** What a started sign-in keeps in the (not yet signed-in) session until the provider sends the browser back. */
/**
 * openid-client, loaded by the first discovery: a server without OpenID Connect sign-in (or before its first sign-in)
 * never holds the library, which keeps the shipped server's peak RSS under its 200 MB target. Every use below follows
 * a resolved discover().
 */
let client: typeof OpenIdClient;
const loadClient = async () => (client ??= await import('openid-client'));

export interface PendingAuthorization {
  state: string;
  nonce: string;
  codeVerifier: string;
  redirectUri: string;
  returnTo: string;
  expiresAt: number;
}

/** The checked claims, and the ID token itself (kept only as the hint for RP-initiated logout). */
export interface VerifiedSignIn {
  claims: OidcClaims;
  idToken: string;
}

/**
 * Tessera as an OpenID Connect relying party, through openid-client (docs/decisions/0010-oidc-sign-in.md): discovery
 * on first use and cached (a failure is forgotten, so the server starts and keeps running while the provider is down),
 * authorization code flow with PKCE (S256), state and nonce; every call to the provider bounded by `timeoutMs`.
 */
export class RelyingParty {
  private configuration: Promise<OpenIdClient.Configuration> | undefined;

  constructor(private readonly config: OidcConfig) {}

  /** The provider's metadata and the client, discovered once; 503 `oidc_unavailable` while it cannot be reached. */
  private discover(): Promise<OpenIdClient.Configuration> {
    this.configuration ??= this.bounded(async () =>
      (await loadClient()).discovery(
        this.config.issuer,
        this.config.clientId,
        undefined,
        client.ClientSecretBasic(this.config.clientSecret),
        {
          timeout: this.config.timeoutMs / 1000,
          // Plain HTTP only for a provider on this machine (tests, a local provider); config.ts refuses any other
          // http:// issuer, and this check keeps that true whatever reaches here.
          ...(this.isLoopbackHttp() ? { execute: [client.allowInsecureRequests] } : {}),
        },
      ),
    ).catch((err: unknown) => {
      this.configuration = undefined;
      throw err instanceof OidcRefused ? err : OidcRefused.unavailable();
    });
    return this.configuration;
  }

  private isLoopbackHttp(): boolean {
    return this.config.issuer.protocol === 'http:' && isLoopbackName(this.config.issuer.hostname);
  }

  /** The provider's authorization URL for a new sign-in, and what the callback must find again. */
  async start(
    redirectUri: string,
    returnTo: string,
    ttlMs: number,
    /** `login`: the provider asks again even with a session of its own (a step-up, not a silent SSO). */
    prompt?: 'login',
  ): Promise<{ url: URL; pending: PendingAuthorization }> {
    const configuration = await this.discover();
    const codeVerifier = client.randomPKCECodeVerifier();
    const pending: PendingAuthorization = {
      state: client.randomState(),
      nonce: client.randomNonce(),
      codeVerifier,
      redirectUri,
      returnTo,
      expiresAt: Date.now() + ttlMs,
    };
    const url = client.buildAuthorizationUrl(configuration, {
      redirect_uri: redirectUri,
      scope: 'openid profile email',
      code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      state: pending.state,
      nonce: pending.nonce,
      ...(prompt ? { prompt } : {}),
    });
    return { url, pending };
  }

  /**
   * The authorization response at `callbackUrl` exchanged for tokens: openid-client checks the state, the PKCE
   * verifier, and the ID token's signature, `iss`, `aud`, `exp`, `iat` and `nonce`.
   */
  async finish(callbackUrl: URL, pending: PendingAuthorization): Promise<VerifiedSignIn> {
    const configuration = await this.discover();
    const tokens = await this.bounded(() =>
      client.authorizationCodeGrant(configuration, callbackUrl, {
        pkceCodeVerifier: pending.codeVerifier,
        expectedState: pending.state,
        expectedNonce: pending.nonce,
        idTokenExpected: true,
      }),
    ).catch((err: unknown) => {
      throw classify(err, 'token');
    });
    const claims = tokens.claims();
    if (!claims || !tokens.id_token) throw OidcRefused.failed('verification_failed');
    // Many providers put profile and group claims in userinfo only (OIDC Core §5.4): read it for the same `sub`.
    const userinfo = configuration.serverMetadata().userinfo_endpoint
      ? await this.bounded(() => client.fetchUserInfo(configuration, tokens.access_token, claims.sub)).catch(
          (err: unknown) => {
            throw classify(err, 'userinfo');
          },
        )
      : {};
    return { claims: { ...userinfo, ...claims }, idToken: tokens.id_token };
  }

  /** Where to send the browser to sign out at the provider too, when it offers RP-initiated logout. */
  async endSessionUrl(idTokenHint: string | undefined, postLogoutRedirectUri: string): Promise<string | undefined> {
    let configuration: OpenIdClient.Configuration;
    try {
      configuration = await this.discover();
    } catch {
      return undefined; // signing out of Tessera never fails for the provider (it waits at most the timeout)
    }
    if (!configuration.serverMetadata().end_session_endpoint) return undefined;
    return client
      .buildEndSessionUrl(configuration, {
        client_id: this.config.clientId,
        post_logout_redirect_uri: postLogoutRedirectUri,
        ...(idTokenHint ? { id_token_hint: idTokenHint } : {}),
      })
      .toString();
  }

  /** One call to the provider, answered within the timeout whatever the socket does (503 after it). */
  private bounded<T>(work: () => Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(OidcRefused.unavailable()), this.config.timeoutMs + 250);
      timer.unref();
    });
    return Promise.race([work(), deadline]).finally(() => clearTimeout(timer));
  }
}

/**
 * A failed exchange: the provider unreachable or slow is a 503, anything it or its ID token said wrong a refusal, with
 * the reason the audit records. The provider's own `error` is read only to tell a cancelled sign-in from the rest.
 */
function classify(err: unknown, step: 'token' | 'userinfo'): OidcRefused {
  if (err instanceof OidcRefused) return err;
  if (client && err instanceof client.AuthorizationResponseError)
    return OidcRefused.denied(err.error === 'access_denied' ? 'access_denied' : 'provider_error');
  // The token endpoint's error answer (invalid_grant: a code used, expired, or not issued for this verifier).
  if (client && err instanceof client.ResponseBodyError && step === 'token') return OidcRefused.failed('code_rejected');
  const name = (err as { name?: unknown } | null)?.name;
  // fetch's own failures (refused, reset, DNS) are TypeErrors; openid-client's timeout aborts with a TimeoutError.
  if (err instanceof TypeError || name === 'TimeoutError' || name === 'AbortError') return OidcRefused.unavailable();
  // The ID token's signature, iss, aud, exp or nonce, or the answer's shape.
  return OidcRefused.failed('verification_failed');
}
