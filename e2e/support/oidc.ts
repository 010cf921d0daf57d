/** The suite's OpenID provider, as the Tessera under test is configured with it (playwright.config.ts). */
export const OIDC_PROVIDER_NAME = 'Example SSO';

/** The provider's accounts: `login` is typed into its login page (any password); the rest are its claims. */
export const OIDC_ACCOUNTS = {
  user: { login: 'ada-sub', preferred_username: 'ada.oidc', name: 'Ada Lovelace', groups: ['staff'] },
  admin: { login: 'grace-sub', preferred_username: 'grace.oidc', name: 'Grace Hopper', groups: ['tessera-admins'] },
} as const;

/** The issuer, when this run started the provider (not against an E2E_BASE_URL deployment). */
export const oidcIssuer = (): string | undefined => process.env.E2E_OIDC_ISSUER;
