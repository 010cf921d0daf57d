import { describe, expect, it } from 'vitest';
import { BOOTSTRAP_ELEMENT_ID, readBootstrap } from './bootstrap';

/** A document whose bootstrap element holds the given text (or that has none). */
const page = (text?: string) => ({
  getElementById: (id: string) => (id === BOOTSTRAP_ELEMENT_ID && text !== undefined ? { textContent: text } : null),
});

describe('readBootstrap', () => {
  it('reads the session and the features the server inlined', () => {
    const session = { user: { id: 'u1', username: 'ada' } };
    expect(readBootstrap(page(JSON.stringify({ session, features: ['keystone'] })) as Document)).toEqual({
      session,
      features: ['keystone'],
    });
    expect(readBootstrap(page('{"session":null,"features":[]}') as Document)).toEqual({ session: null, features: [] });
  });

  it('reads the ways of signing in when the page has them, and leaves out a malformed answer', () => {
    const signIn = { password: false, oidc: { name: 'Example SSO', startUrl: '/api/session/oidc/start' } };
    expect(readBootstrap(page(JSON.stringify({ session: null, features: [], signIn })) as Document)).toEqual({
      session: null,
      features: [],
      signIn,
    });
    expect(readBootstrap(page('{"session":null,"features":[],"signIn":{}}') as Document)).toEqual({
      session: null,
      features: [],
    });
  });

  it('reads escaped markup as the characters it stands for', () => {
    const text = '{"session":{"user":{"displayName":"\\u003c/script\\u003e"}},"features":[]}';
    expect(readBootstrap<{ user: { displayName: string } }>(page(text) as Document)?.session?.user.displayName).toBe(
      '</script>',
    );
  });

  it('gives nothing for a page without the element, with broken JSON, or with another shape', () => {
    expect(readBootstrap(page() as Document)).toBeUndefined();
    expect(readBootstrap(page('') as Document)).toBeUndefined();
    expect(readBootstrap(page('{"session":') as Document)).toBeUndefined();
    expect(readBootstrap(page('{"features":[]}') as Document)).toBeUndefined();
    expect(readBootstrap(page('null') as Document)).toBeUndefined();
  });
});
