import { expect, type Locator, type Page } from '@playwright/test';
import { AppShell } from './AppShell.js';

/** One operation of the reference: a disclosure whose title is its method and path. */
export class ApiOperation {
  readonly root: Locator;
  readonly title: Locator;
  readonly copyCurl: Locator;

  constructor(
    readonly page: Page,
    readonly method: string,
    readonly path: string,
  ) {
    this.title = page.getByRole('heading', { level: 3, name: `${method} ${path}`, exact: true });
    this.root = page.locator('details').filter({ has: this.title });
    this.copyCurl = this.root.getByRole('button', { name: `Copy as curl: ${method} ${path}`, exact: true });
  }

  /** The method and the path are separate words of the title, the summary a separate text beside them. */
  async expectMethodPathAndSummaryApart(summary: string): Promise<void> {
    await expect(this.title.getByText(this.method, { exact: true })).toBeVisible();
    await expect(this.title.getByText(this.path, { exact: true })).toBeVisible();
    await expect(this.title).not.toContainText(summary);
    await expect(this.root.getByText(summary, { exact: true })).toBeVisible();
  }

  async expand(): Promise<void> {
    await this.title.click();
    await expect(this.copyCurl).toBeVisible();
  }

  /** The example body (its figure is named by its heading, e.g. "Example response (201)"). */
  example(kind: 'request' | 'response'): Locator {
    return this.root.getByRole('figure', { name: new RegExp(`^Example ${kind}`) });
  }

  curl(): Locator {
    return this.root.getByRole('figure', { name: 'curl', exact: true }).locator('pre');
  }

  /** The summary's inline code, e.g. `format` written in backticks in the document. */
  summaryCode(text: string): Locator {
    return this.root.locator('summary').getByRole('code').filter({ hasText: text });
  }
}

/** /docs/api: the API reference read from the server's OpenAPI document. */
export class ApiReferencePage {
  readonly heading: Locator;
  readonly sections: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole('heading', { name: 'API reference', level: 1 });
    this.sections = page.getByRole('navigation', { name: 'API sections' });
  }

  async open(): Promise<void> {
    await this.page.goto('/docs/api');
    await this.expectLoaded();
  }

  /** API reference in the main navigation. */
  async openFromNavigation(): Promise<void> {
    await new AppShell(this.page).apiReferenceLink.click();
    await this.expectLoaded();
  }

  async expectLoaded(): Promise<void> {
    await expect(this.heading).toBeVisible();
    await expect(this.sections).toBeVisible();
  }

  operation(method: string, path: string): ApiOperation {
    return new ApiOperation(this.page, method, path);
  }

  /** Every operation's title, and every operation's copy-as-curl button (also those of closed operations). */
  operationTitles(): Locator {
    return this.page.getByRole('heading', { level: 3 });
  }

  copyCurlButtons(): Locator {
    return this.page.getByRole('button', { name: /^Copy as curl: /, includeHidden: true });
  }
}
