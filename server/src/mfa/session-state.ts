import type { Request } from 'express';

/** How long a password step waits for its second factor, and a WebAuthn challenge for its answer. */
export const PENDING_MS = 5 * 60_000;

declare module 'express-session' {
  interface SessionData {
    /**
     * The password was right and a second factor is due (WebAuthn sign-in): kept in the not-yet-signed-in session,
     * which has no userId, so it authenticates nothing. One challenge at a time, used once.
     */
    mfaPending: { userId: string; expiresAt: number; challenge?: string };
    /** TESSERA_REQUIRE_MFA: this session may only enrol a second factor until it has one. */
    mfaEnrolmentRequired: boolean;
    /** A passkey registration under way: its challenge, used once. */
    webauthnRegistration: { challenge: string; expiresAt: number };
    /** A passkey re-authentication under way: its challenge, used once. */
    webauthnReauthentication: { challenge: string; expiresAt: number };
  }
}

export const saveSession = (req: Request) =>
  new Promise<void>((resolve, reject) => req.session.save((e) => (e ? reject(e) : resolve())));

export const regenerateSession = (req: Request) =>
  new Promise<void>((resolve, reject) => req.session.regenerate((e) => (e ? reject(e) : resolve())));

/** Takes a stored challenge once: it is gone from the session whether or not the answer is good. */
export function takeChallenge(holder: { challenge?: string; expiresAt: number } | undefined): string | undefined {
  if (!holder?.challenge || holder.expiresAt < Date.now()) return undefined;
  const c = holder.challenge;
  delete holder.challenge;
  return c;
}
