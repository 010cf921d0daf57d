import type { PublicOrigin } from '../http/public-origin.js';
import type { Request, RequestHandler, Response } from 'express';
import type { SessionCookie } from '../sessions/cookie.js';
import type { z } from 'zod';
import { auditContext } from '../http/audit-context.js';
import { hasTokenHeader } from '../http/credentials.js';
import { AppError, Forbidden, Unauthenticated } from '../http/errors.js';
import { MfaInvalid, MfaRequired } from '../mfa/errors.js';
import { relyingParty } from '../mfa/relying-party.js';
import { webauthnAssertionSchema, webauthnOptionsSchema } from '../mfa/schema.js';
import type { MfaService } from '../mfa/service.js';
import { PENDING_MS, regenerateSession, saveSession, takeChallenge } from '../mfa/session-state.js';
import { route, type AnyRoute } from '../http/route.js';
import { problems } from '../http/schemas.js';
import { presentUser } from '../users/presenter.js';
import { establishSession } from './establish.js';
import type { SignInThrottle } from './sign-in-throttle.js';
import { sessionSchema, signInSchema, signOutSchema } from './schema.js';
import type { SignInService } from './sign-in-service.js';

const TAG = 'Session';
type SignedInUser = Parameters<SignInService['signedIn']>[1];
const SIGN_IN_FAILED = 'Sign-in failed: the username or password is incorrect.';
const MFA_STEP_EXPIRED = 'Sign in with your username and password first.';

export function sessionRoutes(deps: {
  signIn: SignInService;
  throttle: SignInThrottle;
  mfa: MfaService;
  origin: PublicOrigin;
  idleMs: number;
  absoluteMs: number;
  /** The session cookie (`__Host-tessera.sid` over HTTPS). */
  cookie: SessionCookie;
  /** TESSERA_LOCAL_SIGN_IN=false: only the bootstrap `admin` may sign in with a password (break-glass). */
  passwordsOnlyFor?: string | undefined;
  /** OpenID Connect sign-in: where to send a browser to sign out at the provider too, if it offers that. */
  endSessionUrl?: ((req: Request) => Promise<string | undefined>) | undefined;
}): AnyRoute[] {
  const { signIn, throttle, mfa, idleMs, absoluteMs, cookie } = deps;

  /** The session begins: a fresh id, and under TESSERA_REQUIRE_MFA the enrolment-only flag for a user without one. */
  async function begin(req: Request, res: Response, user: SignedInUser, hasSecondFactor: boolean) {
    const ctx = auditContext(req);
    await establishSession(req, user.id);
    if (!hasSecondFactor && mfa.requiredFor(user.role)) {
      req.session.mfaEnrolmentRequired = true;
      await saveSession(req);
    }
    const answer: z.output<typeof sessionSchema> = {
      user: presentUser(await signIn.signedIn(ctx, user)),
      signInMethod: 'password',
      ...expiries(Date.now(), req.session.createdAt ?? Date.now(), idleMs, absoluteMs),
      ...(req.session.mfaEnrolmentRequired ? { mfaEnrolmentRequired: true } : {}),
    };
    res.json(answer);
  }

  /** The pending password step of this browser, if it has not expired. */
  function pending(req: Request) {
    const p = req.session?.mfaPending;
    if (!p || p.expiresAt < Date.now()) throw new Unauthenticated(MFA_STEP_EXPIRED, 'FormBased realm="tessera"');
    return p;
  }

  return [
    route({
      method: 'post',
      path: '/api/session',
      tag: TAG,
      summary: 'Sign in (sets the session cookie)',
      description:
        'With a second factor enrolled, the password alone answers 401 `mfa_required` naming the `methods`; send the ' +
        'same body with `otp` or `recoveryCode`, or use the WebAuthn routes below. A wrong second factor is 401 ' +
        '`mfa_invalid` and counts as a failed sign-in.',
      auth: 'none',
      request: { body: { schema: signInSchema } },
      responses: { 200: { description: 'Signed in', schema: sessionSchema }, ...problems(400, 401, 403, 429, 503) },
      // A token header is refused before anything else (F-6): no password is checked, so nothing is learnt of it.
      before: [refuseTokenHeader(signIn), throttle.perIp, throttle.perUsername],
      handler: async ({ body: input }, req, res) => {
        if (deps.passwordsOnlyFor !== undefined && input.username !== deps.passwordsOnlyFor)
          throw new Forbidden(PASSWORDS_OFF, 'password_sign_in_disabled');
        const ctx = auditContext(req);
        const user = await signIn.authenticate(ctx, input.username, input.password);
        if (!user) throw new Unauthenticated(SIGN_IN_FAILED, 'FormBased realm="tessera"');
        const methods = await mfa.methods(user.id);
        if (methods.length > 0) {
          if (input.otp === undefined && input.recoveryCode === undefined) {
            // The password step is done: remembered in a fresh, not-signed-in session for the WebAuthn ceremony.
            await regenerateSession(req);
            req.session.mfaPending = { userId: user.id, expiresAt: Date.now() + PENDING_MS };
            await saveSession(req);
            throttle.notAFailure(req);
            throw new MfaRequired(methods);
          }
          const factor = input.otp !== undefined ? { otp: input.otp } : { recoveryCode: input.recoveryCode };
          if (!(await mfa.verify(ctx, user, factor))) {
            await mfa.recordFailure(ctx, user, input.otp !== undefined ? 'totp' : 'recovery_code');
            throw new MfaInvalid();
          }
        }
        await begin(req, res, user, methods.length > 0);
      },
    }),

    route({
      method: 'post',
      path: '/api/session/webauthn/options',
      tag: TAG,
      summary: 'Passkey sign-in, step 2: PublicKeyCredentialRequestOptions',
      description: 'After `POST /api/session` answered `mfa_required` with `webauthn` (same browser session).',
      auth: 'none',
      responses: {
        200: { description: 'For navigator.credentials.get()', schema: webauthnOptionsSchema },
        ...problems(401, 429),
      },
      before: [throttle.perIp],
      handler: async (_input, req, res) => {
        const p = pending(req);
        const options = await mfa.authenticationOptions(relyingParty(req, deps.origin), p.userId);
        if (!options) throw new Unauthenticated(MFA_STEP_EXPIRED, 'FormBased realm="tessera"');
        p.challenge = options.challenge;
        await saveSession(req);
        res.json(options);
      },
    }),

    route({
      method: 'post',
      path: '/api/session/webauthn',
      tag: TAG,
      summary: 'Passkey sign-in, step 3: the assertion (signs in)',
      auth: 'none',
      request: { body: { schema: webauthnAssertionSchema } },
      responses: { 200: { description: 'Signed in', schema: sessionSchema }, ...problems(400, 401, 429, 503) },
      handler: async ({ body }, req, res) => {
        const p = pending(req);
        const challenge = takeChallenge(p);
        await saveSession(req);
        const user = await signIn.currentUser(p.userId);
        if (!challenge || !user) throw new Unauthenticated(MFA_STEP_EXPIRED, 'FormBased realm="tessera"');
        // The sign-in throttle of this username at this address, as for a code: 429 before the assertion is checked.
        await throttle.check(req, user.username);
        const ctx = auditContext(req);
        const ok = await mfa.verifyPasskey(
          relyingParty(req, deps.origin),
          user.id,
          body.credential as never,
          challenge,
        );
        if (!ok || user.disabled) {
          await throttle.recordFailure(req, user.username);
          await mfa.recordFailure(ctx, user, 'webauthn');
          throw new MfaInvalid();
        }
        await begin(req, res, user, true);
      },
    }),

    route({
      method: 'get',
      path: '/api/session',
      tag: TAG,
      summary: 'The current browser session',
      auth: 'session',
      responses: { 200: { description: 'Signed in', schema: sessionSchema }, ...problems(401) },
      handler: async (_input, req, res) => {
        const session = await currentSession(signIn, req, idleMs, absoluteMs);
        if (!session) throw new Unauthenticated('You are not signed in.', 'FormBased realm="tessera"');
        res.json(session);
      },
    }),

    route({
      method: 'delete',
      path: '/api/session',
      tag: TAG,
      summary: 'Sign out',
      auth: 'optional',
      description:
        'After an OpenID Connect sign-in, when the provider offers RP-initiated logout, the answer is 200 with the ' +
        'provider’s `endSessionUrl`: the console goes there to sign out at the provider too, and comes back to /signin.',
      responses: {
        200: { description: 'Signed out here; sign out at the provider next', schema: signOutSchema },
        204: { description: 'Signed out' },
        ...problems(403),
      },
      handler: async (_input, req, res) => {
        let endSessionUrl: string | undefined;
        if (req.principal?.authenticatedBy === 'session') {
          if (req.session.signInMethod === 'oidc') endSessionUrl = await deps.endSessionUrl?.(req);
          await signIn.signedOut(auditContext(req), req.principal.user.id);
          await new Promise<void>((resolve, reject) => req.session.destroy((e) => (e ? reject(e) : resolve())));
        }
        res.clearCookie(cookie.name, cookie.clear);
        if (endSessionUrl) res.json({ endSessionUrl } satisfies z.output<typeof signOutSchema>);
        else res.status(204).end();
      },
    }),
  ];
}

/**
 * Sign-in takes a username and password and starts a browser session: a request carrying a token header is
 * token-authenticated (it has no session to start), so it is refused with 400 `token_not_accepted`, audited.
 */
function refuseTokenHeader(signIn: SignInService): RequestHandler {
  return (req, _res, next) => {
    if (!hasTokenHeader(req)) return next();
    const claimed: unknown = (req.body as { username?: unknown } | undefined)?.username;
    signIn
      .refusedTokenHeader(auditContext(req), claimed)
      .then(() => next(new AppError(400, 'token_not_accepted', 'Invalid request', TOKEN_NOT_ACCEPTED)), next);
  };
}
const PASSWORDS_OFF = 'Password sign-in is turned off here: use your organisation’s sign-in.';
const TOKEN_NOT_ACCEPTED =
  'Sign-in takes a username and password only: send it without an Authorization or X-Auth-Token header.';

/** GET /api/session's answer, also inlined into the console's page (http/console.ts); null without a session. */
export async function currentSession(
  signIn: Pick<SignInService, 'currentUser'>,
  req: Request,
  idleMs: number,
  absoluteMs: number,
): Promise<z.output<typeof sessionSchema> | null> {
  if (!req.principal || req.principal.authenticatedBy !== 'session') return null;
  const user = await signIn.currentUser(req.principal.user.id);
  if (!user) return null;
  return {
    user: presentUser(user),
    signInMethod: req.session.signInMethod ?? 'password',
    ...expiries(Date.now(), req.session.createdAt ?? Date.now(), idleMs, absoluteMs),
    ...(req.session.mfaEnrolmentRequired ? { mfaEnrolmentRequired: true } : {}),
  };
}

function expiries(now: number, createdAt: number, idleMs: number, absoluteMs: number) {
  const absolute = createdAt + absoluteMs;
  return {
    idleExpiresAt: new Date(Math.min(now + idleMs, absolute)).toISOString(),
    absoluteExpiresAt: new Date(absolute).toISOString(),
  };
}
