import { randomInt } from 'node:crypto';
import type { Page } from '@playwright/test';

/**
 * Gives a test's browser its own client address (X-Forwarded-For, which the suite's server trusts from loopback), so
 * the failed sign-ins it makes on purpose count against that address, not the suite's: ten failures from one address
 * in fifteen minutes refuse every sign-in from it, and the whole suite shares 127.0.0.1 and one server.
 */
export async function useOwnClientAddress(page: Page): Promise<string> {
  // 198.18.0.0/15 is set aside for benchmarks: never a real client.
  const address = `198.${randomInt(18, 20)}.${randomInt(0, 256)}.${randomInt(1, 255)}`;
  await page.context().setExtraHTTPHeaders({ 'X-Forwarded-For': address });
  return address;
}
