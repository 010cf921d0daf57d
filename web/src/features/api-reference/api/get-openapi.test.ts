import { describe, expect, it } from 'vitest';
import { typeLabel } from '../components/SchemaView';
import { groupByTag } from './get-openapi';
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
});
