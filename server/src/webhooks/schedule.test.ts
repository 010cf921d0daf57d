import { describe, expect, it } from 'vitest';
import { EVENT_FILTERS, matches } from './events.js';
import { MAX_ATTEMPTS, RETRY_DELAYS_MS, retryDelayMs } from './retry.js';
import { newWebhookSecret, WebhookSecrets } from './secret.js';
import { urlForLogs } from './url.js';

describe('webhook subscriptions', () => {
  it('match an exact type, a resource wildcard and *, nothing else', () => {
    expect(matches(['auth_token.created'], 'auth_token.created')).toBe(true);
    expect(matches(['auth_token.created'], 'auth_token.revoked')).toBe(false);
    expect(matches(['auth_token.*'], 'auth_token.expiring')).toBe(true);
    expect(matches(['auth_token.*'], 'oauth2_client.created')).toBe(false);
    expect(matches(['user.*'], 'user.password_changed')).toBe(true);
    expect(matches(['*'], 'oauth2_client.deleted')).toBe(true);
    expect(matches([], 'user.created')).toBe(false);
    expect(EVENT_FILTERS).toEqual(expect.arrayContaining(['*', 'auth_token.*', 'oauth2_client.*', 'user.*']));
  });
});

describe('the retry schedule', () => {
  it('is eight attempts over about a day, each wait within ±10 %', () => {
    expect(MAX_ATTEMPTS).toBe(8);
    const total = RETRY_DELAYS_MS.reduce((a, b) => a + b, 0);
    expect(total / 3_600_000).toBeGreaterThan(24);
    expect(total / 3_600_000).toBeLessThan(30);
    RETRY_DELAYS_MS.forEach((base, i) => {
      expect(retryDelayMs(i + 1, () => 0)).toBe(Math.round(base * 0.9));
      expect(retryDelayMs(i + 1, () => 1)).toBe(Math.round(base * 1.1));
    });
    expect(retryDelayMs(1, () => 0.5)).toBe(5_000);
  });
});

describe('webhook secrets', () => {
  const secrets = new WebhookSecrets('a-session-secret-long-enough-for-tests');

  it('are whsec_ + 32 random bytes, sealed per endpoint, opened only with the same session secret and id', () => {
    const secret = newWebhookSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(newWebhookSecret()).not.toBe(secret);
    const sealed = secrets.seal(secret, 'hook-1');
    expect(sealed).not.toContain(secret.slice(6));
    expect(secrets.open(sealed, 'hook-1')).toBe(secret);
    expect(() => secrets.open(sealed, 'hook-2')).toThrow();
    expect(() => new WebhookSecrets('another-session-secret-long-enough').open(sealed, 'hook-1')).toThrow();
  });

  it('leave logs only the URL’s origin: a query or a path may hold the receiver’s credential', () => {
    expect(urlForLogs('https://siem.example.com:8443/in/tessera?token=s3cret#x')).toBe('https://siem.example.com:8443');
    expect(urlForLogs('https://hooks.slack.com/services/T000/B000/XXXXsecretXXXX')).toBe('https://hooks.slack.com');
    expect(urlForLogs('not a url')).toBe('(invalid URL)');
  });
});
