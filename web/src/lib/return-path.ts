// The rule lives with the server's (OpenID Connect sign-in checks its returnTo with the same one).
export { isSameOriginPath, safeReturnPath } from '@tessera/rules';
