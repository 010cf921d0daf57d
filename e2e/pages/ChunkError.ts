import { expect, type Locator, type Page } from '@playwright/test';

/** The inline error shown where lazily loaded code did not arrive, with Retry. */
export class ChunkError {
  readonly message: Locator;
  readonly retry: Locator;

  constructor(readonly page: Page) {
    this.message = page.getByRole('alert').filter({ hasText: 'This part of the console could not be loaded.' });
    this.retry = page.getByRole('button', { name: 'Retry', exact: true });
  }

  /**
   * Makes the browser's requests for one chunk (e.g. `dialogs` for assets/dialogs-<hash>.js) fail until the
   * returned function is called, as a deploy or a network blip would.
   */
  static async block(page: Page, chunk: string): Promise<() => Promise<void>> {
    const pattern = new RegExp(`/assets/${chunk}-[\\w-]+\\.js$`);
    await page.route(pattern, (route) => route.abort('internetdisconnected'));
    return () => page.unroute(pattern);
  }

  async expectShown(): Promise<void> {
    await expect(this.message).toBeVisible({ timeout: 15_000 });
    await expect(this.retry).toBeVisible();
  }
}
