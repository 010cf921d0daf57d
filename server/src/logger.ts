import pino, { type DestinationStream, type Logger } from 'pino';

/** Paths pino blanks out wherever they appear; the access log is allow-listed too, so these are a second fence. */
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-auth-token"]',
  'req.headers["x-subject-token"]',
  'res.headers["set-cookie"]',
  'res.headers["x-subject-token"]',
  'headers.authorization',
  'headers.cookie',
  'headers["x-auth-token"]',
  'headers["x-subject-token"]',
  'password',
  '*.password',
  '*.*.password',
  'newPassword',
  '*.newPassword',
  // Second factors (H3): a code, a recovery code, the codes shown once, an authenticator app's secret.
  'otp',
  '*.otp',
  'recoveryCode',
  '*.recoveryCode',
  'recoveryCodes',
  '*.recoveryCodes',
  'token',
  '*.token',
  'secret',
  '*.secret',
  'client_secret',
  '*.client_secret',
  // OpenID Connect: an ID token (kept, sealed, as the logout hint) and the session field that holds it.
  'id_token',
  '*.id_token',
  'idToken',
  '*.idToken',
  'id_token_hint',
  '*.id_token_hint',
  'oidcSealedIdToken',
  '*.oidcSealedIdToken',
];

let stampedAt = -1;
let stamp = '';
/** pino's isoTime, made once per millisecond (docs/decisions/0004-performance-deviations.md §2). */
export function isoTime(): string {
  const ms = Date.now();
  if (ms !== stampedAt) {
    stampedAt = ms;
    stamp = `,"time":"${new Date(ms).toISOString()}"`;
  }
  return stamp;
}

export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'tessera' },
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      timestamp: isoTime,
    },
    destination,
  );
}
