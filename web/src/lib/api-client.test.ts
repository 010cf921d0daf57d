/// <reference types="node" />
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, apiRequest } from './api-client';
import fs from 'node:fs';
import vm from 'node:vm';

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
    expect((error as ApiError).message).toBe('description: is required');
    expect((error as ApiError).code).toBe('invalid_request');
    expect((error as ApiError).fieldMessage('description')).toBe('is required');
  });

  it('sends JSON with same-origin credentials and returns undefined for 204', async () => {
    const fetchMock = vi.fn(async (_url: string, _init: RequestInit) => new Response(null, { status: 204 }));
    vi.stubGlobal('fetch', fetchMock);
    await expect(apiRequest('/api/y', { method: 'DELETE' })).resolves.toBeUndefined();
    expect(fetchMock.mock.calls[0]![1]).toMatchObject({ method: 'DELETE', credentials: 'same-origin' });
  });
});

/** Runs the shipped public/early.js as a browser would, on the given page, and returns what it started. */
function startEarlyRequests(pathname: string): Map<string, Promise<Response | undefined>> {
  const context = { fetch: globalThis.fetch, location: { pathname }, globalThis: {} as Record<string, unknown> };
  vm.runInNewContext(fs.readFileSync(new URL('../../public/early.js', import.meta.url), 'utf8'), context);
  return context.globalThis.__tesseraEarly as Map<string, Promise<Response | undefined>>;
}

describe('early requests (public/early.js)', () => {
  afterEach(() => {
    globalThis.__tesseraEarly = undefined;
  });
  /** Stubs fetch with the given answers and returns the list of URLs asked for, in order. */
  const answerFetch = (answer: (url: string) => Response): string[] => {
    const asked: string[] = [];
    vi.stubGlobal(
      'fetch',
      vi.fn(async (url: string) => {
        asked.push(url);
        return answer(url);
      }),
    );
    return asked;
  };
  const json = (body: unknown, status = 200) =>
    new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

  it('answers the first GET of a path from the response started early, and asks the server after that', async () => {
    const fetchMock = vi.fn(async () => json({ from: 'fetch' }));
    vi.stubGlobal('fetch', fetchMock);
    globalThis.__tesseraEarly = new Map([['/api/session', Promise.resolve(json({ from: 'early' }))]]);
    await expect(apiRequest('/api/session')).resolves.toEqual({ from: 'early' });
    expect(fetchMock).not.toHaveBeenCalled();
    await expect(apiRequest('/api/session')).resolves.toEqual({ from: 'fetch' });
    expect(fetchMock).toHaveBeenCalledTimes(1);
  });

  it('never answers a write, another path, or from a request that failed, with an early response', async () => {
    const fetchMock = vi.fn(async () => json({ from: 'fetch' }));
    vi.stubGlobal('fetch', fetchMock);
    globalThis.__tesseraEarly = new Map<string, Promise<Response | undefined>>([
      ['/api/a', Promise.resolve(json({ from: 'early' }))],
      ['/api/b', Promise.resolve(undefined)],
    ]);
    await expect(apiRequest('/api/a', { method: 'POST', body: {} })).resolves.toEqual({ from: 'fetch' });
    await expect(apiRequest('/api/c')).resolves.toEqual({ from: 'fetch' });
    await expect(apiRequest('/api/b')).resolves.toEqual({ from: 'fetch' });
    expect(fetchMock).toHaveBeenCalledTimes(3);
  });

  it('starts the session request for every page, and the user and token list only for Auth Tokens, after a session', async () => {
    const asked = answerFetch((url) => (url === '/api/session' ? json({ user: { id: 'u1' } }) : json({ items: [] })));
    const early = startEarlyRequests('/settings/auth-tokens');
    await Promise.all(early.values());
    expect(asked.sort()).toEqual(['/api/session', '/api/users/me', '/api/users/me/auth-tokens']);

    asked.length = 0;
    await Promise.all(startEarlyRequests('/users').values());
    expect(asked).toEqual(['/api/session']);
  });

  it('asks for nothing more when nobody is signed in', async () => {
    const asked = answerFetch(() => json({ code: 'unauthenticated' }, 401));
    const early = startEarlyRequests('/settings');
    expect(await early.get('/api/users/me')).toBeUndefined();
    expect(asked).toEqual(['/api/session']);
  });
});
