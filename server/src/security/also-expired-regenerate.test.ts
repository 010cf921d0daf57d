import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SAME_ORIGIN, backends, startTestApp, type TestApp } from '../test-support/harness.js';

const DAY_MS = 86_400_000;

// Also found: regenerate revived an expired token, with a fresh lifetime nobody chose.
describe.each(backends)('regenerating an expired token (%s)', (kind) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await startTestApp(kind);
  });
  afterEach(async () => {
    vi.useRealTimers();
    await t.close();
  });

  it('is refused with 409 token_expired, saying to generate a new one; the token stays expired', async () => {
    const admin = await t.signIn();
    const expiring = await t.createToken(admin, 'me', {
      description: 'expiring',
      expiresAt: new Date(Date.now() + DAY_MS).toISOString(),
    });
    // A second token, without expiry, to act with once the clock has moved past the first one's expiry.
    const { token: actor } = await t.createToken(admin, 'me', { description: 'actor', expiresAt: null });
    const live = await admin.post(`/api/users/me/auth-tokens/${expiring.id}/regenerate`).set(SAME_ORIGIN);
    expect(live.status).toBe(200);
    const secret = live.body.token as string;

    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + 2 * DAY_MS });
    expect((await t.http.get('/api/whoami').set('Authorization', `Bearer ${secret}`)).status).toBe(401);
    const refused = await t.http
      .post(`/api/users/me/auth-tokens/${expiring.id}/regenerate`)
      .set('Authorization', `Bearer ${actor}`);
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ code: 'token_expired', status: 409 });
    expect(refused.body.detail).toMatch(/generate a new token/i);
    const after = await t.http.get(`/api/users/me/auth-tokens/${expiring.id}`).set('Authorization', `Bearer ${actor}`);
    expect(after.body.expiresAt).toBe(live.body.expiresAt);
    expect(after.body.hint).toBe(live.body.hint);
    expect((await t.http.get('/api/whoami').set('Authorization', `Bearer ${secret}`)).status).toBe(401);
  });
});
