import { describe, expect, it } from 'vitest';
import { curlCommand, shellQuote } from './curl';
import type { DocumentedOperation } from './types';

const ORIGIN = 'https://tessera.example';
const anyCredential: Record<string, string[]>[] = [{ bearer: [] }, { xAuthToken: [] }, { basic: [] }, { session: [] }];

describe('copy as curl', () => {
  it('sends the token from $TESSERA_TOKEN, fills path parameters and sends the example body as JSON', () => {
    const op: DocumentedOperation = {
      method: 'patch',
      path: '/api/users/{userId}/auth-tokens/{tokenId}',
      security: anyCredential,
      parameters: [
        { name: 'userId', in: 'path', required: true, schema: { type: 'string' } },
        { name: 'tokenId', in: 'path', required: true, schema: { type: 'string' } },
      ],
      requestBody: {
        content: {
          'application/json': { schema: { type: 'object', properties: { description: { type: 'string' } } } },
        },
      },
      responses: {},
    };
    expect(curlCommand(op, `${ORIGIN}/`)).toBe(
      [
        "curl -X PATCH 'https://tessera.example/api/users/me/auth-tokens/<tokenId>'",
        '-H "Authorization: Bearer $TESSERA_TOKEN"',
        "-H 'Content-Type: application/json'",
        `--data '{"description":"CI deploy token"}'`,
      ].join(' \\\n  '),
    );
  });

  it('sends no credential where none is needed, and a form body as the form', () => {
    const op: DocumentedOperation = {
      method: 'post',
      path: '/oauth2/v1/token',
      security: [],
      requestBody: {
        content: {
          'application/x-www-form-urlencoded': {
            schema: { type: 'object', properties: { grant_type: { type: 'string', enum: ['client_credentials'] } } },
          },
        },
      },
      responses: {},
    };
    expect(curlCommand(op, ORIGIN)).toBe(
      [
        "curl -X POST 'https://tessera.example/oauth2/v1/token'",
        "-H 'Content-Type: application/x-www-form-urlencoded'",
        "--data 'grant_type=client_credentials'",
      ].join(' \\\n  '),
    );
  });

  it('uses --head for HEAD, header parameters as headers, and required query parameters', () => {
    const op: DocumentedOperation = {
      method: 'head',
      path: '/v3/auth/tokens',
      security: anyCredential,
      parameters: [
        { name: 'X-Subject-Token', in: 'header', required: true, schema: { type: 'string' } },
        { name: 'format', in: 'query', required: true, schema: { type: 'string', enum: ['csv', 'json'] } },
        { name: 'cursor', in: 'query', required: false, schema: { type: 'string' } },
      ],
      responses: {},
    };
    expect(curlCommand(op, ORIGIN)).toBe(
      [
        "curl --head 'https://tessera.example/v3/auth/tokens?format=csv'",
        '-H "Authorization: Bearer $TESSERA_TOKEN"',
        "-H 'X-Subject-Token: <X-Subject-Token>'",
      ].join(' \\\n  '),
    );
  });

  it('quotes a single quote so the shell never sees the body as code', () => {
    expect(shellQuote("it's")).toBe(`'it'\\''s'`);
  });
});
