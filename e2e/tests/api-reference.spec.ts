import { test, expect } from '../fixtures.js';
import { ApiReferencePage } from '../pages/ApiReferencePage.js';
import { expectNoHorizontalScroll } from '../pages/Layout.js';
import { expectNoSeriousA11yViolations } from '../support/axe.js';

test.describe('API reference: readable, with examples and copy-as-curl for every operation', () => {
  test('method, path and summary apart, Markdown rendered, a request and a response example, and curl that sends $TESSERA_TOKEN', async ({
    userPage: page,
    context,
  }, testInfo) => {
    // Every operation is on the page (about 21,000 elements): an axe scan of it takes 3-4 times a usual page's.
    test.slow();
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    const reference = new ApiReferencePage(page);
    await reference.openFromNavigation();

    const titles = await reference.operationTitles().count();
    expect(titles).toBeGreaterThan(20);
    await expect(reference.copyCurlButtons()).toHaveCount(titles);

    const generate = reference.operation('POST', '/api/users/{userId}/auth-tokens');
    await generate.expectMethodPathAndSummaryApart('Generate a token (the only response with the secret)');
    await generate.expand();
    await expect(generate.example('request')).toContainText('"description":');
    await expect(generate.example('response')).toContainText('"token":');
    await expect(generate.root.getByRole('heading', { name: 'Example response (201)' })).toBeVisible();
    await expect(generate.curl()).toContainText("curl -X POST '");
    await expect(generate.curl()).toContainText('/api/users/me/auth-tokens');
    await expect(generate.curl()).toContainText('Authorization: Bearer $TESSERA_TOKEN');
    await expect(generate.curl()).toContainText("-H 'Content-Type: application/json'");

    await generate.copyCurl.click();
    await expect(generate.root.getByRole('status')).toHaveText('Copied');
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toContain('curl -X POST');
    expect(copied).toContain('"Authorization: Bearer $TESSERA_TOKEN"');
    expect(copied).toContain(`--data '{"description":`);

    // Backticks in a summary are code, not literal backticks.
    const activity = reference.operation('GET', '/api/activity');
    await expect(activity.root.locator('summary')).not.toContainText('`');
    await expect(activity.summaryCode('format')).toBeVisible();

    // A form-encoded operation without credentials: no token header, the form as the body.
    const oauth = reference.operation('POST', '/oauth2/v1/token');
    await oauth.expand();
    await expect(oauth.curl()).not.toContainText('TESSERA_TOKEN');
    await expect(oauth.curl()).toContainText("--data 'grant_type=client_credentials");

    await expectNoSeriousA11yViolations(page, 'api-reference', testInfo);
    await page.emulateMedia({ colorScheme: 'dark' });
    await expectNoSeriousA11yViolations(page, 'api-reference-dark', testInfo, { colourOnly: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await expectNoHorizontalScroll(page, 'the API reference with two operations open');
  });
});
