// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- the types of a package that ships none, for the e2e project too (which includes this file only through its import)
/// <reference path="./oidc-provider-module.d.ts" />
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';

/** A person at the test provider: signing in with `login` = the account's key (any password, devInteractions). */
export interface TestAccount {
  preferred_username?: string;
  email?: string;
  name?: string;
  groups?: readonly string[];
}

export interface TestProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Who can sign in; change an entry between sign-ins (a group removed, a name changed). */
  accounts: Map<string, TestAccount>;
  /** Every ID token its token endpoint has issued, oldest first: what a client was given, to look for elsewhere. */
  idTokens: string[];
  close(): Promise<void>;
}

interface GrantContext {
  oidc: {
    client: { clientId: string };
    session: { accountId: string; grantIdFor(clientId: string): string | undefined };
    result?: { consent?: { grantId?: string } };
    provider: {
      Grant: {
        new (init: { clientId: string; accountId: string }): { addOIDCScope(s: string): void; save(): Promise<string> };
        find(id: string): Promise<unknown>;
      };
    };
  };
}

/** A port to listen on now, with the handler given later (the provider needs its own URL before it exists). */
export async function listenFirst(port = 0, host = '127.0.0.1') {
  let handler: http.RequestListener = (_req, res) => res.writeHead(503).end();
  const server = http.createServer((req, res) => handler(req, res));
  await new Promise<void>((resolve) => server.listen(port, host, resolve));
  return {
    server,
    url: `http://${host}:${(server.address() as AddressInfo).port}`,
    handle(h: http.RequestListener) {
      handler = h;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * A real OpenID provider (panva's oidc-provider, the certified one) on loopback, with its own development login page:
 * one confidential client (client_secret_basic, PKCE required as by default), RP-initiated logout on, and consent
 * taken as given so a sign-in is one login form. Profile claims (with `groups`) come from userinfo, as many providers
 * do.
 */
export async function startTestProvider(opts: {
  redirectUris: string[];
  postLogoutRedirectUris: string[];
  accounts: Record<string, TestAccount>;
  port?: number;
  /** Made up when not given (the e2e suite gives Tessera and its provider the same one). */
  clientSecret?: string;
}): Promise<TestProvider> {
  const listener = await listenFirst(opts.port ?? 0);
  const accounts = new Map(Object.entries(opts.accounts));
  const clientId = 'tessera';
  const clientSecret = opts.clientSecret ?? randomBytes(24).toString('base64url');
  const signingKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' });
  // Its start-up warnings (in-memory adapter, development login page) are what a test provider is: not news.
  const warn = console.warn;
  console.warn = (...args: unknown[]) => {
    if (!String(args[0]).includes('oidc-provider WARNING')) warn(...args);
  };
  const provider = new Provider(listener.url, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: opts.redirectUris,
        post_logout_redirect_uris: opts.postLogoutRedirectUris,
        token_endpoint_auth_method: 'client_secret_basic',
        grant_types: ['authorization_code'],
        response_types: ['code'],
      },
    ],
    jwks: { keys: [{ ...signingKey, kid: 'test-signing-key', alg: 'RS256', use: 'sig' }] },
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    claims: { openid: ['sub'], email: ['email'], profile: ['name', 'preferred_username', 'groups'] },
    // Lifetimes said outright (oidc-provider notices their defaults); long enough for any test.
    ttl: { Interaction: 600, Session: 3600, Grant: 3600, AccessToken: 600, IdToken: 600, AuthorizationCode: 60 },
    features: { devInteractions: { enabled: true }, rpInitiatedLogout: { enabled: true } },
    findAccount: (_ctx: unknown, id: string) => {
      const account = accounts.get(id);
      return account ? { accountId: id, claims: () => ({ sub: id, ...accounts.get(id) }) } : undefined;
    },
    // The user agreed long ago (a first-party client): no consent screen.
    loadExistingGrant: async (ctx: GrantContext) => {
      const { client, session, result, provider: p } = ctx.oidc;
      const grantId = result?.consent?.grantId ?? session.grantIdFor(client.clientId);
      if (grantId) return p.Grant.find(grantId);
      const grant = new p.Grant({ clientId: client.clientId, accountId: session.accountId });
      grant.addOIDCScope('openid profile email');
      await grant.save();
      return grant;
    },
  });
  console.warn = warn;
  const idTokens: string[] = [];
  provider.on('grant.success', (ctx: { body?: { id_token?: unknown } }) => {
    if (typeof ctx.body?.id_token === 'string') idTokens.push(ctx.body.id_token);
  });
  listener.handle(provider.callback());
  return { issuer: listener.url, clientId, clientSecret, accounts, idTokens, close: listener.close };
}
