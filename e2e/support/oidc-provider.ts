/**
 * The suite's OpenID provider (a webServer of playwright.config.ts): oidc-provider on loopback, with its own login page
 * (any password), for oidc-sign-in.spec.ts. Its port is the server's plus one, so parallel runs on other ports don't
 * clash. Run with tsx: `E2E_PORT=3200 E2E_OIDC_CLIENT_SECRET=… tsx support/oidc-provider.ts`.
 */
import { startTestProvider } from '../../server/src/test-support/oidc-provider.js';
import { OIDC_ACCOUNTS } from './oidc.js';

const port = Number(process.env.E2E_PORT ?? 3200);
const console = `http://127.0.0.1:${port}`;
const provider = await startTestProvider({
  port: port + 1,
  clientSecret: process.env.E2E_OIDC_CLIENT_SECRET!,
  redirectUris: [`${console}/api/session/oidc/callback`],
  postLogoutRedirectUris: [`${console}/signin`],
  accounts: Object.fromEntries(Object.values(OIDC_ACCOUNTS).map(({ login, ...claims }) => [login, claims])),
});
process.stdout.write(`OpenID provider at ${provider.issuer}\n`);
const stop = () => void provider.close().then(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
