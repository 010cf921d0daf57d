import { describe, expect, it } from 'vitest';
import { typeLabel } from '../components/SchemaView';
import { groupByTag, resolveRefs } from './get-openapi';
import type { OpenApiDocument } from './types';

const doc: OpenApiDocument = {
  openapi: '3.1.0',
  info: { title: 'T', version: '1' },
  tags: [{ name: 'Session' }, { name: 'Auth tokens' }, { name: 'Unused' }],
  paths: {
    '/api/users/{userId}/auth-tokens': {
      post: { tags: ['Auth tokens'], responses: {} },
      get: { tags: ['Auth tokens'], responses: {} },
    },
    '/api/session': { delete: { tags: ['Session'], responses: {} }, get: { tags: ['Session'], responses: {} } },
    '/v3': { get: { responses: {} } },
  },
};

describe('API reference grouping', () => {
  it('keeps the document’s tag order, drops empty tags, puts untagged last, orders methods GET first', () => {
    const groups = groupByTag(doc);
    expect(groups.map((g) => g.tag)).toEqual(['Session', 'Auth tokens', 'Other']);
    expect(groups[0]!.operations.map((o) => o.method)).toEqual(['get', 'delete']);
    expect(groups[1]!.operations.map((o) => o.method)).toEqual(['get', 'post']);
  });

  it('labels schema types the way a reader says them', () => {
    expect(typeLabel({ type: 'string', format: 'date-time' })).toBe('string (date-time)');
    expect(typeLabel({ anyOf: [{ type: 'string' }, { type: 'null' }] })).toBe('string | null');
    expect(typeLabel({ type: 'array', items: { type: 'object', properties: {} } })).toBe('array of object');
    expect(typeLabel({ enum: ['active', 'expired'] })).toBe('"active" | "expired"');
    expect(typeLabel(undefined)).toBe('any');
  });

  it('resolves named component schemas, nested ones too, so the page shows their fields', () => {
    const withRefs: OpenApiDocument = {
      ...doc,
      paths: {
        '/api/users': {
          get: {
            responses: {
              200: {
                description: 'ok',
                content: { 'application/json': { schema: { $ref: '#/components/schemas/UserPage' } } },
              },
            },
          },
        },
      },
      components: {
        schemas: {
          User: { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] },
          UserPage: {
            type: 'object',
            properties: { users: { type: 'array', items: { $ref: '#/components/schemas/User' } } },
          },
          Loop: { type: 'object', properties: { next: { $ref: '#/components/schemas/Loop' } } },
        },
      },
    };
    const schema =
      resolveRefs(withRefs).paths['/api/users']!.get!.responses['200']!.content!['application/json']!.schema;
    expect(schema?.properties?.users?.items?.properties?.id).toEqual({ type: 'string' });
    const loop = resolveRefs({
      ...withRefs,
      paths: {
        '/l': {
          get: {
            responses: {
              200: {
                description: '',
                content: { 'application/json': { schema: { $ref: '#/components/schemas/Loop' } } },
              },
            },
          },
        },
      },
    });
    expect(loop.paths['/l']!.get!.responses['200']!.content!['application/json']!.schema?.properties?.next).toEqual({
      $ref: '#/components/schemas/Loop',
    });
  });
});
