import express, { type RequestHandler } from 'express';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createLogger } from '../logger.js';
import { errorHandler } from './errors.js';
import { mountRoutes, route, surfaceRouter } from './route.js';

const signedIn: RequestHandler = (req, _res, next) => {
  if (req.headers['x-test-user']) req.principal = { user: {} } as never;
  next();
};

function appWith(...routes: Parameters<typeof mountRoutes>[1]) {
  const app = express();
  app.use(express.json(), signedIn);
  mountRoutes(app, routes);
  app.use(errorHandler(createLogger('silent')));
  return request(app);
}

const echo = route({
  method: 'post',
  path: '/things/{id}',
  tag: 'Test',
  summary: 'echo',
  auth: 'any',
  request: {
    params: z.object({ id: z.string().regex(/^\d+$/, 'is not a number') }),
    query: z.object({ limit: z.coerce.number().int().max(10).default(5) }),
    body: { schema: z.strictObject({ name: z.string().min(1) }) },
  },
  responses: { 200: { description: 'ok' } },
  handler: ({ params, query, body }, _req, res) => {
    res.json({ id: params.id, limit: query.limit, name: body.name });
  },
});

describe('declared routes', () => {
  it('hands the handler validated, transformed input', async () => {
    const res = await appWith(echo).post('/things/7?limit=3').set('x-test-user', '1').send({ name: 'a' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ id: '7', limit: 3, name: 'a' });
  });

  it('answers bad input with one 400 problem naming every field, and never runs the handler', async () => {
    const res = await appWith(echo).post('/things/x?limit=99').set('x-test-user', '1').send({ name: '', extra: 1 });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('invalid_request');
    // Path first: the handler's input is checked in the order handlers read it.
    expect(res.body.errors).toEqual([{ path: 'id', message: 'is not a number' }]);
    const body = await appWith(echo).post('/things/1').set('x-test-user', '1').send({ name: '', extra: 1 });
    expect(body.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['body', 'name']);
  });

  it('says what is wrong in a sentence, and keeps the field list for forms', async () => {
    const one = await appWith(echo).post('/things/x').set('x-test-user', '1').send({ name: 'a' });
    expect(one.body.detail).toBe('The request has 1 invalid field: id is not a number.');
    const body = await appWith(echo).post('/things/1').set('x-test-user', '1').send({ extra: 1 });
    expect(body.body.detail).toBe('The request has 2 invalid fields: name is required; extra is not a known field.');
    expect(body.body.errors).toEqual([
      { path: 'name', message: expect.stringMatching(/received undefined/) },
      { path: 'body', message: expect.any(String) },
    ]);
    // zod's own capitalised wording reads as a clause after the field's name, never as "field: Message".
    const big = await appWith(echo).post('/things/1?limit=99').set('x-test-user', '1').send({ name: 'a' });
    expect(big.body.detail).toMatch(/^The request has 1 invalid field: limit: too big: /);
  });

  it('asks for a credential before it looks at the input', async () => {
    const res = await appWith(echo).post('/things/x').send({});
    expect(res.status).toBe(401);
    expect(res.headers['www-authenticate']).toMatch(/Bearer/);
  });

  it('leaves a documented-only body to the handler, and mounts under a prefix with the prefix’s params', async () => {
    const form = route({
      method: 'post',
      path: '/users/{userId}/forms',
      tag: 'Test',
      summary: 'form',
      auth: 'none',
      request: {
        params: z.object({ userId: z.string() }),
        body: { schema: z.object({ grant_type: z.literal('x') }), documentedOnly: true },
      },
      responses: { 200: { description: 'ok' } },
      handler: ({ params, body }, req, res) => {
        res.json({ userId: params.userId, body: body ?? null, raw: req.body });
      },
    });
    const app = express();
    app.use(express.json());
    app.use('/users/:userId/forms', surfaceRouter([form], '/users/{userId}/forms'));
    const res = await request(app).post('/users/u1/forms').send({ grant_type: 'other' });
    expect(res.body).toEqual({ userId: 'u1', body: null, raw: { grant_type: 'other' } });
  });

  it('refuses to mount a route outside the router’s prefix', () => {
    expect(() => surfaceRouter([echo], '/other')).toThrow(/not under/);
  });
});
