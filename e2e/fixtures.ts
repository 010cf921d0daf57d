import { test as base, expect, type Page } from '@playwright/test';
import { AdminApi, adminCredentials, signInWithApi, type Credentials, type TestUser } from './support/api.js';
import { AppShell } from './pages/AppShell.js';

interface Fixtures {
  /** The administrator this run may use (the suite's own server, or E2E_ADMIN_* for E2E_BASE_URL). */
  admin: Credentials;
  /** The API as that administrator, for arranging data; its own cookie jar, no browser. */
  adminApi: AdminApi;
  /** A fresh, unique end user created through the API for this test only. */
  testUser: TestUser;
  /** The default page, signed in as testUser and showing the console. */
  userPage: Page;
  /** A page in a separate browser context, signed in as the administrator. */
  adminPage: Page;
}

/** Signs a page's context in through the API (sharing its cookies), then opens the console. */
export async function signInPage(page: Page, baseURL: string, who: Credentials): Promise<void> {
  await signInWithApi(page.context().request, baseURL, who);
  await page.goto('/');
  await new AppShell(page).expectSignedIn();
}

export const test = base.extend<Fixtures>({
  // eslint-disable-next-line no-empty-pattern
  admin: async ({}, use) => {
    await use(adminCredentials());
  },

  adminApi: async ({ playwright, baseURL, admin }, use) => {
    const request = await playwright.request.newContext({ baseURL: baseURL! });
    await signInWithApi(request, baseURL!, admin);
    await use(new AdminApi(request, baseURL!));
    await request.dispose();
  },

  testUser: async ({ adminApi }, use) => {
    await use(await adminApi.createUser());
  },

  userPage: async ({ page, baseURL, testUser }, use) => {
    await signInPage(page, baseURL!, testUser);
    await use(page);
  },

  adminPage: async ({ browser, baseURL, admin }, use) => {
    const context = await browser.newContext({ baseURL: baseURL!, viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await signInPage(page, baseURL!, admin);
    await use(page);
    await context.close();
  },
});

export { expect };
