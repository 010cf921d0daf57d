import { test, expect } from '../fixtures.js';
import { ProjectPage } from '../pages/ProjectPage.js';
import { ProjectsPage } from '../pages/ProjectsPage.js';
import { expectNoSeriousA11yViolations } from '../support/axe.js';

// Issue 21, point 1: Identity → Projects, a project's members, and a user's projects on their User Settings.
test.describe('Identity → Projects', () => {
  test('an administrator creates a project, adds a member who sees it, changes their roles, disables and deletes it', async ({
    adminPage,
    userPage,
    testUser,
  }, testInfo) => {
    const name = `e2e-project-${Date.now().toString(36)}`;
    const projects = new ProjectsPage(adminPage);

    // Reached from the navigation: after Users (and Service accounts), before Auth Tokens.
    const identityNav = adminPage.getByRole('navigation', { name: 'Main' }).getByRole('list', { name: 'Identity' });
    await expect(identityNav.getByRole('link', { name: 'Projects', exact: true })).toBeVisible();
    const links = await identityNav.getByRole('link').allTextContents();
    expect(links.indexOf('Projects')).toBeGreaterThan(links.indexOf('Users'));
    expect(links.indexOf('Projects')).toBeLessThan(links.indexOf('Auth Tokens'));
    await identityNav.getByRole('link', { name: 'Projects', exact: true }).click();
    await expect(projects.heading).toBeVisible();

    await projects.create(name, 'Made by the e2e suite');
    const row = projects.row(name);
    await expect(row).toContainText('Made by the e2e suite');
    await expect(row).toContainText('Enabled');
    await expect(row.getByRole('cell').nth(2)).toHaveText('0');
    await expectNoSeriousA11yViolations(adminPage, 'projects list', testInfo);

    // The same name in another case is refused on the Name field, and the dialog keeps what was typed.
    await projects.submitCreate(name.toUpperCase());
    const nameField = projects.formDialog.getByRole('textbox', { name: 'Name' });
    await expect(projects.formDialog.getByText('Name is already used by another project.')).toBeVisible();
    await expect(nameField).toBeFocused();
    await expect(nameField).toHaveAttribute('aria-invalid', 'true');
    await expectNoSeriousA11yViolations(adminPage, 'create project with an error', testInfo);
    await projects.formDialog.getByRole('button', { name: 'Cancel' }).click();
    await expect(projects.createButton).toBeFocused();

    // The project's page: add the test user as a member.
    await row.getByRole('link', { name, exact: true }).click();
    const project = new ProjectPage(adminPage);
    await expect(project.heading(name)).toBeVisible();
    await expect(adminPage.getByText('Made by the e2e suite')).toBeVisible();
    await project.addMemberButton.click();
    await expect(
      project.addDialog.getByRole('group', { name: 'Role' }).getByRole('radio', { name: 'Member', exact: true }),
    ).toBeChecked();
    await project.addDialog.getByRole('searchbox', { name: 'Search users' }).fill(testUser.username);
    await expect(project.addDialog.getByRole('radio', { name: testUser.username, exact: true })).toBeVisible();
    await expectNoSeriousA11yViolations(adminPage, 'add member', testInfo);
    await project.addDialog.getByRole('button', { name: 'Cancel' }).click();
    await project.add(testUser.username, 'Member');
    await expect(adminPage.getByText(`Added ${testUser.username} to ${name} with the Member role.`)).toBeVisible();
    await expect(project.member(testUser.username)).toContainText(testUser.displayName);
    await expect(project.member(testUser.username)).toContainText('Member');
    await expect(project.addMemberButton).toBeFocused();
    await expectNoSeriousA11yViolations(adminPage, 'project page', testInfo);

    // The member sees the project, read-only, on their User Settings.
    await userPage.goto('/settings');
    await userPage.getByRole('navigation', { name: 'Resources' }).getByRole('link', { name: 'Projects' }).click();
    const mine = userPage.getByRole('table', { name: 'Projects' });
    const myRow = mine.getByRole('row').filter({ hasText: name });
    await expect(myRow).toContainText('Member');
    await expect(myRow.getByRole('link')).toHaveCount(0);
    await expectNoSeriousA11yViolations(userPage, 'user settings projects', testInfo);

    // Grant admin too, then remove the member role (confirmed): admin stays.
    await project.memberAction(testUser.username, 'Grant Admin role');
    await expect(adminPage.getByText(`Granted ${testUser.username} the Admin role in ${name}.`)).toBeVisible();
    await expect(project.member(testUser.username).getByRole('cell').nth(2)).toHaveText('MemberAdmin');
    await project.memberAction(testUser.username, 'Remove Member role');
    await expect(project.confirmDialog).toContainText(`${testUser.username} in ${name}`);
    await expectNoSeriousA11yViolations(adminPage, 'remove a role', testInfo);
    await project.confirmDialog.getByRole('button', { name: 'Remove', exact: true }).click();
    await expect(adminPage.getByText(`Removed the Member role in ${name} from ${testUser.username}.`)).toBeVisible();
    await expect(project.member(testUser.username).getByRole('cell').nth(2)).toHaveText('Admin');
    await expect(project.member(testUser.username).getByRole('button', { name: /^Actions for/ })).toBeFocused();
    await userPage.reload();
    await expect(myRow).toContainText('Admin');
    await expect(myRow).not.toContainText('Member');

    // The administrator's view of the user links to the project.
    await adminPage.goto(`/identity/users/${testUser.id}/projects`);
    await expect(
      adminPage.getByRole('table', { name: 'Projects' }).getByRole('link', { name, exact: true }),
    ).toBeVisible();
    await expectNoSeriousA11yViolations(adminPage, 'a user’s projects', testInfo);

    // Disable, confirmed, then delete, confirmed with what it does.
    await projects.goto();
    await projects.search.fill(name);
    await projects.action(name, 'Disable');
    await expect(projects.confirmDialog).toContainText('Disable this project?');
    await projects.confirm('Disable');
    await expect(adminPage.getByText(`Disabled project ${name}.`)).toBeVisible();
    await expect(projects.row(name)).toContainText('Disabled');
    await expect(projects.row(name).getByRole('button', { name: `Actions for ${name}` })).toBeFocused();
    await projects.action(name, 'Delete');
    await expect(projects.confirmDialog).toContainText('Delete this project?');
    await expect(projects.confirmDialog).toContainText(
      'Its 1 member loses access to it, and the Keystone tokens scoped to it stop working at once.',
    );
    await expectNoSeriousA11yViolations(adminPage, 'delete project', testInfo);
    await projects.confirm('Delete');
    await expect(adminPage.getByText(`Deleted project ${name}.`)).toBeVisible();
    await expect(projects.row(name)).toHaveCount(0);
    await expect(projects.createButton).toBeFocused();
    await userPage.reload();
    await expect(userPage.getByText('You hold no role in any project yet.')).toBeVisible();
  });

  test('Create project is reached, refused and submitted by keyboard', async ({ adminPage: page }) => {
    const projects = new ProjectsPage(page);
    const name = `kbd-project-${Date.now().toString(36)}`;
    await projects.goto();
    await projects.createButton.focus();
    await page.keyboard.press('Enter');
    const nameField = projects.formDialog.getByRole('textbox', { name: 'Name' });
    await expect(nameField).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(projects.formDialog.getByText('Name is required.')).toBeVisible();
    await page.keyboard.type(name);
    await page.keyboard.press('Enter');
    await expect(page.getByText(`Created project ${name}.`, { exact: false })).toBeVisible();
    await expect(projects.createButton).toBeFocused();
  });
});
