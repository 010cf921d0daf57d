import { expect, type Locator, type Page } from '@playwright/test';

export type ThemeName = 'System' | 'Light' | 'Dark';

/** What every signed-in page has: the top bar (Menu, Profile menu) and the main navigation. */
export class AppShell {
  readonly profileButton: Locator;
  readonly profileMenu: Locator;
  readonly myProfile: Locator;
  readonly userSettings: Locator;
  readonly signOut: Locator;
  /** The Profile menu's theme choice: a group of menuitemradio named Theme. */
  readonly themeGroup: Locator;
  /** The top bar's Menu button: it opens the main navigation under 900 px. */
  readonly menuButton: Locator;
  readonly mainNav: Locator;
  readonly identityLink: Locator;
  readonly usersLink: Locator;
  readonly apiReferenceLink: Locator;
  readonly main: Locator;

  constructor(readonly page: Page) {
    this.profileButton = page.getByRole('button', { name: 'Profile', exact: true });
    this.profileMenu = page.getByRole('menu');
    this.myProfile = this.profileMenu.getByRole('menuitem', { name: 'My Profile', exact: true });
    this.userSettings = this.profileMenu.getByRole('menuitem', { name: 'User Settings', exact: true });
    this.signOut = this.profileMenu.getByRole('menuitem', { name: 'Sign out', exact: true });
    this.themeGroup = this.profileMenu.getByRole('group', { name: 'Theme', exact: true });
    this.menuButton = page.getByRole('button', { name: 'Menu', exact: true });
    this.mainNav = page.getByRole('navigation', { name: 'Main', exact: true });
    this.identityLink = this.mainNav.getByRole('link', { name: 'Identity', exact: true });
    this.usersLink = this.mainNav.getByRole('link', { name: 'Users', exact: true });
    this.apiReferenceLink = this.mainNav.getByRole('link', { name: 'API reference', exact: true });
    this.main = page.getByRole('main');
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

  /** Profile → My Profile, as Oracle's OAuth guide says: the same page as User Settings. */
  async openMyProfile(): Promise<void> {
    await this.openProfileMenu();
    await this.myProfile.click();
  }

  async signOutViaMenu(): Promise<void> {
    await this.openProfileMenu();
    await this.signOut.click();
  }

  themeOption(name: ThemeName): Locator {
    return this.themeGroup.getByRole('menuitemradio', { name, exact: true });
  }

  /** Profile → Theme → the choice; the menu stays open so the choice can be seen, Escape closes it. */
  async chooseTheme(name: ThemeName): Promise<void> {
    await this.openProfileMenu();
    await this.themeOption(name).click();
    await expect(this.themeOption(name)).toHaveAttribute('aria-checked', 'true');
    await this.page.keyboard.press('Escape');
    await expect(this.profileMenu).toBeHidden();
  }

  /** On a narrow screen the navigation is behind Menu; on a wide one it is always there. */
  async showNavigation(): Promise<void> {
    if (await this.menuButton.isVisible()) {
      if ((await this.menuButton.getAttribute('aria-expanded')) !== 'true') await this.menuButton.click();
    }
    await expect(this.mainNav).toBeVisible();
  }

  /** Identity in the main navigation: the overview with a card per area. */
  async openIdentity(): Promise<void> {
    await this.showNavigation();
    await this.identityLink.click();
    await expect(this.page.getByRole('heading', { name: 'Identity', exact: true, level: 1 })).toBeVisible();
  }

  /** Oracle's words, literally: click Identity, then Users (on the Identity overview). */
  async openIdentityUsers(): Promise<void> {
    await this.openIdentity();
    await this.main.getByRole('link', { name: 'Users', exact: true }).click();
    await expect(this.page.getByRole('heading', { name: 'Users', exact: true, level: 1 })).toBeVisible();
  }
}
