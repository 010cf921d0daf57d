import { expect, type Locator, type Page } from '@playwright/test';

/** Identity → Projects: search, the table, Create project and each row's Actions menu. */
export class ProjectsPage {
  readonly heading: Locator;
  readonly createButton: Locator;
  readonly search: Locator;
  readonly table: Locator;
  readonly formDialog: Locator;
  readonly confirmDialog: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole('heading', { name: 'Projects', level: 1 });
    this.createButton = page.getByRole('button', { name: 'Create project', exact: true });
    this.search = page.getByRole('searchbox', { name: 'Search projects' });
    this.table = page.getByRole('table', { name: 'Projects' });
    this.formDialog = page.getByRole('dialog', { name: /^(Create|Edit) project$/ });
    this.confirmDialog = page.getByRole('alertdialog');
  }

  async goto(): Promise<void> {
    await this.page.goto('/identity/projects');
    await expect(this.heading).toBeVisible();
  }

  /** The row of the project with this name. */
  row(name: string): Locator {
    return this.table.getByRole('row').filter({ has: this.page.getByRole('link', { name, exact: true }) });
  }

  /** Opens Create project and submits it; the dialog stays open when the server refuses. */
  async submitCreate(name: string, description = ''): Promise<void> {
    await this.createButton.click();
    await expect(this.formDialog).toBeVisible();
    await this.formDialog.getByRole('textbox', { name: 'Name' }).fill(name);
    await this.formDialog.getByRole('textbox', { name: 'Description' }).fill(description);
    await this.formDialog.getByRole('button', { name: 'Create project', exact: true }).click();
  }

  /** Creates a project and waits for its confirmation and its row. */
  async create(name: string, description = ''): Promise<void> {
    await this.submitCreate(name, description);
    await expect(this.formDialog).toBeHidden();
    await expect(this.page.getByText(`Created project ${name}.`, { exact: false })).toBeVisible();
    // The search's own answer, then the table no longer dimmed (aria-busy) as it is while that answer loads: a row
    // of the unfiltered list is visible before it, and axe measured the dimmed link's contrast once.
    const searched = this.page.waitForResponse((r) => {
      const url = new URL(r.url());
      return url.pathname === '/api/projects' && url.searchParams.get('search') === name;
    });
    await this.search.fill(name);
    await searched;
    await expect(this.row(name)).toBeVisible();
    await expect(this.table.locator('tbody')).not.toHaveAttribute('aria-busy', 'true');
  }

  /** Chooses an item of the row's Actions menu. */
  async action(name: string, item: 'Edit' | 'Disable' | 'Enable' | 'Delete'): Promise<void> {
    await this.row(name)
      .getByRole('button', { name: `Actions for ${name}` })
      .click();
    await this.page.getByRole('menuitem', { name: item, exact: true }).click();
  }

  /** Confirms the open confirmation with its button. */
  async confirm(button: string): Promise<void> {
    await this.confirmDialog.getByRole('button', { name: button, exact: true }).click();
    await expect(this.confirmDialog).toBeHidden();
  }
}
