import type { PublicOrigin } from '../http/public-origin.js';
import type { Request } from 'express';
import type { z } from 'zod';
import { auditContext } from '../http/audit-context.js';
import { Conflict, Forbidden, NotFound, Unauthenticated } from '../http/errors.js';
import { route, type AnyRoute } from '../http/route.js';
import { problems } from '../http/schemas.js';
import { userPath } from '../users/schema.js';
import { assertAdmin, resolveSubjectUserId } from '../users/policy.js';
import { relyingParty } from './relying-party.js';
import {
  mfaStatusSchema,
  passkeyAddedSchema,
  passkeyPath,
  passkeyRegistrationSchema,
  passkeyRenameSchema,
  passkeySchema,
  recoveryCodesSchema,
  totpConfirmSchema,
  totpConfirmedSchema,
  totpEnrolmentSchema,
  webauthnOptionsSchema,
} from './schema.js';
import type { MfaService, MfaUser } from './service.js';
import { PENDING_MS, saveSession, takeChallenge } from './session-state.js';

const TAG = 'Two-factor authentication';
const BASE = '/api/users/{userId}/mfa';

/**
 * The signed-in user's own second factors: only from a browser session (a token, perhaps leaked, may not change how
 * its owner signs in; WebAuthn needs a browser anyway) and only for themselves (`me`).
 */
function ownSessionUser(req: Request, userId: string): MfaUser {
  const p = req.principal;
  if (!p) throw new Unauthenticated();
  if (userId !== 'me' && userId !== p.user.id) throw new NotFound('No such user.');
  if (p.authenticatedBy !== 'session')
    throw new Forbidden('Two-factor authentication is set up from the console, signed in.', 'session_required');
  return p.user;
}

/** Enrolling the first factor ends TESSERA_REQUIRE_MFA's enrolment-only state of this session. */
async function enrolled(req: Request) {
  if (req.session.mfaEnrolmentRequired) {
    delete req.session.mfaEnrolmentRequired;
    await saveSession(req);
  }
}

export function mfaRoutes(mfa: MfaService, origin: PublicOrigin): AnyRoute[] {
  return [
    route({
      method: 'get',
      path: BASE,
      tag: TAG,
      summary: 'Second factors of a user (the user, or administrators)',
      auth: 'any',
      scope: { own: 'profile:read', others: 'admin:read' },
      request: { params: userPath },
      responses: { 200: { description: 'What is enrolled', schema: mfaStatusSchema }, ...problems(401, 403, 404) },
      handler: async ({ params }, req, res) => {
        if (params.userId !== 'me') assertAdmin(req.principal);
        const id = resolveSubjectUserId(req.principal, params.userId);
        const role = id === req.principal!.user.id ? req.principal!.user.role : await mfa.roleOf(id);
        if (!role) throw new NotFound('No such user.');
        res.json((await mfa.status({ id, role })) satisfies z.output<typeof mfaStatusSchema>);
      },
    }),

    route({
      method: 'delete',
      path: BASE,
      tag: TAG,
      summary: 'Reset a user’s two-factor authentication (administrators)',
      description: 'Removes the authenticator app, every passkey and every recovery code; audited as `mfa.reset`.',
      auth: 'any',
      scope: { own: 'full-access', others: 'admin:write' },
      request: { params: userPath },
      stepUp: true,
      responses: { 204: { description: 'Reset' }, ...problems(401, 403, 404, 409) },
      handler: async ({ params }, req, res) => {
        assertAdmin(req.principal);
        const id = resolveSubjectUserId(req.principal, params.userId);
        // One's own factors change in User Settings → Security, where the last one required by policy stays.
        if (id === req.principal.user.id)
          throw new Conflict('Change your own second factors in User Settings → Security.', 'mfa_own_reset');
        if (!(await mfa.roleOf(id))) throw new NotFound('No such user.');
        await mfa.reset(auditContext(req), id);
        res.status(204).end();
      },
    }),

    route({
      method: 'post',
      path: `${BASE}/totp`,
      tag: TAG,
      summary: 'Start setting up an authenticator app (secret and QR code, shown once)',
      auth: 'session',
      request: { params: userPath },
      stepUp: true,
      responses: {
        200: { description: 'Scan or type it, then confirm with a code', schema: totpEnrolmentSchema },
        ...problems(401, 403, 404, 409),
      },
      handler: async ({ params }, req, res) => {
        const user = ownSessionUser(req, params.userId);
        res.json((await mfa.startTotp(user)) satisfies z.output<typeof totpEnrolmentSchema>);
      },
    }),

    route({
      method: 'post',
      path: `${BASE}/totp/confirm`,
      tag: TAG,
      summary: 'Turn the authenticator app on with its first code',
      auth: 'session',
      request: { params: userPath, body: { schema: totpConfirmSchema } },
      stepUp: true,
      responses: {
        200: { description: 'On; recovery codes when the account had none', schema: totpConfirmedSchema },
        ...problems(400, 401, 403, 404, 409),
      },
      handler: async ({ params, body }, req, res) => {
        const user = ownSessionUser(req, params.userId);
        const answer = await mfa.confirmTotp(auditContext(req), user.id, body.code);
        await enrolled(req);
        res.json(answer satisfies z.output<typeof totpConfirmedSchema>);
      },
    }),

    route({
      method: 'delete',
      path: `${BASE}/totp`,
      tag: TAG,
      summary: 'Turn the authenticator app off',
      auth: 'session',
      request: { params: userPath },
      stepUp: true,
      responses: { 204: { description: 'Off' }, ...problems(401, 403, 404, 409) },
      handler: async ({ params }, req, res) => {
        const user = ownSessionUser(req, params.userId);
        await mfa.disableTotp(auditContext(req), user);
        res.status(204).end();
      },
    }),

    route({
      method: 'post',
      path: `${BASE}/recovery-codes`,
      tag: TAG,
      summary: 'Replace the recovery codes (the new ones shown once)',
      auth: 'session',
      request: { params: userPath },
      stepUp: true,
      responses: {
        200: { description: 'Ten new codes; the old ones no longer work', schema: recoveryCodesSchema },
        ...problems(401, 403, 404, 409),
      },
      handler: async ({ params }, req, res) => {
        const user = ownSessionUser(req, params.userId);
        const recoveryCodes = await mfa.regenerateRecoveryCodes(auditContext(req), user.id);
        res.json({ recoveryCodes } satisfies z.output<typeof recoveryCodesSchema>);
      },
    }),

    route({
      method: 'post',
      path: `${BASE}/webauthn/registration-options`,
      tag: TAG,
      summary: 'Start adding a passkey (PublicKeyCredentialCreationOptions)',
      auth: 'session',
      request: { params: userPath },
      stepUp: true,
      responses: {
        200: { description: 'For navigator.credentials.create()', schema: webauthnOptionsSchema },
        ...problems(401, 403, 404),
      },
      handler: async ({ params }, req, res) => {
        const user = ownSessionUser(req, params.userId);
        const options = await mfa.registrationOptions(relyingParty(req, origin), user);
        req.session.webauthnRegistration = { challenge: options.challenge, expiresAt: Date.now() + PENDING_MS };
        await saveSession(req);
        res.json(options);
      },
    }),

    route({
      method: 'post',
      path: `${BASE}/webauthn/registrations`,
      tag: TAG,
      summary: 'Add a passkey (the browser’s attestation, with a name)',
      auth: 'session',
      request: { params: userPath, body: { schema: passkeyRegistrationSchema } },
      stepUp: true,
      responses: {
        201: { description: 'Added; recovery codes with the first second factor', schema: passkeyAddedSchema },
        ...problems(400, 401, 403, 404, 409),
      },
      handler: async ({ params, body }, req, res) => {
        const user = ownSessionUser(req, params.userId);
        const challenge = takeChallenge(req.session.webauthnRegistration);
        delete req.session.webauthnRegistration;
        await saveSession(req);
        if (!challenge) throw new Conflict('Start adding the passkey again.', 'webauthn_challenge_expired');
        const added = await mfa.addPasskey(
          auditContext(req),
          relyingParty(req, origin),
          user.id,
          body.name,
          body.credential as never,
          challenge,
        );
        await enrolled(req);
        res.status(201).json(added satisfies z.output<typeof passkeyAddedSchema>);
      },
    }),

    route({
      method: 'patch',
      path: `${BASE}/webauthn/{passkeyId}`,
      tag: TAG,
      summary: 'Rename a passkey',
      auth: 'session',
      request: { params: passkeyPath, body: { schema: passkeyRenameSchema } },
      stepUp: true,
      responses: { 200: { description: 'Renamed', schema: passkeySchema }, ...problems(400, 401, 403, 404) },
      handler: async ({ params, body }, req, res) => {
        const user = ownSessionUser(req, params.userId);
        const renamed = await mfa.renamePasskey(auditContext(req), user.id, params.passkeyId, body.name);
        res.json(renamed satisfies z.output<typeof passkeySchema>);
      },
    }),

    route({
      method: 'delete',
      path: `${BASE}/webauthn/{passkeyId}`,
      tag: TAG,
      summary: 'Remove a passkey',
      auth: 'session',
      request: { params: passkeyPath },
      stepUp: true,
      responses: { 204: { description: 'Removed' }, ...problems(401, 403, 404, 409) },
      handler: async ({ params }, req, res) => {
        const user = ownSessionUser(req, params.userId);
        await mfa.removePasskey(auditContext(req), user, params.passkeyId);
        res.status(204).end();
      },
    }),
  ];
}
