import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, apiRequest, SESSION_ENDED_MESSAGE } from './api-client';
import { createQueryClient, SESSION_QUERY_KEY } from './query-client';
import { REAUTHENTICATION_CANCELLED, requestReauthentication, setReauthenticationHandler } from './reauthentication';
import { sessionEnded } from './session-ended';

const problem = (status: number, code: string, detail = 'x') =>
  new Response(JSON.stringify({ status, code, detail, title: 't', type: 'about:blank' }), {
    status,
    headers: { 'content-type': 'application/problem+json' },
  });

afterEach(() => {
  vi.unstubAllGlobals();
  setReauthenticationHandler(undefined);
});

describe('step-up in the API client', () => {
  it('asks "Confirm it’s you" on 401 reauthentication_required and retries the same request once', async () => {
    const fetchMock = vi
      .fn<(url: string, init: RequestInit) => Promise<Response>>()
      .mockResolvedValueOnce(problem(401, 'reauthentication_required'))
      .mockResolvedValueOnce(new Response(JSON.stringify({ id: 't1' }), { status: 201 }));
    vi.stubGlobal('fetch', fetchMock);
    const handler = vi.fn(async () => true);
    setReauthenticationHandler(handler);
    await expect(apiRequest('/api/users/me/auth-tokens', { method: 'POST', body: { d: 1 } })).resolves.toEqual({
      id: 't1',
    });
    expect(handler).toHaveBeenCalledTimes(1);
    expect(fetchMock).toHaveBeenCalledTimes(2);
    expect(fetchMock.mock.calls[1]![1]).toMatchObject({ method: 'POST', body: JSON.stringify({ d: 1 }) });
  });

  it('fails with a clear message on Cancel, without sending again or ending the session', async () => {
    const fetchMock = vi.fn(async () => problem(401, 'reauthentication_required'));
    vi.stubGlobal('fetch', fetchMock);
    setReauthenticationHandler(async () => false);
    const client = createQueryClient();
    client.setQueryData(SESSION_QUERY_KEY, { user: {} });
    const error = await client
      .getMutationCache()
      .build(client, { mutationFn: () => apiRequest('/api/x', { method: 'DELETE' }) })
      .execute(undefined)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).code).toBe(REAUTHENTICATION_CANCELLED);
    expect((error as ApiError).message).toMatch(/Nothing was changed/);
    expect(fetchMock).toHaveBeenCalledTimes(1);
    expect(sessionEnded.get()).toBe(false);
  });

  it('asks only once for changes refused at the same moment', async () => {
    let resolve!: (v: boolean) => void;
    const handler = vi.fn(() => new Promise<boolean>((r) => (resolve = r)));
    setReauthenticationHandler(handler);
    const a = requestReauthentication();
    const b = requestReauthentication();
    resolve(true);
    await expect(Promise.all([a, b])).resolves.toEqual([true, true]);
    expect(handler).toHaveBeenCalledTimes(1);
  });

  it('keeps the server’s words for a wrong password when confirming, and still words other 401s as an ended session', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => problem(401, 'unauthenticated', 'The password is incorrect.')),
    );
    const wrong = await apiRequest('/api/session/reauthenticate', { method: 'POST', body: {} }).catch(
      (e: unknown) => e,
    );
    expect((wrong as ApiError).message).toBe('The password is incorrect.');
    const ended = await apiRequest('/api/users/me').catch((e: unknown) => e);
    expect((ended as ApiError).message).toBe(SESSION_ENDED_MESSAGE);
  });
});
