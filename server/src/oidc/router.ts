import type { Request, Response } from 'express';
import { z } from 'zod';
import { safeReturnPath } from '../contract/return-path.js';
import { auditContext } from '../http/audit-context.js';
import { prefersJson } from '../http/console.js';
import type { PublicOrigin } from '../http/public-origin.js';
import { route, type AnyRoute } from '../http/route.js';
import { problems } from '../http/schemas.js';
import { saveSession } from '../mfa/session-state.js';
import { establishSession } from '../session/establish.js';
import type { SignInService } from '../session/sign-in-service.js';
import type { OidcAttemptLimit } from './attempt-limit.js';
import { OidcRefused } from './errors.js';
import type { IdTokenSeal } from './id-token-seal.js';
import type { PendingAuthorization, RelyingParty } from './relying-party.js';
import type { OidcSignInService } from './service.js';

declare module 'express-session' {
  interface SessionData {
    /** An OpenID Connect sign-in under way: its state, nonce and PKCE verifier, used once by the callback. */
    oidcPending: PendingAuthorization;
  }
}

const TAG = 'Session';
/** How long the provider's login may take before its answer is refused as a stale sign-in. */
const PENDING_MS = 10 * 60_000;
export const CALLBACK_PATH = '/api/session/oidc/callback';

const redirect = { description: 'Redirect', headers: { Location: { description: 'Where the browser goes next' } } };

/**
 * A refusal: a browser goes back to the sign-in page, which words the code; a program gets problem+json. The provider
 * being away is no attempt of the client's: not counted against its address, whether answered 503 or 303.
 */
function refuse(req: Request, res: Response, err: unknown, limit: OidcAttemptLimit): void {
  if (err instanceof OidcRefused && err.code === 'oidc_unavailable') limit.notCounted(req);
  if (!(err instanceof OidcRefused) || prefersJson(req)) throw err;
  res.redirect(303, `/signin?error=${err.code}`);
}

export function oidcRoutes(deps: {
  relyingParty: RelyingParty;
  service: OidcSignInService;
  idTokenSeal: IdTokenSeal;
  signIn: SignInService;
  origin: PublicOrigin;
  limit: OidcAttemptLimit;
}): AnyRoute[] {
  const { relyingParty, service, idTokenSeal, signIn, limit } = deps;
  return [
    route({
      method: 'get',
      path: '/api/session/oidc/start',
      tag: TAG,
      summary: 'OpenID Connect sign-in: off to the provider',
      description:
        'Redirects to the provider’s authorization endpoint (authorization code, PKCE S256, state and nonce kept in ' +
        'this browser’s session). 404 when OpenID Connect sign-in is not configured; 503 `oidc_unavailable` when the ' +
        'provider cannot be reached (a browser is sent to `/signin?error=oidc_unavailable` instead). Counts against ' +
        'the per-address limit of sign-in attempts (429 with Retry-After past it).',
      auth: 'none',
      request: {
        query: z.strictObject({
          returnTo: z.string().max(2048).optional().describe('a console path to come back to after signing in'),
          prompt: z
            .literal('login')
            .optional()
            .describe('`login`: the provider must ask again even when it has a session (Confirm it’s you)'),
        }),
      },
      responses: { 302: redirect, 303: redirect, ...problems(400, 429, 503) },
      before: [limit.perAddress],
      handler: async ({ query }, req, res) => {
        try {
          const { url, pending } = await relyingParty.start(
            `${deps.origin(req)}${CALLBACK_PATH}`,
            safeReturnPath(query.returnTo),
            PENDING_MS,
            query.prompt,
          );
          req.session.oidcPending = pending;
          await saveSession(req);
          res.redirect(302, url.href);
        } catch (err) {
          refuse(req, res, err, limit);
        }
      },
    }),
    route({
      method: 'get',
      path: CALLBACK_PATH,
      tag: TAG,
      summary: 'OpenID Connect sign-in: back from the provider (signs in)',
      description:
        'The provider’s authorization response (`code`, `state`, `iss`, or `error`). The code is exchanged and the ID ' +
        'token checked; the user linked to its issuer and subject is signed in, or a new user is made (just in time). ' +
        'Redirects to the path the sign-in started from; a refusal goes to `/signin?error=<code>` (`oidc_state`, ' +
        '`oidc_denied`, `oidc_failed`, `oidc_no_username`, `oidc_username_taken`, `oidc_disabled`, `oidc_unavailable`). ' +
        'Each refusal but `oidc_unavailable` is audited as a failed `session.sign_in` (`details: { method: "oidc", ' +
        'reason }`), and counts against the per-address limit of sign-in attempts (429 with Retry-After past it); a ' +
        'sign-in that succeeds does not.',
      auth: 'none',
      responses: { 302: redirect, 303: redirect, ...problems(400, 401, 403, 409, 429, 503) },
      before: [limit.perAddress],
      handler: async (_input, req, res) => {
        const ctx = auditContext(req);
        try {
          const pending = req.session.oidcPending;
          // Used once, whatever happens next: a replayed or second answer finds nothing.
          if (pending) {
            delete req.session.oidcPending;
            await saveSession(req);
          }
          if (!pending) throw OidcRefused.state('state_missing');
          if (pending.expiresAt < Date.now()) throw OidcRefused.state('state_expired');
          const callbackUrl = new URL(req.originalUrl, pending.redirectUri);
          if (callbackUrl.searchParams.get('state') !== pending.state) throw OidcRefused.state('state_mismatch');
          const verified = await relyingParty.finish(callbackUrl, pending);
          const user = await service.userFor(ctx, verified.claims);
          await establishSession(req, user.id, {
            signInMethod: 'oidc',
            oidcSealedIdToken: await idTokenSeal.seal(verified.idToken),
          });
          await signIn.signedIn(ctx, user, { method: 'oidc' });
          limit.notCounted(req);
          res.redirect(302, pending.returnTo);
        } catch (err) {
          // One audit row per refusal, with its fixed reason; then the browser back to /signin, or problem+json.
          if (err instanceof OidcRefused) await service.refused(ctx, err);
          refuse(req, res, err, limit);
        }
      },
    }),
  ];
}
