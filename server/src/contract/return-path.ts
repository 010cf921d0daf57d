// The return-path rule, apart from rules.ts so that the console's sign-in page can check ?next= without loading zod
// (the console imports it as @tessera/return-path; the server as ./return-path.js).

// Where the browser goes back to after signing in: the console's ?next= and OpenID Connect sign-in's returnTo.
/** Any origin will do: a path is judged by whether it stays on it. */
const RETURN_PATH_BASE = 'https://console.tessera.invalid';
// eslint-disable-next-line no-control-regex -- a control character (tab, line break) is what the URL parser drops
const CONTROL_OR_BACKSLASH = /[\u0000-\u001f\u007f\\]/;

/**
 * Whether `next` is a path on this site: it starts with one `/`, holds no backslash or control character (the URL
 * parser turns `\` into `/` and drops tabs and line breaks, so `/\host` and `/<tab>/host` are `//host`), decodes to
 * no `//`, `\` or control character either (`/%5Chost`, `/%2F/host`), and resolves to this origin.
 */
export function isSameOriginPath(next: string): boolean {
  if (!next.startsWith('/') || next.startsWith('//') || CONTROL_OR_BACKSLASH.test(next)) return false;
  let decoded: string;
  try {
    decoded = decodeURIComponent(next);
  } catch {
    return false;
  }
  if (decoded.startsWith('//') || CONTROL_OR_BACKSLASH.test(decoded)) return false;
  try {
    return new URL(next, RETURN_PATH_BASE).origin === RETURN_PATH_BASE;
  } catch {
    return false;
  }
}

/** Where to come back to after signing in: a path on this site (not the sign-in page itself), else `/`. */
export function safeReturnPath(next: string | null | undefined): string {
  if (!next || !isSameOriginPath(next)) return '/';
  const { pathname } = new URL(next, RETURN_PATH_BASE);
  return pathname === '/signin' || pathname.startsWith('/signin/') ? '/' : next;
}
