import { AxeBuilder } from '@axe-core/playwright';
import { expect, type Page, type TestInfo } from '@playwright/test';
import { redact } from './tokens.js';

const BLOCKING = new Set(['serious', 'critical']);

/** Runs axe on the page as it is now; serious or critical violations fail the test and are printed (redacted). */
export async function expectNoSeriousA11yViolations(page: Page, where: string, testInfo: TestInfo): Promise<void> {
  const results = await new AxeBuilder({ page }).analyze();
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
