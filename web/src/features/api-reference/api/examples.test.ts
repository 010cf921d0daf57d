import { describe, expect, it } from 'vitest';
import { exampleFor, formatBody, requestExample, responseExample } from './examples';
import type { Operation } from './types';

describe('example values from JSON schemas', () => {
  it('prefers what the schema states: example, const, the first enum value, a default', () => {
    expect(exampleFor({ type: 'string', example: 'given' })).toBe('given');
    expect(exampleFor({ type: 'string', examples: ['first', 'second'] })).toBe('first');
    expect(exampleFor({ const: 'client_credentials' })).toBe('client_credentials');
    expect(exampleFor({ type: 'string', enum: ['active', 'expired'] })).toBe('active');
    expect(exampleFor({ type: 'integer', default: 50 })).toBe(50);
  });

  it('fills strings from their format, then from the property name, within their length bounds', () => {
    expect(exampleFor({ type: 'string', format: 'date-time' })).toBe('2030-01-31T09:30:00Z');
    expect(exampleFor({ type: 'string', format: 'date' })).toBe('2030-01-31');
    expect(exampleFor({ type: 'string', format: 'email' })).toBe('alice@example.com');
    expect(exampleFor({ type: 'string' }, 'username')).toBe('alice');
    expect(exampleFor({ type: 'string' }, 'createdBy')).toBe('3fa85f64-5717-4562-b3fc-2c963f66afa6');
    expect(exampleFor({ type: 'string' }, 'lastUsedIp')).toBe('203.0.113.7');
    expect(exampleFor({ type: 'string', minLength: 12 }, 'password')).toBe('correct horse battery staple');
    expect(exampleFor({ type: 'string', minLength: 8 })).toBe('stringxx');
    expect(exampleFor({ type: 'string', maxLength: 3 })).toBe('str');
  });

  it('builds nested objects and arrays, taking the non-null side of a nullable value', () => {
    const schema = {
      type: 'object',
      properties: {
        name: { type: 'string' },
        expiresAt: { type: ['string', 'null'], format: 'date-time' },
        owner: { anyOf: [{ type: 'null' }, { type: 'object', properties: { id: { type: 'string' } } }] },
        scopes: {
          type: 'array',
          items: { type: 'object', properties: { audience: { type: 'string' }, scope: { type: 'string' } } },
        },
        limit: { type: 'integer', minimum: 1, maximum: 200 },
        active: { type: 'boolean' },
      },
    };
    expect(exampleFor(schema)).toEqual({
      name: 'billing-sync',
      expiresAt: '2030-01-31T09:30:00Z',
      owner: { id: '3fa85f64-5717-4562-b3fc-2c963f66afa6' },
      scopes: [{ audience: 'urn:tessera:api', scope: 'tokens:read' }],
      limit: 1,
      active: true,
    });
  });

  it('stops at a self-referencing schema instead of recursing forever', () => {
    const loop: { type: string; properties: Record<string, unknown> } = { type: 'object', properties: {} };
    loop.properties.next = loop;
    expect(() => exampleFor(loop as never)).not.toThrow();
  });

  it('writes a form body as key=value pairs and JSON as indented JSON', () => {
    expect(formatBody('application/x-www-form-urlencoded', { grant_type: 'client_credentials', scope: 'a b' })).toBe(
      'grant_type=client_credentials&scope=a+b',
    );
    expect(formatBody('application/json', { a: 1 })).toBe('{\n  "a": 1\n}');
  });

  it('takes the request body and the first successful response with a body', () => {
    const op: Operation = {
      requestBody: {
        content: {
          'application/json': { schema: { type: 'object', properties: { description: { type: 'string' } } } },
        },
      },
      responses: {
        '400': { description: 'bad', content: { 'application/problem+json': { schema: { type: 'object' } } } },
        '204': { description: 'none' },
        '201': {
          description: 'created',
          content: { 'application/json': { example: { id: 'from-the-document' } } },
        },
      },
    };
    expect(requestExample(op)).toEqual({
      contentType: 'application/json',
      text: '{\n  "description": "CI deploy token"\n}',
    });
    expect(responseExample(op)).toEqual({
      contentType: 'application/json',
      status: '201',
      text: '{\n  "id": "from-the-document"\n}',
    });
    expect(responseExample({ responses: { '204': { description: 'none' } } })).toBeUndefined();
  });
});
