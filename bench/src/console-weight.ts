import { gzipSync } from 'node:zlib';
import { chromium, type Browser, type BrowserContext, type Page, type Response } from '@playwright/test';
import { median } from './report.js';

export interface PageWeight {
  name: string;
  jsGzip: number;
  cssGzip: number;
  files: number;
}

export interface ConsoleFigures {
  pages: PageWeight[];
  interactiveMs: number;
  samples: number[];
}

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
  '--disable-quic',
];

/** Sums the gzipped size of every same-origin script and stylesheet the page loads while `load` runs. */
async function weigh(name: string, page: Page, origin: string, load: () => Promise<void>): Promise<PageWeight> {
  const responses: Response[] = [];
  const onResponse = (r: Response) => {
    const type = r.request().resourceType();
    if ((type === 'script' || type === 'stylesheet') && r.url().startsWith(origin)) responses.push(r);
  };
  page.on('response', onResponse);
  await load();
  await page.waitForLoadState('networkidle');
  page.off('response', onResponse);
  const weight: PageWeight = { name, jsGzip: 0, cssGzip: 0, files: 0 };
  for (const r of responses) {
    const size = gzipSync(await r.body(), { level: 9 }).length;
    if (r.request().resourceType() === 'script') weight.jsGzip += size;
    else weight.cssGzip += size;
    weight.files++;
  }
  return weight;
}

/** The Auth Tokens table is interactive when the table shows a row and "Generate Token" is enabled. */
async function authTokensInteractive(page: Page) {
  const button = page.getByRole('button', { name: 'Generate Token', exact: true });
  await button.waitFor({ timeout: 15_000 });
  await page.getByRole('table').getByRole('row').nth(1).waitFor({ timeout: 15_000 });
  for (let i = 0; i < 1500 && !(await button.isEnabled()); i++) await page.waitForTimeout(10);
}

/** The console's weight and speed in headless Chromium, signed in as a user with five tokens. */
export async function measureConsole(
  baseUrl: string,
  username: string,
  password: string,
  iterations: number,
): Promise<ConsoleFigures> {
  const browser: Browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  const contexts: BrowserContext[] = [];
  const newContext = async (storageState?: Awaited<ReturnType<BrowserContext['storageState']>>) => {
    const ctx = await browser.newContext(storageState ? { storageState } : {});
    contexts.push(ctx);
    return ctx;
  };
  try {
    const signInPage = await (await newContext()).newPage();
    const signIn = await weigh('sign-in page', signInPage, baseUrl, async () => {
      await signInPage.goto(baseUrl + '/');
      await signInPage.getByLabel('Username').waitFor({ timeout: 15_000 });
    });
    await signInPage.getByLabel('Username').fill(username);
    await signInPage.getByLabel('Password').fill(password);
    await signInPage.getByRole('button', { name: 'Sign in' }).click();
    await signInPage.getByRole('button', { name: 'Profile' }).waitFor({ timeout: 15_000 });
    const state = await signInPage.context().storageState();

    const tokensPage = await (await newContext(state)).newPage();
    const authTokens = await weigh('Auth Tokens page', tokensPage, baseUrl, async () => {
      await tokensPage.goto(baseUrl + '/settings/auth-tokens');
      await authTokensInteractive(tokensPage);
    });

    // A fresh context each time: no HTTP cache, as on a first visit after signing in.
    const samples: number[] = [];
    for (let i = 0; i < iterations; i++) {
      const ctx = await newContext(state);
      const page = await ctx.newPage();
      const started = performance.now();
      await page.goto(baseUrl + '/settings/auth-tokens', { waitUntil: 'commit' });
      await authTokensInteractive(page);
      samples.push(performance.now() - started);
      await ctx.close();
    }
    return { pages: [signIn, authTokens], interactiveMs: median(samples), samples };
  } finally {
    await browser.close();
  }
}
