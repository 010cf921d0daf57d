import { describe, expect, it } from 'vitest';
import { EVENT_GROUPS, EVENT_LABELS, displayUrl, eventsSummary } from './event-labels';

describe('webhook events and URLs in the console', () => {
  it('groups every event under its resource, each wildcard first', () => {
    const grouped = EVENT_GROUPS.flatMap((g) => [g.wildcard, ...g.events]);
    expect([...grouped, '*'].sort()).toEqual(Object.keys(EVENT_LABELS).sort());
    expect(EVENT_GROUPS.map((g) => g.wildcard)).toEqual([
      'auth_token.*',
      'oauth2_client.*',
      'user.*',
      'service_account.*',
      'project.*',
      'application_credential.*',
    ]);
  });

  it('never shows a URL’s query (it may hold the receiver’s token) in lists', () => {
    expect(displayUrl('https://siem.example.com/in?token=s3cret')).toBe('https://siem.example.com/in?…');
    expect(displayUrl('http://127.0.0.1:8080/hook')).toBe('http://127.0.0.1:8080/hook');
  });

  it('sums up the events an endpoint takes', () => {
    expect(eventsSummary(['*', 'user.created'])).toBe('Every event');
    expect(eventsSummary(['auth_token.*', 'user.created'])).toBe('auth_token.*, user.created');
  });
});
