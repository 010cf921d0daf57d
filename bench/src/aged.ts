import fs from 'node:fs';
import path from 'node:path';
import { newId } from '../../server/src/lib/ids.js';
import { digestToken, generateToken, tokenHint } from '../../server/src/lib/token-format.js';
import type { NewAuthToken, NewUser } from '../../server/src/store/store.js';
import type { KyselyStore } from '../../server/src/store/kysely-store.js';
import { createSqliteStore } from '../../server/src/store/sqlite.js';
import { cacheRoot, repo, type BenchSettings } from './config.js';
import { startServer, type ServerProcess } from './proc.js';
import { ensureBenchAdmin, seededServerEnv } from './seed.js';

// Issue 19's aged tokens, beside the seed's (which were all made when it was seeded, never expire, and only the load's
// sample is ever used): what the inventory's age filters find and what the bulk revoke revokes. `count` tokens, all
// made 200 days ago and none used in the last 90 days (so "unused for 90 days" matches every one, and no seeded one):
//   - half never used, half last used 91 to 199 days ago (auth_token_usage, as the server records a use);
//   - a fifth expired 20 days ago (180 days after creation), a fifth expiring in 165 days, the rest never;
//   - nine in ten owned by 1,000 users of their own, one in ten by the first 1,000 seeded users (ten each), so an
//     owner's inventory (`owner=bench000042&unusedForDays=90`) mixes the seed's fresh tokens with aged ones.
// Their description starts with AGED_DESCRIPTION and their owners' names with AGED_USER_PREFIX: removeAgedTokens
// finds them by that.

export const AGED_USERS = 1_000;
export const AGED_USER_PREFIX = 'bench-stale';
export const AGED_DESCRIPTION = 'stale bench token';
const DAY_MS = 86_400_000;
const BATCH = 50_000;

/** What addAgedTokens made, for the report. */
export interface AgedShape {
  count: number;
  neverUsed: number;
  expired: number;
  ofSeededUsers: number;
}

/** Adds the aged tokens and their users to a seeded store (through bulkInsert; last uses by insert). */
export async function addAgedTokens(
  store: KyselyStore,
  count: number,
  seededUsers: number,
  now = Date.now(),
): Promise<AgedShape> {
  const at = (daysAgo: number) => new Date(now - daysAgo * DAY_MS).toISOString();
  const createdAt = at(200);
  const users: NewUser[] = Array.from({ length: AGED_USERS }, (_, u) => ({
    id: newId(),
    username: `${AGED_USER_PREFIX}${String(u).padStart(5, '0')}`,
    displayName: `Stale user ${u}`,
    role: 'user' as const,
    passwordHash: 'not-a-password-hash',
    apiTokensEnabled: true,
    createdAt,
  }));
  await store.users.bulkInsert(users);
  const seeded: string[] = [];
  for (let u = 0; u < Math.min(AGED_USERS, seededUsers); u++) {
    const user = await store.users.getByUsername(`bench${String(u).padStart(6, '0')}`);
    if (!user) throw new Error(`the seeded user bench${String(u).padStart(6, '0')} is missing`);
    seeded.push(user.id);
  }
  const shape: AgedShape = { count, neverUsed: 0, expired: 0, ofSeededUsers: 0 };
  let own = 0;
  for (let start = 0; start < count; start += BATCH) {
    const tokens: NewAuthToken[] = [];
    const uses: { token_id: string; last_used_at: string; last_used_ip: string }[] = [];
    for (let i = start; i < Math.min(count, start + BATCH); i++) {
      const token = generateToken();
      const toSeeded = i % 10 === 9 && seeded.length > 0;
      const owner = toSeeded ? seeded[Math.floor(i / 10) % seeded.length]! : users[own++ % AGED_USERS]!.id;
      const expiresAt = i % 5 === 0 ? at(20) : i % 5 === 1 ? at(-165) : null;
      const id = newId();
      tokens.push({
        id,
        userId: owner,
        name: null,
        description: `${AGED_DESCRIPTION} ${i}`,
        hint: tokenHint(token),
        digest: digestToken(token),
        createdAt,
        createdBy: owner,
        expiresAt,
      });
      if (i % 2 === 1)
        uses.push({ token_id: id, last_used_at: at(91 + ((i * 7919) % 109)), last_used_ip: '192.0.2.1' });
      else shape.neverUsed++;
      if (i % 5 === 0) shape.expired++;
      if (toSeeded) shape.ofSeededUsers++;
    }
    await store.authTokens.bulkInsert(tokens);
    // 3 values a row: within SQLite's 32,766 bound parameters.
    for (let u = 0; u < uses.length; u += 5_000)
      await store.db
        .insertInto('auth_token_usage')
        .values(uses.slice(u, u + 5_000))
        .execute();
  }
  return shape;
}

/** Removes what addAgedTokens added (their last uses go with them: on delete cascade). */
export async function removeAgedTokens(store: KyselyStore): Promise<void> {
  await store.db.deleteFrom('auth_tokens').where('description', 'like', `${AGED_DESCRIPTION} %`).execute();
  await store.db.deleteFrom('users').where('username', 'like', `${AGED_USER_PREFIX}%`).execute();
}

/**
 * A copy of the seeded SQLite data directory with the aged tokens and the bench administrator: the inventory step
 * and the bulk revoke run on it, so the cached seed stays as it was made (whatever ran on it before, in any order).
 */
export async function agedWorkingCopy(
  dataDir: string,
  count: number,
  seededUsers: number,
): Promise<{ work: string; shape: AgedShape }> {
  const work = path.join(cacheRoot, 'aged-work');
  fs.rmSync(work, { recursive: true, force: true });
  fs.cpSync(dataDir, work, { recursive: true });
  const store = await createSqliteStore(work);
  try {
    const shape = await addAgedTokens(store, count, seededUsers);
    await ensureBenchAdmin(store);
    return { work, shape };
  } finally {
    await store.close();
  }
}

export const agedDescription = (s: AgedShape) =>
  `${s.count.toLocaleString('en')} tokens made 200 days ago and unused for 90 (${s.neverUsed.toLocaleString('en')} ` +
  `never used, ${s.expired.toLocaleString('en')} expired, ${s.ofSeededUsers.toLocaleString('en')} of seeded users)`;

/** A Tessera server as shipped on a working copy (agedWorkingCopy), on the settings' tenth port. */
export function startWorkServer(cfg: BenchSettings, work: string, logDir: string): Promise<ServerProcess> {
  return startServer({
    name: 'tessera-aged',
    args: [path.join(repo, 'server/dist/main.js')],
    port: cfg.portBase + 9,
    readyPath: '/api/health',
    logFile: path.join(logDir, 'tessera-aged.log'),
    env: seededServerEnv(work),
  });
}
