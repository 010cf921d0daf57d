import express, { type Express } from 'express';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { useDirectJson } from './json-response.js';

/** The same routes on an app with Express's res.json and on one with the direct one. */
function appWith(direct: boolean): Express {
  const app = express();
  app.set('etag', false);
  if (direct) useDirectJson(app);
  app.get('/plain', (_req, res) => {
    res.json({ id: 'ä€😀', n: 1, list: [true, null] });
  });
  app.get('/problem', (_req, res) => {
    res.status(401).type('application/problem+json').json({ title: 'Unauthenticated', status: 401 });
  });
  app.get('/jsonapi', (_req, res) => {
    res.type('application/vnd.api+json').json({ data: [] });
  });
  app.get('/charset', (_req, res) => {
    res.set('Content-Type', 'application/json; charset=utf-8').json('text');
  });
  app.get('/empty', (_req, res) => {
    res.status(204).json({ ignored: true });
  });
  app.get('/undefined', (_req, res) => {
    res.json(undefined);
  });
  return app;
}

describe('direct res.json', () => {
  const express5 = request(appWith(false));
  const direct = request(appWith(true));

  it.each(['/plain', '/problem', '/jsonapi', '/charset', '/empty', '/undefined'])(
    'answers %s with the status, type, length and body Express would',
    async (path) => {
      for (const method of ['get', 'head'] as const) {
        const [a, b] = await Promise.all([express5[method](path), direct[method](path)]);
        expect(b.status).toBe(a.status);
        expect(b.headers['content-type']).toBe(a.headers['content-type']);
        expect(b.headers['content-length']).toBe(a.headers['content-length']);
        expect(b.text).toBe(a.text);
      }
    },
  );

  it('replaces Express’s own on the app it is given, not elsewhere', () => {
    const app = appWith(true);
    expect(app.response.json).not.toBe(express.response.json);
    expect(appWith(false).response.json).toBe(express.response.json);
  });
});
