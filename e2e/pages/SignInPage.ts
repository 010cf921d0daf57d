import { expect, type Locator, type Page } from '@playwright/test';
import type { Credentials } from '../support/api.js';

export class SignInPage {
  readonly username: Locator;
  readonly password: Locator;
  readonly submit: Locator;
  /** The failure message; announced to screen readers, so it is an alert. */
  readonly error: Locator;
  /** Sign in with the organisation's OpenID provider: a link to it, named after it. */
  readonly organisation: (providerName: string) => Locator;

  constructor(readonly page: Page) {
    this.username = page.getByLabel('Username', { exact: true });
    this.password = page.getByLabel('Password', { exact: true });
    this.submit = page.getByRole('button', { name: 'Sign in', exact: true });
    this.error = page.getByRole('alert').filter({ hasText: /\S/ });
    this.organisation = (providerName) => page.getByRole('link', { name: `Sign in with ${providerName}`, exact: true });
  }

  /** Any signed-out URL leads to the sign-in form. */
  async goto(path = '/'): Promise<void> {
    await this.page.goto(path);
    await this.expectVisible();
  }

  async expectVisible(): Promise<void> {
    await expect(this.username).toBeVisible();
    await expect(this.password).toBeVisible();
    await expect(this.submit).toBeVisible();
  }

  async signIn(who: Credentials): Promise<void> {
    await this.username.fill(who.username);
    await this.password.fill(who.password);
    await this.submit.click();
  }
}
