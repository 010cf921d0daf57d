import { AxeBuilder } from '@axe-core/playwright';
import { expect, type Page, type TestInfo } from '@playwright/test';
import { redact } from './tokens.js';

const BLOCKING = new Set(['serious', 'critical']);
const AXE_SCAN_BUDGET_MS = 20_000;

/** The rules whose outcome depends on the colours alone: all a page scanned already needs in another colour scheme. */
const COLOUR_RULES = ['color-contrast', 'link-in-text-block'];

/**
 * Runs axe on the page as it is now; serious or critical violations fail the test and are printed (redacted).
 * `colourOnly`: the same page was scanned whole a moment ago and only its colour scheme changed since.
 */
export async function expectNoSeriousA11yViolations(
  page: Page,
  where: string,
  testInfo: TestInfo,
  { colourOnly = false } = {},
): Promise<void> {
  // A scan takes 2-8 s on two cores shared with the server and a second worker; a test with several scans ran out
  // of its 30 s on a loaded machine with every step fast. Each scan brings its own budget instead.
  testInfo.setTimeout(testInfo.timeout + AXE_SCAN_BUDGET_MS);
  const axe = new AxeBuilder({ page });
  const results = await (colourOnly ? axe.withRules(COLOUR_RULES) : axe).analyze();
  const blocking = results.violations.filter((v) => BLOCKING.has(v.impact ?? ''));
  if (blocking.length > 0) {
    const report = blocking
      .map((v) =>
        [
          `[${v.impact}] ${v.id}: ${v.help} (${v.helpUrl})`,
          ...v.nodes.map((n) => `    at ${n.target.join(' ')}\n      ${n.failureSummary?.replace(/\n/g, '\n      ')}`),
        ].join('\n'),
      )
      .join('\n');
    const text = redact(`axe violations on ${where}:\n${report}`);
    console.log(text);
    await testInfo.attach(`axe-${where}`, { body: text, contentType: 'text/plain' });
  }
  expect(
    blocking.map((v) => v.id),
    `serious or critical accessibility violations on ${where}`,
  ).toEqual([]);
}
