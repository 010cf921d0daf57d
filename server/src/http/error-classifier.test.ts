import { describe, expect, it } from 'vitest';
import { Conflict, Invalid, Unauthenticated } from '../errors.js';
import { classifyError, coarseRequestError, errorOrigin } from './error-classifier.js';

const framing = (status: number, type?: string) => Object.assign(new Error('framing'), { status, type });

describe('classifyError', () => {
  it('classifies a domain error as itself, so the refusal path makes no object', () => {
    const refused = new Unauthenticated();
    expect(classifyError(refused)).toBe(refused);
    expect(errorOrigin(classifyError(new Conflict('Taken.')))).toBe('domain');
  });

  it('gives status, code, title, detail, field errors and headers', () => {
    const errors = [{ path: 'name', message: 'is required' }];
    expect(classifyError(new Invalid('Bad fields.', errors))).toMatchObject({
      status: 400,
      code: 'invalid_request',
      title: 'Invalid request',
      detail: 'Bad fields.',
      errors,
      headers: {},
    });
    expect(classifyError(new Unauthenticated()).headers).toHaveProperty('WWW-Authenticate');
  });

  it.each([
    ['entity.parse.failed', 400, 'malformed_body'],
    ['entity.too.large', 413, 'payload_too_large'],
    ['encoding.unsupported', 415, 'unsupported_media_type'],
    ['charset.unsupported', 415, 'unsupported_media_type'],
    [undefined, 405, 'bad_request'],
  ])('classifies a body-parser %s refusal as %i %s, the same instance every time', (type, status, code) => {
    const c = classifyError(framing(status, type));
    expect(c).toMatchObject({ status, code });
    expect(errorOrigin(c)).toBe('request');
    expect(classifyError(framing(status, type))).toBe(c);
  });

  it('coarsens framing refusals to malformed JSON or a bad request with their status', () => {
    expect(coarseRequestError(classifyError(framing(400, 'entity.parse.failed'))).code).toBe('malformed_body');
    expect(coarseRequestError(classifyError(framing(413, 'entity.too.large')))).toMatchObject({
      status: 413,
      code: 'bad_request',
    });
  });

  it.each([new Error('secret internals'), 'a string', null, undefined, framing(503), framing(302)])(
    'classifies %s as an internal error that says nothing of it',
    (err) => {
      const c = classifyError(err);
      expect(errorOrigin(c)).toBe('internal');
      expect(c).toMatchObject({ status: 500, code: 'internal_error' });
      expect(c.message).not.toContain('secret');
    },
  );

  // The real errors come from PostgreSQL through the proxy in faults/postgres-outage.test.ts; these are their shapes.
  it.each([
    Object.assign(new Error('connect ECONNREFUSED 10.0.0.5:5432'), { code: 'ECONNREFUSED' }),
    Object.assign(new Error('canceling statement due to statement timeout'), { code: '57014' }),
    Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }),
    Object.assign(new Error('connection failure'), { code: '08006' }),
    new Error('Query read timeout'),
    new Error('timeout exceeded when trying to connect'),
    new Error('Connection terminated unexpectedly'),
  ])('classifies a dependency outage ($message) as 503 with Retry-After, saying nothing of it', (err) => {
    const c = classifyError(err);
    expect(errorOrigin(c)).toBe('dependency');
    expect(c).toMatchObject({ status: 503, code: 'service_unavailable' });
    expect(c.headers['Retry-After']).toBe('5');
    expect(c.message).not.toContain(err.message);
  });

  it('keeps a database error that is not an outage a bug (a constraint violation is 500, not 503)', () => {
    const c = classifyError(Object.assign(new Error('duplicate key value'), { code: '23505' }));
    expect(c).toMatchObject({ status: 500, code: 'internal_error' });
  });
});
