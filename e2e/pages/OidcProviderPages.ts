import { expect, type Locator, type Page } from '@playwright/test';

/**
 * The OpenID provider's own pages (oidc-provider's development login and its logout confirmation): not Tessera's, so
 * found by what they show — placeholders and button texts.
 */
export class OidcProviderPages {
  readonly login: Locator;
  readonly password: Locator;
  readonly signIn: Locator;
  readonly confirmSignOut: Locator;

  constructor(
    readonly page: Page,
    readonly issuer: string,
  ) {
    this.login = page.getByPlaceholder('Enter any login');
    this.password = page.getByPlaceholder('and password');
    this.signIn = page.getByRole('button', { name: 'Sign-in', exact: true });
    this.confirmSignOut = page.getByRole('button', { name: 'Yes, sign me out', exact: true });
  }

  /** On the provider's login page: signs in as `login` (the provider takes any password). */
  async signInAs(login: string): Promise<void> {
    await expect(this.page).toHaveURL((url) => url.origin === this.issuer);
    await this.login.fill(login);
    await this.password.fill('the provider takes any password');
    await this.signIn.click();
  }

  /** On the provider's logout page: yes, sign out there too. */
  async confirmLogout(): Promise<void> {
    await expect(this.page).toHaveURL((url) => url.origin === this.issuer);
    await this.confirmSignOut.click();
  }
}
