// The rule lives with the server's (OpenID Connect sign-in checks its returnTo with the same one), in a module
// without zod: the sign-in page is the first page and must stay light.
export { isSameOriginPath, safeReturnPath } from '@tessera/return-path';
