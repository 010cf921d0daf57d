import fs from 'node:fs';
import path from 'node:path';
import { hashPassword } from '../../server/src/lib/passwords.js';
import { newId } from '../../server/src/lib/ids.js';
import { digestToken, generateToken, tokenHint } from '../../server/src/lib/token-format.js';
import { normaliseNetwork } from '../../server/src/security/networks.js';
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

/** The scoped scenario's tokens (issue 18): three scopes and ten networks each, beside the plain seed. */
export interface ScopedSample {
  /** The load's tokens: each holds profile:read (what GET /api/whoami needs) and allows 127.0.0.1. */
  sample: SampleToken[];
  /** The scopes and one of the lists they were seeded with, for the report. */
  scopes: string[];
  networks: string[];
  /** A token with the same list but without profile:read: the run checks it is refused with 403 before loading. */
  withoutScope: string;
}

export const SCOPED_SCOPES = ['profile:read', 'tokens:read', 'activity:read'];

/**
 * Ten ranges, mixed IPv4 and IPv6, normalised as the API stores them; the load generator's 127.0.0.1/32 comes last,
 * so the match walks every range before it. Nine of them vary with the owner over 100 groups (teams with their own
 * offices): 100 distinct lists, each compiled once (security/networks.ts allowListOf), as a deployment would have.
 */
export function scopedNetworks(group: number): string[] {
  const g = group % 100;
  return [
    `10.${g}.0.0/16`,
    `192.168.${g}.0/24`,
    '172.16.0.0/12',
    `198.51.100.${g}/32`,
    '203.0.113.0/24',
    `2001:db8:${g.toString(16)}::/48`,
    'fd00::/8',
    `2001:db8:ffff:${g.toString(16)}::/64`,
    '::1/128',
    '127.0.0.1/32',
  ].map((n) => normaliseNetwork(n)!);
}

/**
 * Adds the scoped scenario's tokens to a seeded store once (through the same bulkInsert, spread over the seeded
 * users), remembered in `scoped.json` beside `seed.json`: a data directory seeded before the scenario existed gets
 * them on its next run instead of a reseed of a million tokens.
 */
export function readScopedSample(cacheDir: string): ScopedSample | undefined {
  try {
    return JSON.parse(fs.readFileSync(path.join(cacheDir, 'scoped.json'), 'utf8')) as ScopedSample;
  } catch {
    return undefined;
  }
}

export async function ensureScopedSample(
  store: Store,
  cacheDir: string,
  size: { users: number; sample: number },
): Promise<ScopedSample> {
  const existing = readScopedSample(cacheDir);
  if (existing) return existing;
  const createdAt = new Date().toISOString();
  const owners = Math.min(size.users, size.sample);
  const ownerOf: { id: string; username: string }[] = [];
  for (let u = 0; u < owners; u++) {
    const username = `bench${String(u).padStart(6, '0')}`;
    const user = await store.users.getByUsername(username);
    if (!user) throw new Error(`the seeded user ${username} is missing`);
    ownerOf.push({ id: user.id, username });
  }
  const batch: NewAuthToken[] = [];
  const sample: SampleToken[] = [];
  const add = (i: number, scopes: string[]) => {
    const token = generateToken();
    const owner = ownerOf[i % owners]!;
    batch.push({
      id: newId(),
      userId: owner.id,
      name: null,
      description: `bench scoped token ${i}`,
      hint: tokenHint(token),
      digest: digestToken(token),
      createdAt,
      createdBy: owner.id,
      expiresAt: null,
      scopes,
      allowedNetworks: scopedNetworks(i % owners),
    });
    return { username: owner.username, token };
  };
  for (let i = 0; i < size.sample; i++) sample.push(add(i, SCOPED_SCOPES));
  const withoutScope = add(size.sample, ['tokens:read', 'activity:read']).token;
  await store.authTokens.bulkInsert(batch);
  const scoped: ScopedSample = { sample, scopes: SCOPED_SCOPES, networks: scopedNetworks(0), withoutScope };
  fs.writeFileSync(path.join(cacheDir, 'scoped.json'), JSON.stringify(scoped));
  return scoped;
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

export const BENCH_ADMIN = 'bench-admin';

/**
 * The benchmark's administrator (the inventory's reader, the bulk revoke's caller): the seed makes its users before any
 * server starts, so the server's own first administrator (made only in an empty store) never exists there. Added
 * when missing, reused when present: a data directory may already hold it (a copy of a seed an older run added it to).
 */
export async function ensureBenchAdmin(store: Store): Promise<string> {
  if (await store.users.getByUsername(BENCH_ADMIN)) return BENCH_ADMIN;
  await store.users.bulkInsert([
    {
      id: newId(),
      username: BENCH_ADMIN,
      displayName: 'Bench administrator',
      role: 'admin',
      passwordHash: await hashPassword(BENCH_PASSWORD),
      apiTokensEnabled: true,
      createdAt: new Date().toISOString(),
    },
  ]);
  return BENCH_ADMIN;
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
