import type { Config } from '../config.js';

/** The session cookie's name and Secure flag. */
export interface SessionCookie {
  name: string;
  secure: boolean | 'auto';
  /** What `res.clearCookie` needs: a browser ignores a `__Host-` cookie (even an expired one) without Secure. */
  clear: { path: '/'; httpOnly: true; sameSite: 'lax'; secure: boolean };
}

/**
 * Served over HTTPS (`TESSERA_PUBLIC_URL` is https, or `TESSERA_SECURE_COOKIES=true`), the session cookie is
 * `__Host-tessera.sid`: the browser then insists on Secure, `Path=/` and no Domain, so no other host or path (and no
 * plain-HTTP page) can set or shadow it (ASVS 3.3.3). Otherwise (plain-HTTP development) it is `tessera.sid`, Secure
 * whenever the request came over TLS.
 */
export function sessionCookie(
  config: Pick<Config, 'publicUrl'> & { session: { secureCookies?: boolean | undefined } },
): SessionCookie {
  const https = config.session.secureCookies ?? (config.publicUrl?.startsWith('https://') ? true : undefined);
  const clear = (secure: boolean) => ({
    path: '/' as const,
    httpOnly: true as const,
    sameSite: 'lax' as const,
    secure,
  });
  if (https === true) return { name: '__Host-tessera.sid', secure: true, clear: clear(true) };
  return { name: 'tessera.sid', secure: https === false ? false : 'auto', clear: clear(false) };
}
