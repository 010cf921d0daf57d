import { expect, type Locator, type Page } from '@playwright/test';

export type ProjectRoleLabel = 'Member' | 'Admin';

/** Identity → Projects → a project: its details, Members, Add member and each member's Actions menu. */
export class ProjectPage {
  readonly members: Locator;
  readonly addMemberButton: Locator;
  readonly addDialog: Locator;
  readonly confirmDialog: Locator;

  constructor(readonly page: Page) {
    this.members = page.getByRole('table', { name: 'Members' });
    this.addMemberButton = page.getByRole('button', { name: 'Add member', exact: true });
    this.addDialog = page.getByRole('dialog', { name: 'Add member' });
    this.confirmDialog = page.getByRole('alertdialog');
  }

  heading(name: string): Locator {
    return this.page.getByRole('heading', { name, level: 1 });
  }

  member(username: string): Locator {
    return this.members.getByRole('row').filter({ has: this.page.getByRole('link', { name: username, exact: true }) });
  }

  /** Add member: finds the user with the picker's search, chooses a role, and waits for the confirmation. */
  async add(username: string, role: ProjectRoleLabel): Promise<void> {
    await this.addMemberButton.click();
    await expect(this.addDialog).toBeVisible();
    await this.addDialog.getByRole('searchbox', { name: 'Search users' }).fill(username);
    const users = this.addDialog.getByRole('group', { name: 'User' });
    await users.getByRole('radio', { name: username, exact: true }).check();
    await this.addDialog.getByRole('group', { name: 'Role' }).getByRole('radio', { name: role, exact: true }).check();
    await this.addDialog.getByRole('button', { name: 'Add member', exact: true }).click();
    await expect(this.addDialog).toBeHidden();
  }

  /** Chooses an item of a member's Actions menu ("Grant Admin role", "Remove Member role"). */
  async memberAction(username: string, item: string): Promise<void> {
    await this.member(username)
      .getByRole('button', { name: `Actions for ${username}` })
      .click();
    await this.page.getByRole('menuitem', { name: item, exact: true }).click();
  }
}
