import { describe, expect, it } from 'vitest';
import { credentialRefusal, ownerRefusal } from './credential-usability.js';

const now = Date.parse('2026-12-01T12:00:00.000Z');
const owner = { disabled: false, apiTokensEnabled: true };

describe('the credential-usability rule', () => {
  it('accepts a live credential of an enabled owner, with or without an expiry', () => {
    expect(credentialRefusal(null, owner, now)).toBeUndefined();
    expect(credentialRefusal('2026-12-01T12:00:00.001Z', owner, now)).toBeUndefined();
  });

  it('refuses at the expiry instant, compared in ms whatever the text looks like', () => {
    expect(credentialRefusal('2026-12-01T12:00:00.000Z', owner, now)).toBe('expired');
    // Same instant written with an offset: a text comparison would call it live.
    expect(credentialRefusal('2026-12-01T13:00:00+01:00', owner, now)).toBe('expired');
  });

  it('names the first reason in one order: expired, then a disabled owner, then API credentials off', () => {
    const both = { disabled: true, apiTokensEnabled: false };
    expect(credentialRefusal('2026-01-01T00:00:00.000Z', both, now)).toBe('expired');
    expect(credentialRefusal(null, both, now)).toBe('user_disabled');
    expect(credentialRefusal(null, { disabled: false, apiTokensEnabled: false }, now)).toBe('api_tokens_disabled');
    expect(ownerRefusal(both)).toBe('user_disabled');
    expect(ownerRefusal(owner)).toBeUndefined();
  });
});
