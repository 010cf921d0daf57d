import type {
  AuthenticationResponseJSON,
  AuthenticatorTransportFuture,
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
  RegistrationResponseJSON,
} from '@simplewebauthn/server';
import type { WebauthnCredential } from '../store/store.js';
import type { RelyingParty } from './relying-party.js';

const TIMEOUT_MS = 120_000;
// Loaded on the first ceremony: the library and its CBOR/ASN.1 parsers add about 23 MB to a server that may never
// see a passkey (the benchmark's peak-RSS target), and a ceremony is a person at a browser, not a hot path.
let library: Promise<typeof import('@simplewebauthn/server')> | undefined;
const webauthn = () => (library ??= import('@simplewebauthn/server'));
const transports = (c: WebauthnCredential) => c.transports as AuthenticatorTransportFuture[];

/** The WebAuthn ceremonies, through @simplewebauthn/server; the challenge is kept by the caller (in the session). */
export const passkeyCeremonies = {
  async registrationOptions(
    rp: RelyingParty,
    user: { id: string; username: string; displayName: string },
    existing: WebauthnCredential[],
  ): Promise<PublicKeyCredentialCreationOptionsJSON> {
    const { generateRegistrationOptions } = await webauthn();
    return generateRegistrationOptions({
      rpName: rp.name,
      rpID: rp.id,
      userName: user.username,
      userDisplayName: user.displayName,
      userID: new TextEncoder().encode(user.id),
      attestationType: 'none',
      timeout: TIMEOUT_MS,
      excludeCredentials: existing.map((c) => ({ id: c.id, transports: transports(c) })),
      authenticatorSelection: { residentKey: 'preferred', userVerification: 'preferred' },
    });
  },

  /** The new credential when the attestation checks out against the challenge, origin and RP ID; else undefined. */
  async verifyRegistration(rp: RelyingParty, response: RegistrationResponseJSON, challenge: string) {
    const { verifyRegistrationResponse } = await webauthn();
    const result = await verifyRegistrationResponse({
      response,
      expectedChallenge: challenge,
      expectedOrigin: rp.origin,
      expectedRPID: rp.id,
      requireUserVerification: false,
    }).catch(() => undefined);
    if (!result?.verified) return undefined;
    const c = result.registrationInfo.credential;
    return {
      id: c.id,
      publicKey: Buffer.from(c.publicKey).toString('base64url'),
      counter: c.counter,
      transports: (c.transports ?? []) as string[],
    };
  },

  async authenticationOptions(
    rp: RelyingParty,
    passkeys: WebauthnCredential[],
  ): Promise<PublicKeyCredentialRequestOptionsJSON> {
    const { generateAuthenticationOptions } = await webauthn();
    return generateAuthenticationOptions({
      rpID: rp.id,
      timeout: TIMEOUT_MS,
      allowCredentials: passkeys.map((c) => ({ id: c.id, transports: transports(c) })),
      userVerification: 'preferred',
    });
  },

  /** The authenticator's new counter when the assertion is good for this passkey; undefined otherwise. */
  async verifyAuthentication(
    rp: RelyingParty,
    response: AuthenticationResponseJSON,
    challenge: string,
    passkey: WebauthnCredential,
  ): Promise<number | undefined> {
    const { verifyAuthenticationResponse } = await webauthn();
    const result = await verifyAuthenticationResponse({
      response,
      expectedChallenge: challenge,
      expectedOrigin: rp.origin,
      expectedRPID: rp.id,
      credential: {
        id: passkey.id,
        publicKey: new Uint8Array(Buffer.from(passkey.publicKey, 'base64url')),
        counter: passkey.counter,
        transports: transports(passkey),
      },
      requireUserVerification: false,
    }).catch(() => undefined);
    return result?.verified ? result.authenticationInfo.newCounter : undefined;
  },
};
