import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, apiRequest } from './api-client';

afterEach(() => vi.unstubAllGlobals());

describe('apiRequest', () => {
  it('turns problem+json into an ApiError carrying the detail, code and field errors', async () => {
    const problem = {
      type: 'about:blank',
      title: 'Invalid request',
      status: 400,
      detail: 'description: is required',
      code: 'invalid_request',
      errors: [{ path: 'description', message: 'is required' }],
    };
    vi.stubGlobal(
      'fetch',
      vi.fn(
        async () =>
          new Response(JSON.stringify(problem), {
            status: 400,
            headers: { 'content-type': 'application/problem+json' },
          }),
      ),
    );
    const error = await apiRequest('/api/x', { method: 'POST', body: {} }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    // The raw "path: message" detail is worded by the console.
    expect((error as ApiError).message).toBe('Description is required.');
    expect((error as ApiError).code).toBe('invalid_request');
    expect((error as ApiError).fieldMessage('description')).toBe('is required');
  });

  it('sends JSON with same-origin credentials and returns undefined for 204', async () => {
    const fetchMock = vi.fn(async (_url: string, _init: RequestInit) => new Response(null, { status: 204 }));
    vi.stubGlobal('fetch', fetchMock);
    await expect(apiRequest('/api/y', { method: 'DELETE' })).resolves.toBeUndefined();
    expect(fetchMock.mock.calls[0]![1]).toMatchObject({ method: 'DELETE', credentials: 'same-origin' });
  });

  const respond = (status: number, body: unknown, headers: Record<string, string> = {}) =>
    vi.stubGlobal(
      'fetch',
      vi.fn(
        async () =>
          new Response(JSON.stringify(body), {
            status,
            headers: { 'content-type': 'application/problem+json', ...headers },
          }),
      ),
    );

  it("says when to try again from a 429's Retry-After", async () => {
    respond(
      429,
      { status: 429, detail: 'Too many failed sign-in attempts. Try again later.', code: 'too_many_requests' },
      { 'retry-after': '736' },
    );
    const error = (await apiRequest('/api/session', { method: 'POST', body: {} }).catch((e: unknown) => e)) as ApiError;
    expect(error.retryAfterSeconds).toBe(736);
    expect(error.message).toBe('Too many failed sign-in attempts. Try again in 13 minutes.');
    // The server's own "Try again in …" is not said twice.
    respond(
      429,
      { status: 429, detail: 'Too many failed sign-in attempts. Try again in 13 minutes.', code: 'too_many_requests' },
      { 'retry-after': '736' },
    );
    const again = (await apiRequest('/api/session', { method: 'POST', body: {} }).catch((e: unknown) => e)) as ApiError;
    expect(again.message).toBe('Too many failed sign-in attempts. Try again in 13 minutes.');
  });

  it('words a 401 as an ended session, except when signing in', async () => {
    respond(401, { status: 401, detail: 'A valid credential is required.', code: 'unauthenticated' });
    const ended = (await apiRequest('/api/users/me').catch((e: unknown) => e)) as ApiError;
    expect(ended.message).toBe('Your session has ended. Sign in again to continue.');
    respond(401, { status: 401, detail: 'Wrong username or password.', code: 'invalid_credentials' });
    const signIn = (await apiRequest('/api/session', { method: 'POST', body: {} }).catch(
      (e: unknown) => e,
    )) as ApiError;
    expect(signIn.message).toBe('Wrong username or password.');
  });

  it('keeps a detail that is a sentence, and words field codes that are not', async () => {
    respond(400, {
      detail: 'username: is required; scopes.0.audience: must not be empty',
      errors: [
        { path: 'username', message: 'is required' },
        { path: 'scopes.0.audience', message: 'must not be empty' },
      ],
    });
    const raw = (await apiRequest('/api/x').catch((e: unknown) => e)) as ApiError;
    expect(raw.message).toBe('Username is required. Scopes 1 audience must not be empty.');
    respond(400, { detail: 'The username is required.', errors: [{ path: 'username', message: 'is required' }] });
    const sentence = (await apiRequest('/api/x').catch((e: unknown) => e)) as ApiError;
    expect(sentence.message).toBe('The username is required.');
  });
});
