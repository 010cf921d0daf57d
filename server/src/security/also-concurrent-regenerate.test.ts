import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SAME_ORIGIN, backends, startTestApp, type TestApp } from '../test-support/harness.js';

// Also found: concurrent regenerates of one token all answered 200, with different secrets of which only one worked.
describe.each(backends)('concurrent regenerates (%s)', (kind) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await startTestApp(kind);
  });
  afterEach(async () => t.close());

  /**
   * Holds each regenerate's write until `n` requests have read the token, so they truly overlap (on a quiet machine a
   * burst may otherwise run one after another, and each of those is a regenerate of the secret before it).
   */
  function overlapWrites(n: number) {
    const repo = t.store.authTokens;
    const write = repo.regenerate.bind(repo);
    let held: (() => void)[] = [];
    repo.regenerate = (...args) =>
      new Promise((resolve, reject) => {
        held.push(() => write(...args).then(resolve, reject));
        if (held.length === n) {
          const go = held;
          held = [];
          for (const f of go) f();
        }
      });
  }

  it('lets exactly one win with 200 and a working secret; the others get 409 conflict and change nothing', async () => {
    const admin = await t.signIn();
    const { id, token: original } = await t.createToken(admin);
    overlapWrites(6);
    for (let round = 0; round < 3; round++) {
      const answers = await Promise.all(
        Array.from({ length: 6 }, () => admin.post(`/api/users/me/auth-tokens/${id}/regenerate`).set(SAME_ORIGIN)),
      );
      const won = answers.filter((r) => r.status === 200);
      const lost = answers.filter((r) => r.status !== 200);
      expect(won, `round ${round}`).toHaveLength(1);
      for (const r of lost) {
        expect(r.status).toBe(409);
        expect(r.body).toMatchObject({ code: 'conflict' });
        expect(r.text).not.toMatch(/tsr_[0-9A-Za-z]{10}/);
      }
      const secret = won[0]!.body.token as string;
      const whoami = await t.http.get('/api/whoami').set('Authorization', `Bearer ${secret}`);
      expect(whoami.status).toBe(200);
      expect(whoami.body.tokenId).toBe(id);
      expect((await admin.get(`/api/users/me/auth-tokens/${id}`)).body.hint).toBe(won[0]!.body.hint);
    }
    expect((await t.http.get('/api/whoami').set('Authorization', `Bearer ${original}`)).status).toBe(401);
    const events = await admin.get('/api/users/me/activity?action=auth_token.regenerate');
    expect(events.body.items).toHaveLength(3);
  });

  it('stores a regenerate only while the token still holds the secret the caller read (compare-and-swap)', async () => {
    const admin = await t.signIn();
    const { id } = await t.createToken(admin);
    const me = (await admin.get('/api/whoami')).body as { id: string };
    const before = (await admin.get(`/api/users/me/auth-tokens/${id}`)).body as {
      hint: string;
      regeneratedAt: string | null;
    };
    const replaces = { hint: before.hint, regeneratedAt: before.regeneratedAt };
    const next = (n: number) => ({
      digest: `${n}`.repeat(64).slice(0, 64),
      hint: `tsr_…000${n}`,
      expiresAt: null,
      regeneratedAt: new Date(Date.now() + n).toISOString(),
      replaces,
    });
    const first = await t.store.authTokens.regenerate(me.id, id, next(1));
    expect(first).toMatchObject({ id, hint: 'tsr_…0001' });
    expect(await t.store.authTokens.regenerate(me.id, id, next(2))).toBe('changed');
    expect(await t.store.authTokens.regenerate(me.id, 'no-such-token', next(3))).toBeUndefined();
    expect((await t.store.authTokens.get(me.id, id))?.hint).toBe('tsr_…0001');
  });
});
