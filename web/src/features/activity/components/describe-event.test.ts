import { describe, expect, it } from 'vitest';
import type { ActivityEvent } from '../api/types';
import { changeText, credentialText, eventDetails } from './describe-event';
import { failureReason } from './labels';

const event = (over: Partial<ActivityEvent>): ActivityEvent => ({
  id: 'e1',
  at: '2026-12-06T04:00:00.000Z',
  action: 'user.update',
  outcome: 'success',
  actor: { id: 'admin-id', username: 'admin' },
  target: { id: 'alice-id', username: 'alice' },
  tokenId: null,
  ip: '127.0.0.1',
  userAgent: 'curl/8.5.0',
  details: null,
  ...over,
});

describe('what an activity event did', () => {
  it('says what changed on a user, in words, without a password', () => {
    const e = event({
      details: {
        changes: [
          { field: 'role', from: 'user', to: 'admin' },
          { field: 'apiTokensEnabled', from: true, to: false },
          { field: 'disabled', from: false, to: true },
          { field: 'displayName', from: 'Al', to: 'Alice' },
          { field: 'password' },
        ],
      },
    });
    expect(eventDetails(e)).toEqual([
      'Role: User → Administrator',
      'API tokens turned off',
      'Account disabled',
      'Display name: Al → Alice',
      'Password reset',
    ]);
  });

  it('calls a password change by the user themselves a change, not a reset', () => {
    expect(changeText({ field: 'password' }, true)).toBe('Password changed');
  });

  it('reads the older list of changed field names too', () => {
    expect(eventDetails(event({ details: { changed: ['role', 'password'] } }))).toEqual([
      'Role changed',
      'Password reset',
    ]);
  });

  it('names a deleted token by its recorded description and hint', () => {
    const e = event({
      action: 'auth_token.delete',
      tokenId: 'abcdef12-3456',
      details: { description: 'CI', hint: 'tsr_…a1b2' },
    });
    expect(credentialText(e)).toEqual({ label: 'CI (tsr_…a1b2)', title: 'ID abcdef12-3456' });
    expect(credentialText(event({ action: 'auth_token.delete', tokenId: 'abcdef12-3456' }))).toEqual({
      label: 'ID abcdef12',
      title: 'ID abcdef12-3456',
    });
  });

  it('names an OAuth client by its name and lists its scopes', () => {
    const e = event({
      action: 'oauth2_client.create',
      tokenId: 'c1',
      details: { name: 'billing-sync', description: 'Billing', scopes: ['urn:x/tokens:read'] },
    });
    expect(credentialText(e)?.label).toBe('billing-sync');
    expect(eventDetails(e)).toEqual(['Scopes: urn:x/tokens:read']);
  });

  it('summarises repeated refused token uses', () => {
    const e = event({
      action: 'auth_token.use',
      outcome: 'failure',
      details: { reason: 'unknown_token', count: 3, hints: ['tsr_…aaaa', 'tsr_…bbbb'] },
    });
    expect(eventDetails(e)).toEqual(['3 attempts', 'Tokens tsr_…aaaa, tsr_…bbbb']);
  });

  it('says a sign-in went through the organisation’s provider, and why one was refused', () => {
    const refused = event({
      action: 'session.sign_in',
      outcome: 'failure',
      actor: { id: null, username: null },
      target: null,
      details: { method: 'oidc', reason: 'state_mismatch' },
    });
    expect(eventDetails(refused)).toEqual(['Organisation sign-in (OpenID Connect)']);
    expect(failureReason(refused)).toBe('answer to another sign-in');
    expect(eventDetails(event({ action: 'session.sign_in', details: { reason: 'wrong_password' } }))).toEqual([]);
  });

  // H5 (issue 19)
  it('names a webhook by its URL and says what changed', () => {
    const details = { webhookId: 'w1', url: 'https://siem.example.com/in', events: ['auth_token.*'], description: '' };
    expect(eventDetails(event({ action: 'webhook.create', target: null, details }))).toEqual([
      'https://siem.example.com/in',
      'Events: auth_token.*',
    ]);
    expect(eventDetails(event({ action: 'webhook.update', details: { ...details, enabled: false } }))).toEqual([
      'https://siem.example.com/in',
      'Turned off',
      'Events: auth_token.*',
    ]);
    expect(eventDetails(event({ action: 'webhook.redeliver', details: { ...details, deliveryId: 'd1' } }))).toEqual([
      'https://siem.example.com/in',
      'Delivery d1',
    ]);
  });
});
