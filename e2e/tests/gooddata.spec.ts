import { test, expect } from '../fixtures.js';
import { AppShell } from '../pages/AppShell.js';
import { AuthTokensPage } from '../pages/AuthTokensPage.js';
import { expectNoSeriousA11yViolations } from '../support/axe.js';
import { anonymousApi, isWellFormedToken, whoamiWithToken } from '../support/tokens.js';

/**
 * GoodData.CN's documented developer-tools snippet, verbatim but for `{userId}`: run in the JavaScript console of a
 * signed-in tab, it creates an API token with nothing but the session cookie and a Content-type header.
 */
const gooddataSnippet = (userId: string) => `fetch('/api/entities/users/${userId}/apiTokens', {
  method: 'POST',
  body: JSON.stringify({
    data: {
      id: 'mynewtoken', // provide a unique ID of the API token
      type: 'apiToken'
    }
  }),
  headers: {
    'Content-type': 'application/vnd.gooddata.api+json'
  }
})
  .then(res => res.json())
  .then(data => console.log(\`Your new API token is \${data.data.attributes.bearerToken}\`));`;

test.describe('GoodData.CN compatibility', () => {
  test('the developer-tools fetch from a signed-in console tab makes a token the console lists and can delete', async ({
    userPage: page,
    testUser,
    baseURL,
  }) => {
    const logged = page.waitForEvent('console', (m) => m.text().startsWith('Your new API token is '));
    await page.evaluate(gooddataSnippet(testUser.id));
    const token = (await logged).text().replace('Your new API token is ', '');
    expect(isWellFormedToken(token), 'a Tessera tsr_ token').toBe(true);

    const api = await anonymousApi(baseURL!);
    expect((await whoamiWithToken(api, 'bearer', token, testUser.username)).body?.username).toBe(testUser.username);

    // Profile → User Settings → Auth Tokens: the GoodData token is one of the user's tokens.
    await new AppShell(page).openUserSettings();
    const tokens = new AuthTokensPage(page);
    await tokens.open();
    await expect(tokens.row('mynewtoken')).toHaveCount(1);
    expect(await page.content()).not.toContain(token);

    // Deleting it there stops it at once.
    await tokens.delete('mynewtoken');
    expect((await whoamiWithToken(api, 'bearer', token, testUser.username)).status).toBe(401);
    await api.dispose();
  });

  test('the same snippet works with the username in place of the id, and a second run is a 409 conflict', async ({
    userPage: page,
    testUser,
  }) => {
    const first = page.waitForEvent('console', (m) => m.text().startsWith('Your new API token is '));
    await page.evaluate(gooddataSnippet(testUser.username));
    expect(isWellFormedToken((await first).text().replace('Your new API token is ', ''))).toBe(true);
    const status = await page.evaluate(async (userId) => {
      const res = await fetch(`/api/v1/entities/users/${userId}/apiTokens`, {
        method: 'POST',
        body: JSON.stringify({ data: { id: 'mynewtoken', type: 'apiToken' } }),
        headers: { 'Content-type': 'application/vnd.gooddata.api+json' },
      });
      return { status: res.status, type: res.headers.get('content-type') };
    }, testUser.username);
    expect(status.status).toBe(409);
    expect(status.type).toMatch(/^application\/vnd\.gooddata\.api\+json/);
  });
});

test.describe('API reference', () => {
  test('the reveal dialog’s curl example links to the reference, which shows every surface grouped by tag', async ({
    userPage: page,
  }, testInfo) => {
    // Every operation is on the reference (about 21,000 elements): an axe scan of it takes 3-4 times a usual page's.
    test.slow();
    await new AppShell(page).openUserSettings();
    const tokens = new AuthTokensPage(page);
    await tokens.open();
    const reveal = await tokens.generate(`reference ${Date.now()}`);
    const opened = page.context().waitForEvent('page');
    await reveal.dialog.getByRole('link', { name: 'API reference' }).click();
    const reference = await opened;
    // The dialog, and the token in it, stay where they were.
    await reveal.expectOpen();

    await expect(reference.getByRole('heading', { name: 'API reference', level: 1 })).toBeVisible();
    for (const tag of ['Auth tokens', 'GoodData.CN API tokens', 'Keystone v3']) {
      await expect(reference.getByRole('heading', { name: tag, level: 2 })).toBeVisible();
    }
    const create = reference.getByRole('heading', { name: 'POST /api/v1/entities/users/{userId}/apiTokens', level: 3 });
    await create.click();
    const operation = reference.locator('details').filter({ has: create });
    await expect(operation.getByText('application/vnd.gooddata.api+json').first()).toBeVisible();
    await expect(operation.getByText('bearerToken', { exact: true })).toBeVisible();
    await expect(reference.getByRole('heading', { name: 'POST /v3/auth/tokens', level: 3 })).toBeVisible();
    await expectNoSeriousA11yViolations(reference, 'API reference', testInfo);
  });
});
