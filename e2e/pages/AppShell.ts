import { expect, type Locator, type Page } from '@playwright/test';

/** What every signed-in page has: the Profile menu and the main navigation. */
export class AppShell {
  readonly profileButton: Locator;
  readonly profileMenu: Locator;
  readonly userSettings: Locator;
  readonly signOut: Locator;
  readonly mainNav: Locator;
  readonly usersLink: Locator;

  constructor(readonly page: Page) {
    this.profileButton = page.getByRole('button', { name: 'Profile', exact: true });
    this.profileMenu = page.getByRole('menu');
    this.userSettings = this.profileMenu.getByRole('menuitem', { name: 'User Settings', exact: true });
    this.signOut = this.profileMenu.getByRole('menuitem', { name: 'Sign out', exact: true });
    this.mainNav = page.getByRole('navigation', { name: 'Main', exact: true });
    this.usersLink = this.mainNav.getByRole('link', { name: 'Users', exact: true });
  }

  async expectSignedIn(): Promise<void> {
    await expect(this.profileButton).toBeVisible();
  }

  async openProfileMenu(): Promise<void> {
    await this.profileButton.click();
    await expect(this.profileMenu).toBeVisible();
  }

  async openUserSettings(): Promise<void> {
    await this.openProfileMenu();
    await this.userSettings.click();
  }

  async signOutViaMenu(): Promise<void> {
    await this.openProfileMenu();
    await this.signOut.click();
  }

  /** Identity → Users; Identity may be a group label or a disclosure that has to be expanded first. */
  async openIdentityUsers(): Promise<void> {
    await expect(this.mainNav).toBeVisible();
    if (!(await this.usersLink.isVisible())) {
      const identity = this.mainNav.getByRole('button', { name: 'Identity' });
      if ((await identity.count()) > 0 && (await identity.getAttribute('aria-expanded')) !== 'true') {
        await identity.click();
      }
    }
    await this.usersLink.click();
  }
}
