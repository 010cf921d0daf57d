import express from 'express';

// The baseline: Express 5 with its defaults and one route returning a /api/whoami-shaped object, no credential check.
const app = express();
const body = {
  id: '00000000-0000-4000-8000-000000000000',
  username: 'bench000000',
  displayName: 'Bench user 0',
  role: 'user',
  authenticatedBy: 'auth-token',
  via: 'bearer',
  tokenId: '00000000-0000-4000-8000-000000000001',
};
app.get('/api/whoami', (_req, res) => {
  res.json(body);
});
const server = app.listen(Number(process.env.PORT), '127.0.0.1', () => process.stdout.write('ready\n'));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
