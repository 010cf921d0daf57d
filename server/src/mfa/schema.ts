import { z } from 'zod';
import { otpCodeSchema, passkeyNameSchema, recoveryCodeSchema } from '../contract/rules.js';
import { instant } from '../http/schemas.js';

export const mfaMethodSchema = z.enum(['totp', 'webauthn', 'recovery_code']);

export const passkeySchema = z
  .strictObject({ id: z.string(), name: z.string(), createdAt: instant, lastUsedAt: instant.nullable() })
  .meta({ id: 'Passkey' });

export const mfaStatusSchema = z
  .strictObject({
    enabled: z.boolean().describe('the user has at least one second factor'),
    required: z.boolean().describe('TESSERA_REQUIRE_MFA asks this user for a second factor'),
    totp: z.strictObject({ enabled: z.boolean(), confirmedAt: instant.nullable() }),
    passkeys: z.array(passkeySchema),
    recoveryCodesRemaining: z.number().int(),
  })
  .meta({ id: 'MfaStatus' });

export const totpEnrolmentSchema = z
  .strictObject({
    secret: z.string().describe('base32, for typing into the app by hand; shown only now'),
    otpauthUri: z.string(),
    qrCode: z.string().describe('the otpauth URI as an SVG data URL'),
  })
  .meta({ id: 'TotpEnrolment' });

export const totpConfirmSchema = z.strictObject({ code: otpCodeSchema }).meta({ id: 'TotpConfirm' });

export const recoveryCodesSchema = z
  .strictObject({ recoveryCodes: z.array(z.string()).describe('shown once; only digests are kept') })
  .meta({ id: 'RecoveryCodes' });

export const totpConfirmedSchema = z
  .strictObject({
    recoveryCodes: z.array(z.string()).optional().describe('when the account had none: shown once'),
  })
  .meta({ id: 'TotpConfirmed' });

const b64url = z
  .string()
  .max(16_384)
  .regex(/^[A-Za-z0-9_-]*$/, 'must be base64url');

/** A PublicKeyCredential as @simplewebauthn/browser serialises it (registration). */
export const registrationResponseSchema = z
  .looseObject({
    id: b64url,
    rawId: b64url,
    type: z.literal('public-key'),
    response: z.looseObject({
      clientDataJSON: b64url,
      attestationObject: b64url,
      transports: z.array(z.string().max(32)).max(10).optional(),
    }),
    clientExtensionResults: z.looseObject({}),
    authenticatorAttachment: z.string().max(32).optional(),
  })
  .meta({ id: 'WebauthnRegistrationResponse' });

/** A PublicKeyCredential as @simplewebauthn/browser serialises it (authentication). */
export const authenticationResponseSchema = z
  .looseObject({
    id: b64url,
    rawId: b64url,
    type: z.literal('public-key'),
    response: z.looseObject({
      clientDataJSON: b64url,
      authenticatorData: b64url,
      signature: b64url,
      userHandle: b64url.optional(),
    }),
    clientExtensionResults: z.looseObject({}),
    authenticatorAttachment: z.string().max(32).optional(),
  })
  .meta({ id: 'WebauthnAuthenticationResponse' });

export const passkeyRegistrationSchema = z
  .strictObject({ name: passkeyNameSchema, credential: registrationResponseSchema })
  .meta({ id: 'PasskeyRegistration' });

export const passkeyAddedSchema = z
  .strictObject({
    passkey: passkeySchema,
    recoveryCodes: z.array(z.string()).optional().describe('with the account’s first second factor: shown once'),
  })
  .meta({ id: 'PasskeyAdded' });

export const passkeyRenameSchema = z.strictObject({ name: passkeyNameSchema }).meta({ id: 'PasskeyRename' });

export const passkeyPath = z.object({
  userId: z.string().max(64),
  passkeyId: z.string().min(1).max(1024),
});

/** WebAuthn options as the browser's navigator.credentials takes them (through @simplewebauthn/browser). */
export const webauthnOptionsSchema = z.looseObject({ challenge: z.string() }).meta({ id: 'WebauthnOptions' });

export const webauthnAssertionSchema = z
  .strictObject({ credential: authenticationResponseSchema })
  .meta({ id: 'WebauthnAssertion' });

export { otpCodeSchema, recoveryCodeSchema };
