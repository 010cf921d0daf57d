import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { defineConfig, devices } from '@playwright/test';
import { OIDC_ACCOUNTS, OIDC_PROVIDER_NAME } from './support/oidc.js';

// Overridable so engineers sharing a machine can run the suite side by side.
const PORT = Number(process.env.E2E_PORT ?? 3200);
const OUTPUT_DIR = process.env.E2E_OUTPUT_DIR ?? 'test-results';
const externalBaseUrl = process.env.E2E_BASE_URL?.replace(/\/+$/, '');
const baseURL = externalBaseUrl ?? `http://127.0.0.1:${PORT}`;

// Used only when this suite starts its own server; a real deployment brings its own administrator.
const DEFAULT_ADMIN_PASSWORD = 'e2e-only Admin passphrase 7c1f, never used elsewhere';
process.env.E2E_ADMIN_USERNAME ??= 'admin';
if (!externalBaseUrl) process.env.E2E_ADMIN_PASSWORD ??= DEFAULT_ADMIN_PASSWORD;
// The suite's own server accepts this bootstrap token (Identity's overview turns it off and on).
if (!externalBaseUrl) process.env.E2E_BOOTSTRAP_TOKEN ??= 'e2e-only-bootstrap-token-5d2a9f3c8e1b4a7d6c0f';
// …and signs people in through its own OpenID provider too (support/oidc-provider.ts), on the next port up.
if (!externalBaseUrl) {
  process.env.E2E_OIDC_ISSUER ??= `http://127.0.0.1:${PORT + 1}`;
  process.env.E2E_OIDC_CLIENT_SECRET ??= 'e2e-only-oidc-client-secret-8b3e1f0a';
}

// 15 s: token-inventory.spec.ts undoes a revocation inside it (in 1-2 s), then waits another out; it reads this too.
process.env.E2E_REVOKE_UNDO_MINUTES ??= '0.25';

// The runner and its workers all load this file: create the data dir once and pass it down through the environment.
if (!externalBaseUrl && !process.env.TESSERA_E2E_DATA_DIR) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-e2e-'));
  process.env.TESSERA_E2E_DATA_DIR = dir;
  process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
}

const CI = Boolean(process.env.CI);

/** Debian's Chromium (npx playwright install cannot reach its CDN): the same browser for every project. */
const CHROMIUM = {
  ...devices['Desktop Chrome'],
  launchOptions: {
    executablePath: process.env.E2E_CHROMIUM ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-sync',
      '--disable-quic',
    ],
  },
};

export default defineConfig({
  testDir: 'tests',
  outputDir: OUTPUT_DIR,
  fullyParallel: false,
  forbidOnly: CI,
  retries: CI ? 1 : 0,
  // Three on two cores shared with the server under test: much of a test's time is waiting (on the server, a poll, a
  // debounce), which a third worker fills; the suite took 4.0 min with three, and two left .ci/run near its limit.
  workers: Number(process.env.E2E_WORKERS ?? 3),
  timeout: 30_000,
  expect: { timeout: 7_000 },
  // The JSON summary lets .ci/run prove that browser tests actually ran.
  reporter: [
    ['list'],
    ['html', { open: 'never', outputFolder: process.env.E2E_REPORT_DIR ?? 'playwright-report' }],
    ['json', { outputFile: `${OUTPUT_DIR}/summary.json` }],
  ],
  use: {
    baseURL,
    // Recording a trace costs every test a DOM snapshot and a screenshot per action, kept or not. On CI a failure is
    // retried once, with a trace: the failure is still explained, and the passing tests (all of them, on a green
    // run) stop paying for traces nobody reads — on two cores that was minutes of .ci/run's 15.
    trace: CI ? 'on-first-retry' : 'retain-on-failure',
    screenshot: 'only-on-failure',
    actionTimeout: 10_000,
    navigationTimeout: 15_000,
  },
  projects: [
    {
      name: 'chromium',
      // policy.spec.ts changes the whole server's lifecycle policy for a while: it runs alone, after the others.
      testIgnore: /(^|\/)policy\.spec\.ts$/,
      use: CHROMIUM,
    },
    { name: 'policy', testMatch: /(^|\/)policy\.spec\.ts$/, dependencies: ['chromium'], use: CHROMIUM },
  ],
  webServer: externalBaseUrl
    ? undefined
    : [
        {
          // First: the provider Tessera's OpenID Connect sign-in uses (oidc-sign-in.spec.ts).
          command: 'npx tsx support/oidc-provider.ts',
          url: `${process.env.E2E_OIDC_ISSUER}/.well-known/openid-configuration`,
          reuseExistingServer: false,
          timeout: 60_000,
          stdout: 'ignore',
          stderr: 'pipe',
          env: { E2E_PORT: String(PORT), E2E_OIDC_CLIENT_SECRET: process.env.E2E_OIDC_CLIENT_SECRET! },
        },
        {
          command: 'node ../server/dist/main.js',
          url: `${baseURL}/api/health`,
          reuseExistingServer: false,
          timeout: 60_000,
          stdout: 'ignore',
          stderr: 'pipe',
          env: {
            PORT: String(PORT),
            HOST: '127.0.0.1',
            TESSERA_DATA_DIR: process.env.TESSERA_E2E_DATA_DIR!,
            TESSERA_ADMIN_PASSWORD: process.env.E2E_ADMIN_PASSWORD!,
            TESSERA_BOOTSTRAP_TOKEN: process.env.E2E_BOOTSTRAP_TOKEN!,
            TESSERA_LOG_LEVEL: 'warn',
            // A test that locks a user out sends its failed sign-ins with X-Forwarded-For from made-up addresses, so the
            // per-address limit of the suite's own address (127.0.0.1) is never reached.
            TESSERA_TRUST_PROXY: 'loopback',
            // The expiry notices job looks every second, so a token expiring soon is announced while a test waits.
            TESSERA_EXPIRY_NOTICE_INTERVAL_MS: '1000',
            // Issue 20: last use and recent clients are written in batches; short here, so a script's use shows while a test waits.
            TESSERA_LAST_USED_FLUSH_MS: '500',
            // Issue 19: a revocation's undo window, short so token-inventory.spec.ts can see it close, and the job that
            // deletes the tokens of a closed window every second instead of every 30 s.
            TESSERA_REVOKE_UNDO_MINUTES: process.env.E2E_REVOKE_UNDO_MINUTES!,
            TESSERA_REVOKE_FINALISE_INTERVAL_MS: '1000',
            // Issue 21, point 6: OpenID Connect sign-in beside the password form (which every other spec uses).
            TESSERA_OIDC_ISSUER: process.env.E2E_OIDC_ISSUER!,
            TESSERA_OIDC_CLIENT_ID: 'tessera',
            TESSERA_OIDC_CLIENT_SECRET: process.env.E2E_OIDC_CLIENT_SECRET!,
            TESSERA_OIDC_NAME: OIDC_PROVIDER_NAME,
            TESSERA_OIDC_ROLE_CLAIM: 'groups',
            TESSERA_OIDC_ADMIN_VALUES: OIDC_ACCOUNTS.admin.groups[0],
          },
        },
      ],
});
