import { crc32 } from 'node:zlib';
import { request, type APIRequestContext } from '@playwright/test';

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
/** Finds Tessera auth tokens in any text (dialog text, HTML, clipboard) without printing them. */
export const TOKEN_PATTERN = /tsr_[0-9A-Za-z]{30}[0-9A-Za-z]{6}/g;

function base62(n: number, width: number): string {
  let s = '';
  for (let v = n; v > 0; v = Math.floor(v / 62)) s = ALPHABET[v % 62] + s;
  return s.padStart(width, '0');
}

/** The offline check a leak scanner runs: `tsr_` + 30 base62 + base62 CRC32 of everything before it. */
export function isWellFormedToken(candidate: string): boolean {
  if (!/^tsr_[0-9A-Za-z]{36}$/.test(candidate)) return false;
  const body = candidate.slice(0, -6);
  return base62(crc32(body) >>> 0, 6) === candidate.slice(-6);
}

/** Replaces every token in text, for anything a test prints. */
export function redact(text: string): string {
  return text.replace(/tsr_[0-9A-Za-z]+/g, 'tsr_…');
}

export type TokenHeader = 'bearer' | 'x-auth-token' | 'basic';

export function tokenHeaders(kind: TokenHeader, token: string, username: string): Record<string, string> {
  switch (kind) {
    case 'bearer':
      return { Authorization: `Bearer ${token}` };
    case 'x-auth-token':
      return { 'X-Auth-Token': token };
    case 'basic':
      return { Authorization: `Basic ${Buffer.from(`${username}:${token}`).toString('base64')}` };
  }
}

/** A request context with no cookies, like a script calling the API. */
export async function anonymousApi(baseURL: string): Promise<APIRequestContext> {
  return request.newContext({ baseURL, storageState: { cookies: [], origins: [] } });
}

/** GET /api/whoami with the token in the given header; returns the status and, on 200, the answer. */
export async function whoamiWithToken(
  api: APIRequestContext,
  kind: TokenHeader,
  token: string,
  username: string,
): Promise<{ status: number; body?: { username: string; authenticatedBy: string; via: string } }> {
  const response = await api.get('/api/whoami', { headers: tokenHeaders(kind, token, username) });
  const status = response.status();
  return status === 200 ? { status, body: await response.json() } : { status };
}
