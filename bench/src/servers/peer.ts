import fs from 'node:fs';
import path from 'node:path';
import { apiKey } from '@better-auth/api-key';
import { betterAuth } from 'better-auth';
import { getMigrations } from 'better-auth/db/migration';
import Database from 'better-sqlite3';
import express from 'express';

// The peer: better-auth 1.7.5 + its API-key plugin on SQLite, one verifyApiKey per request, rate limit off.
const dataDir = process.env.PEER_DATA_DIR!;
const keyCount = Number(process.env.PEER_KEYS ?? 1000);
const port = Number(process.env.PORT);
fs.mkdirSync(dataDir, { recursive: true });

const db = new Database(path.join(dataDir, 'peer.sqlite'));
// The same durability settings Tessera uses, so the comparison is not about fsync.
db.pragma('journal_mode = WAL');
db.pragma('synchronous = NORMAL');
db.pragma('busy_timeout = 5000');

const options = {
  database: db,
  secret: 'bench-peer-secret-not-a-secret-0123456789',
  baseURL: `http://127.0.0.1:${port}`,
  emailAndPassword: { enabled: true },
  rateLimit: { enabled: false },
  telemetry: { enabled: false },
  logger: { disabled: true },
  plugins: [apiKey({ rateLimit: { enabled: false } })],
};
const auth = betterAuth(options);

interface PeerUser {
  id: string;
  username: string;
  displayName: string;
}

const keysFile = path.join(dataDir, 'keys.json');
async function seed(): Promise<string[]> {
  if (fs.existsSync(keysFile)) return JSON.parse(fs.readFileSync(keysFile, 'utf8')) as string[];
  const { runMigrations } = await getMigrations(options);
  await runMigrations();
  const keys: string[] = [];
  const users = 10;
  for (let u = 0; u < users; u++) {
    const { user } = await auth.api.signUpEmail({
      body: { email: `bench${u}@example.test`, password: 'bench-password-not-secret', name: `Bench user ${u}` },
    });
    for (let k = 0; k < keyCount / users; k++) {
      const created = await auth.api.createApiKey({ body: { userId: user.id, name: `bench ${k}` } });
      keys.push(created.key);
    }
  }
  fs.writeFileSync(keysFile, JSON.stringify(keys));
  return keys;
}

await seed();
// Owners are looked up once at start: the per-request work is verifyApiKey alone, as the issue describes.
const owners = new Map<string, PeerUser>();
for (const row of db.prepare('select id, email, name from user').all() as { id: string; email: string; name: string }[])
  owners.set(row.id, { id: row.id, username: row.email, displayName: row.name });

const app = express();
app.get('/api/whoami', async (req, res) => {
  const key = req.get('x-api-key');
  const result = key ? await auth.api.verifyApiKey({ body: { key } }) : undefined;
  const owner = result?.valid && result.key ? owners.get(result.key.referenceId) : undefined;
  if (!result?.valid || !result.key || !owner) {
    res.status(401).json({ error: 'invalid_api_key' });
    return;
  }
  res.json({ ...owner, role: 'user', authenticatedBy: 'api-key', via: 'x-api-key', tokenId: result.key.id });
});
const server = app.listen(port, '127.0.0.1', () => process.stdout.write('ready\n'));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
