import fs from 'node:fs';
import path from 'node:path';
import { hashPassword } from '../../server/src/lib/passwords.js';
import { newId } from '../../server/src/lib/ids.js';
import { digestToken, generateToken, tokenHint } from '../../server/src/lib/token-format.js';
import type { NewAuthToken, NewUser, Store } from '../../server/src/store/store.js';

/** A token the load generator may send, with its owner's name for HTTP Basic. */
export interface SampleToken {
  username: string;
  token: string;
}

export interface SeedInfo {
  tokens: number;
  users: number;
  seedMs: number;
  sample: SampleToken[];
}

export interface SeedSize {
  tokens: number;
  users: number;
  sample: number;
}

const CHUNK = 100_000;
export const BENCH_PASSWORD = 'bench-password-not-secret';

/** Seeds users and tokens through the store's own bulk path; keeps a spread sample of plaintexts for the load. */
export async function seedStore(store: Store, size: SeedSize, log: (line: string) => void): Promise<SeedInfo> {
  const started = performance.now();
  // One argon2 hash for every user: seeding measures the bulk path, not 10,000 deliberate slow hashes.
  const passwordHash = await hashPassword(BENCH_PASSWORD);
  const createdAt = new Date().toISOString();
  const users: NewUser[] = [];
  for (let u = 0; u < size.users; u++) {
    users.push({
      id: newId(),
      username: `bench${String(u).padStart(6, '0')}`,
      displayName: `Bench user ${u}`,
      role: 'user',
      passwordHash,
      apiTokensEnabled: true,
      createdAt,
    });
  }
  await store.users.bulkInsert(users);

  const perUser = Math.ceil(size.tokens / size.users);
  const sampleEvery = Math.max(1, Math.floor(size.tokens / size.sample));
  const sample: SampleToken[] = [];
  for (let start = 0; start < size.tokens; start += CHUNK) {
    const end = Math.min(size.tokens, start + CHUNK);
    const batch: NewAuthToken[] = [];
    for (let i = start; i < end; i++) {
      const token = generateToken();
      const owner = users[Math.floor(i / perUser)]!;
      if (i % sampleEvery === 0 && sample.length < size.sample) sample.push({ username: owner.username, token });
      batch.push({
        id: newId(),
        userId: owner.id,
        name: null,
        description: `bench token ${i}`,
        hint: tokenHint(token),
        digest: digestToken(token),
        createdAt,
        createdBy: owner.id,
        expiresAt: null,
      });
    }
    await store.authTokens.bulkInsert(batch);
    if (end % 200_000 === 0 || end === size.tokens) log(`  seeded ${end.toLocaleString('en')} tokens`);
  }
  return { tokens: size.tokens, users: size.users, seedMs: performance.now() - started, sample };
}

/** Reads a completed seed from a cache directory; seed.json is written last, so its presence means complete. */
export function readSeed(cacheDir: string): SeedInfo | undefined {
  try {
    return JSON.parse(fs.readFileSync(path.join(cacheDir, 'seed.json'), 'utf8')) as SeedInfo;
  } catch {
    return undefined;
  }
}

export function writeSeed(cacheDir: string, info: SeedInfo) {
  fs.writeFileSync(path.join(cacheDir, 'seed.json'), JSON.stringify(info));
}

/**
 * The whole environment of a production Tessera server on seeded data, for the profile and A/B tools: nothing
 * inherited, and the per-address failure throttle raised so unknown-token load measures verification, not the throttle.
 */
export function seededServerEnv(dataDir: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '',
    HOST: '127.0.0.1',
    NODE_ENV: 'production',
    TESSERA_DATA_DIR: dataDir,
    TESSERA_ADMIN_PASSWORD: BENCH_PASSWORD,
    TESSERA_TOKEN_FAILURES_PER_MINUTE: '1000000000',
    ...extra,
  };
}

export const CONSOLE_USER = 'bench-console';

/** A user with a realistic five tokens for the console figures: the seeded users have more than the policy allows. */
export async function ensureConsoleUser(store: Store): Promise<string> {
  if (await store.users.getByUsername(CONSOLE_USER)) return CONSOLE_USER;
  const id = newId();
  const createdAt = new Date().toISOString();
  const passwordHash = await hashPassword(BENCH_PASSWORD);
  await store.users.bulkInsert([
    {
      id,
      username: CONSOLE_USER,
      displayName: 'Console bench user',
      role: 'user',
      passwordHash,
      apiTokensEnabled: true,
      createdAt,
    },
  ]);
  await store.authTokens.bulkInsert(
    Array.from({ length: 5 }, (_, i) => {
      const token = generateToken();
      return {
        id: newId(),
        userId: id,
        name: null,
        description: `console bench token ${i + 1}`,
        hint: tokenHint(token),
        digest: digestToken(token),
        createdAt,
        createdBy: id,
        expiresAt: null,
      };
    }),
  );
  return CONSOLE_USER;
}
