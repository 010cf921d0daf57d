import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type TestAgent from 'supertest/lib/agent.js';
import { SAME_ORIGIN, backends, type TestApp } from '../test-support/harness.js';
import { TEST_BROWSER_AGENT, TestBrowser } from '../test-support/oidc-browser.js';
import { startOidcTestbed, type OidcTestbed } from '../test-support/oidc-testbed.js';

interface Activity {
  id: string;
  action: string;
  outcome: string;
  actor: { id: string | null; username: string | null };
  target: { id: string; username: string | null } | null;
  ip: string | null;
  userAgent: string | null;
  details: Record<string, unknown> | null;
}

// A refused OpenID Connect sign-in is audited as a failed `session.sign_in`, as a wrong password is: one row per
// refusal with a fixed reason, against a real OpenID provider (oidc-provider) on loopback, on every backend.
describe.each(backends)('OpenID Connect sign-in failures in the audit (%s)', (kind) => {
  let bed: OidcTestbed;
  let t: TestApp;
  let admin: TestAgent;

  beforeAll(async () => {
    bed = await startOidcTestbed(kind, {
      'alice-sub': { preferred_username: 'alice', name: 'Alice' },
      'clash-sub': { preferred_username: 'dave' },
      'nameless-sub': { name: 'No Username' },
      'erin-sub': { preferred_username: 'erin' },
    });
    t = bed.t;
    admin = await t.signIn();
  });
  afterAll(async () => {
    await bed?.close();
  });

  /** The failed sign-ins an Activity list shows: the organisation's, or one user's (`/api/users/{id}`). */
  const failures = async (of = '/api') =>
    ((await admin.get(`${of}/activity?action=session.sign_in&limit=200`)).body.items as Activity[]).filter(
      (e) => e.outcome === 'failure',
    );

  /** The one failed sign-in row `attempt` added; fails when it added none, or more than one. */
  async function auditedOnce(attempt: () => Promise<void>): Promise<Activity> {
    const before = new Set((await failures()).map((e) => e.id));
    await attempt();
    const added = (await failures()).filter((e) => !before.has(e.id));
    expect(added).toHaveLength(1);
    return added[0]!;
  }

  /** The row's shape: who tried from where, and why in a fixed word. */
  function expectRow(row: Activity, reason: string, account: { id: string; username: string } | null = null) {
    expect(row).toMatchObject({
      action: 'session.sign_in',
      outcome: 'failure',
      actor: { id: null, username: account?.username ?? null },
      target: account ? { id: account.id } : null,
      ip: '127.0.0.1',
      userAgent: TEST_BROWSER_AGENT,
    });
    expect(row.details).toEqual({ method: 'oidc', reason });
  }

  /** Nothing the request or the provider carried (code, state, nonce, tokens, its words) is in the row or the log. */
  function expectNothingOf(row: Activity, ...carried: (string | null)[]) {
    const text = JSON.stringify(row);
    for (const value of [...carried, ...bed.op.idTokens]) {
      expect(value).toBeTruthy();
      expect(text).not.toContain(value);
      expect(t.logs.text).not.toContain(value);
    }
  }

  const location = async (browser: TestBrowser, url: URL) => (await browser.request(url.href)).headers.get('location');

  it('a state that is not this browser’s, an answer used twice, and another browser’s answer', async () => {
    const { browser, answer } = await bed.answerFor('alice-sub');
    const forged = new URL(answer);
    forged.searchParams.set('state', 'not-the-state-this-browser-was-given');
    const mismatch = await auditedOnce(async () => {
      expect(await location(browser, forged)).toBe('/signin?error=oidc_state');
    });
    expectRow(mismatch, 'state_mismatch');
    // The sign-in under way went with the forged answer: the real one finds none.
    const replay = await auditedOnce(async () => {
      expect(await location(browser, answer)).toBe('/signin?error=oidc_state');
    });
    expectRow(replay, 'state_missing');
    const other = await auditedOnce(async () => {
      expect(await location(new TestBrowser(), answer)).toBe('/signin?error=oidc_state');
    });
    expectRow(other, 'state_missing');
    const carried = [answer.searchParams.get('code'), answer.searchParams.get('state'), 'not-the-state-this-browser'];
    for (const row of [mismatch, replay, other]) expectNothingOf(row, ...carried);
  });

  it('an answer that comes back after the sign-in under way has expired (10 minutes)', async () => {
    const { browser, answer } = await bed.answerFor('alice-sub');
    const row = await auditedOnce(async () => {
      vi.useFakeTimers({ toFake: ['Date'] });
      vi.setSystemTime(Date.now() + 11 * 60_000);
      try {
        expect(await location(browser, answer)).toBe('/signin?error=oidc_state');
      } finally {
        vi.useRealTimers();
      }
    });
    expectRow(row, 'state_expired');
    expectNothingOf(row, answer.searchParams.get('code'), answer.searchParams.get('state'));
  });

  it('the person cancels at the provider (error=access_denied), without the provider’s words', async () => {
    const browser = new TestBrowser();
    const loginPage = await browser.follow(`${bed.url}/api/session/oidc/start`);
    const { url: answer } = await browser.cancel(loginPage, (next) => next.origin === bed.url);
    expect(answer.searchParams.get('error')).toBe('access_denied');
    const description = answer.searchParams.get('error_description');
    const row = await auditedOnce(async () => {
      expect(await location(browser, answer)).toBe('/signin?error=oidc_denied');
    });
    expectRow(row, 'access_denied');
    expectNothingOf(row, answer.searchParams.get('state'), description);
  });

  it('another error from the provider (login_required for a tampered prompt=none)', async () => {
    const { browser, answer } = await bed.answerFor('alice-sub', (url) => url.searchParams.set('prompt', 'none'));
    expect(answer.searchParams.get('error')).toBe('login_required');
    const row = await auditedOnce(async () => {
      expect(await location(browser, answer)).toBe('/signin?error=oidc_denied');
    });
    expectRow(row, 'provider_error');
    expectNothingOf(row, answer.searchParams.get('state'), answer.searchParams.get('error_description'));
  });

  it('a code the provider’s token endpoint refuses', async () => {
    const { browser, answer } = await bed.answerFor('alice-sub');
    const wrong = new URL(answer);
    wrong.searchParams.set('code', 'a-code-the-provider-never-issued');
    const row = await auditedOnce(async () => {
      expect(await location(browser, wrong)).toBe('/signin?error=oidc_failed');
    });
    expectRow(row, 'code_rejected');
    expectNothingOf(row, answer.searchParams.get('code'), answer.searchParams.get('state'), 'a-code-the-provider');
  });

  it('an ID token whose nonce is not the one this browser was given', async () => {
    let nonce: string | null = null;
    const { browser, answer } = await bed.answerFor('alice-sub', (url) => {
      nonce = url.searchParams.get('nonce');
      url.searchParams.set('nonce', 'a-nonce-this-browser-was-not-given');
    });
    const issued = bed.op.idTokens.length;
    const row = await auditedOnce(async () => {
      expect(await location(browser, answer)).toBe('/signin?error=oidc_failed');
    });
    // The provider did issue an ID token: it was its nonce that was refused.
    expect(bed.op.idTokens.length).toBe(issued + 1);
    expectRow(row, 'verification_failed');
    expectNothingOf(row, answer.searchParams.get('code'), answer.searchParams.get('state'), nonce, 'a-nonce-this');
  });

  it('claims without a usable username', async () => {
    const row = await auditedOnce(async () => {
      const { landing } = await bed.signInAs('nameless-sub');
      expect(landing.pathname + landing.search).toBe('/signin?error=oidc_no_username');
    });
    expectRow(row, 'no_username');
  });

  it('a username that belongs to another account: refused, not linked, in that account’s activity', async () => {
    const daveId = await t.createUser('dave');
    const row = await auditedOnce(async () => {
      const { landing } = await bed.signInAs('clash-sub');
      expect(landing.pathname + landing.search).toBe('/signin?error=oidc_username_taken');
    });
    expectRow(row, 'username_taken', { id: daveId, username: 'dave' });
    expect((await failures(`/api/users/${daveId}`)).map((e) => e.id)).toEqual([row.id]);
  });

  it('a disabled user, in their own activity; a sign-in that succeeds adds no failure', async () => {
    const before = (await failures()).length;
    await bed.signInAs('erin-sub');
    expect(await failures()).toHaveLength(before);
    const erin = (await t.store.users.getByUsername('erin'))!;
    expect((await admin.patch(`/api/users/${erin.id}`).set(SAME_ORIGIN).send({ disabled: true })).status).toBe(200);
    const row = await auditedOnce(async () => {
      const { landing } = await bed.signInAs('erin-sub');
      expect(landing.pathname + landing.search).toBe('/signin?error=oidc_disabled');
    });
    expectRow(row, 'disabled', { id: erin.id, username: 'erin' });
    expect((await failures(`/api/users/${erin.id}`)).map((e) => e.id)).toEqual([row.id]);
  });
});
