import { describe, expect, it } from 'vitest';
import {
  authorizationCredentials,
  authorizationScheme,
  decodeBasic,
  tokenCredential,
  type TokenCredential,
} from './authorization-header.js';
import { Unauthenticated } from './errors.js';

const b64 = (s: string) => Buffer.from(s).toString('base64');

describe('authorizationScheme and authorizationCredentials', () => {
  it.each([
    ['Bearer tsr_abc', 'bearer', 'tsr_abc'],
    ['bEaReR tsr_abc', 'bearer', 'tsr_abc'],
    ['Bearer   tsr_abc  ', 'bearer', 'tsr_abc'],
    ['Bearer', 'bearer', ''],
    ['Bearer ', 'bearer', ''],
    ['Basic YWxpY2U6eA==', 'basic', 'YWxpY2U6eA=='],
    ['BASIC YWxpY2U6eA==', 'basic', 'YWxpY2U6eA=='],
    ['SSWS tsr_abc', 'ssws', 'tsr_abc'],
    ['ssws tsr_abc', 'ssws', 'tsr_abc'],
    ['Bearertsr_abc', undefined, ''],
    ['Bearer\ttsr_abc', undefined, ''],
    ['Bear tsr_abc', undefined, 'tsr_abc'],
    ['Token tsr_abc', undefined, 'tsr_abc'],
    ['Bearer-x tsr_abc', undefined, 'tsr_abc'],
    ['B\u00e9arer tsr_abc', undefined, 'tsr_abc'],
    ['Bearer\u00c0', undefined, ''],
    [' Bearer tsr_abc', undefined, 'Bearer tsr_abc'],
    ['', undefined, ''],
  ])('%j → scheme %s, credentials %j', (header, scheme, credentials) => {
    expect(authorizationScheme(header)).toBe(scheme);
    expect(authorizationCredentials(header)).toBe(credentials);
  });
});

describe('decodeBasic', () => {
  it.each([
    [b64('alice:secret'), { userId: 'alice', password: 'secret' }],
    [b64('alice:se:cret'), { userId: 'alice', password: 'se:cret' }],
    [b64('alice:'), { userId: 'alice', password: '' }],
    [b64('\u00e9l\u00e8ve:mot'), { userId: '\u00e9l\u00e8ve', password: 'mot' }],
    [b64(':secret'), undefined],
    [b64('alice'), undefined],
    ['', undefined],
    ['!!!not base64', undefined],
  ])('%j → %j', (credentials, expected) => {
    expect(decodeBasic(credentials)).toEqual(expected);
  });
});

describe('tokenCredential', () => {
  it.each<[string, Record<string, string | string[]>, TokenCredential]>([
    ['Bearer', { authorization: 'Bearer tsr_a' }, { raw: 'tsr_a', via: 'bearer' }],
    ['SSWS, as Okta clients send it', { authorization: 'SSWS tsr_a' }, { raw: 'tsr_a', via: 'ssws' }],
    ['X-Auth-Token', { 'x-auth-token': 'tsr_a' }, { raw: 'tsr_a', via: 'x-auth-token' }],
    ['Basic', { authorization: `Basic ${b64('Alice:tsr_a')}` }, { raw: 'tsr_a', via: 'basic', basicUser: 'Alice' }],
    [
      'the same token twice',
      { authorization: 'Bearer tsr_a', 'x-auth-token': 'tsr_a' },
      { raw: 'tsr_a', via: 'bearer' },
    ],
  ])('reads %s', (_label, headers, expected) => {
    expect(tokenCredential(headers)).toEqual(expected);
  });

  it.each<[string, Record<string, string | string[]>, string]>([
    ['an unknown scheme', { authorization: 'Token tsr_a' }, 'Unsupported authorization scheme.'],
    ['an empty Bearer', { authorization: 'Bearer ' }, 'The credential is empty.'],
    ['an empty X-Auth-Token', { 'x-auth-token': '' }, 'The credential is empty.'],
    ['a repeated X-Auth-Token', { 'x-auth-token': ['tsr_a', 'tsr_a'] }, 'Send one credential.'],
    ['two different tokens', { authorization: 'Bearer tsr_a', 'x-auth-token': 'tsr_b' }, 'Send one credential.'],
    ['Basic without a colon', { authorization: `Basic ${b64('alice')}` }, 'Malformed Basic credentials.'],
    ['Basic with an empty username', { authorization: `Basic ${b64(':tsr_a')}` }, 'Malformed Basic credentials.'],
  ])('refuses %s', (_label, headers, detail) => {
    let thrown: unknown;
    try {
      tokenCredential(headers);
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(Unauthenticated);
    expect((thrown as Unauthenticated).message).toBe(detail);
  });
});
