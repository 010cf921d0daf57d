import { expect, type Page } from '@playwright/test';

/** How far the document is wider than the window: more than 0 means the page pans sideways. */
export function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
}

/** The page has settled (its heading shown, nothing loading) and does not scroll sideways. */
export async function expectNoHorizontalScroll(page: Page, where: string): Promise<void> {
  await expect(page.getByRole('heading', { level: 1 }).first()).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: /^Loading/ })).toHaveCount(0);
  await expect.poll(() => horizontalOverflow(page), { message: `${where} pans sideways` }).toBeLessThanOrEqual(0);
}
