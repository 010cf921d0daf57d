import path from 'node:path';
import { createHash } from 'node:crypto';
import SqliteDatabase from 'better-sqlite3';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { quoteIdent } from '../store/postgres.js';
import * as fault from '../test-support/fault-server.js';
import { dropSchema, newTestSchema } from '../test-support/postgres-opener.js';

const ROUNDS = fault.faultRounds();
/** Tokens made before each round's burst: half are deleted, half regenerated, all at once. */
const TOKENS = 60;
const PORT = 3716;
const { databaseUrl } = fault;

const digest = (secret: string) => createHash('sha256').update(secret).digest('hex');

/** What a killed server left: each token's digest, and the tokens with a delete or regenerate audit row. */
interface Disk {
  digests: Map<string, string>;
  deleted: Set<string>;
  regenerated: Set<string>;
}
const TOKENS_SQL = 'select id, digest from auth_tokens';
const AUDIT_SQL =
  "select token_id, action from audit_events where action in ('auth_token.delete', 'auth_token.regenerate')";

function fromRows(tokens: { id: string; digest: string }[], audit: { token_id: string; action: string }[]): Disk {
  const of = (action: string) => new Set(audit.filter((a) => a.action === action).map((a) => a.token_id));
  return {
    digests: new Map(tokens.map((t) => [t.id, t.digest])),
    deleted: of('auth_token.delete'),
    regenerated: of('auth_token.regenerate'),
  };
}

interface Backend {
  name: string;
  skip: boolean;
  rounds: number;
  /** The server's environment for this backend (beside `dataDir`), made once per test. */
  open(dataDir: string): Promise<{ env: Record<string, string>; inspect(): Promise<Disk>; close(): Promise<void> }>;
}

const backends: Backend[] = [
  {
    name: 'SQLite',
    skip: false,
    // Half the rounds: SQLite's one writer commits one change at a time, and sigkill.test.ts kills it 10 times more.
    rounds: Math.ceil(ROUNDS / 2),
    open: async (dataDir) => {
      return {
        env: {},
        inspect: async () => {
          const db = new SqliteDatabase(path.join(dataDir, 'tessera.sqlite'));
          try {
            expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
            return fromRows(db.prepare(TOKENS_SQL).all() as never, db.prepare(AUDIT_SQL).all() as never);
          } finally {
            db.close();
          }
        },
        close: async () => {},
      };
    },
  },
  {
    name: 'PostgreSQL',
    skip: !databaseUrl,
    rounds: ROUNDS,
    open: async () => {
      const schema = newTestSchema();
      const inSchema = (q: string) => q.replace(/from (\w+)/, (_, t: string) => `from ${quoteIdent(schema)}.${t}`);
      return {
        env: { DATABASE_URL: databaseUrl!, TESSERA_PG_SCHEMA: schema },
        inspect: async () => {
          const client = new pg.Client({ connectionString: databaseUrl });
          await client.connect();
          try {
            const tokens = await client.query<{ id: string; digest: string }>(inSchema(TOKENS_SQL));
            const audit = await client.query<{ token_id: string; action: string }>(inSchema(AUDIT_SQL));
            return fromRows(tokens.rows, audit.rows);
          } finally {
            await client.end();
          }
        },
        close: () => dropSchema(databaseUrl!, schema),
      };
    },
  },
];

type Outcome = 'acknowledged' | 'refused' | 'in-flight';

describe.skipIf(!fault.serverBuilt()).each(backends)(
  'SIGKILL in a burst of deletes and regenerates on $name',
  (backend) => {
    const rounds = backend.rounds;
    const cleanups: (() => Promise<void>)[] = [];
    let server: fault.RunningServer | undefined;
    afterAll(async () => {
      server?.child.kill('SIGKILL');
      for (const c of cleanups.splice(0)) await c();
    });

    it.skipIf(backend.skip)(
      `leaves no change without its audit row and no audit row without its change, ${rounds} rounds`,
      async () => {
        const dataDir = fault.tempDataDir('tessera-fault-changes-');
        cleanups.push(async () => fault.removeDir(dataDir));
        const opened = await backend.open(dataDir);
        cleanups.push(opened.close);
        const env = { TESSERA_MAX_TOKENS_PER_USER: '1000', ...opened.env };
        const started = Date.now();
        const summary: string[] = [];
        for (let round = 0; round < rounds; round++) {
          server = await fault.startOnFreePort(dataDir, PORT, env);
          const running = server;
          const driver = await fault.signedInAdmin(running.url, `driver-${round}`);
          const auth = { Authorization: `Bearer ${driver.token}` };
          const made: { id: string; token: string }[] = [];
          for (let i = 0; i < TOKENS; i += 20)
            made.push(
              ...(await Promise.all(
                Array.from({ length: 20 }, async (_, j) => {
                  const res = await fetch(`${running.url}/api/users/me/auth-tokens`, {
                    method: 'POST',
                    headers: { ...auth, 'Content-Type': 'application/json' },
                    body: JSON.stringify({ description: `round-${round}-${i + j}` }),
                  });
                  expect(res.status).toBe(201);
                  return (await res.json()) as { id: string; token: string };
                }),
              )),
            );

          // Kill after a different number of acknowledgements each round: early, middle and late in the burst.
          const killAfter = 3 + ((round * 7) % 10) * 5;
          const outcomes: Outcome[] = made.map(() => 'in-flight');
          const newSecrets = new Map<string, string>();
          let acked = 0;
          const burst = made.map(async (t, i) => {
            const regenerate = i % 2 === 1;
            try {
              const res = await fetch(
                `${running.url}/api/users/me/auth-tokens/${t.id}${regenerate ? '/regenerate' : ''}`,
                { method: regenerate ? 'POST' : 'DELETE', headers: auth },
              );
              const body = regenerate ? ((await res.json()) as { token?: string }) : await res.text();
              if (res.status === (regenerate ? 200 : 204)) {
                outcomes[i] = 'acknowledged';
                if (regenerate) newSecrets.set(t.id, (body as { token: string }).token);
                if (++acked === killAfter) running.child.kill('SIGKILL');
              } else outcomes[i] = 'refused';
            } catch {
              outcomes[i] = 'in-flight';
            }
          });
          await Promise.all(burst);
          expect((await running.exited).signal).toBe('SIGKILL');
          server = undefined;
          expect(outcomes.filter((o) => o === 'refused')).toEqual([]);

          // Each token: unchanged and unaudited, or changed and audited; an acknowledged change is there.
          const disk = await opened.inspect();
          let committedInFlight = 0;
          made.forEach((t, i) => {
            const regenerate = i % 2 === 1;
            const now = disk.digests.get(t.id);
            const audited = (regenerate ? disk.regenerated : disk.deleted).has(t.id);
            const changed = regenerate ? now !== undefined && now !== digest(t.token) : now === undefined;
            const label = `${regenerate ? 'regenerate' : 'delete'} of round-${round}-${i} (${outcomes[i]})`;
            if (!changed) expect(now, `${label}: the token is whole`).toBe(digest(t.token));
            expect(audited, `${label}: audit row iff the change committed`).toBe(changed);
            expect((regenerate ? disk.deleted : disk.regenerated).has(t.id), `${label}: the other change`).toBe(false);
            if (outcomes[i] === 'acknowledged') {
              expect(changed, `${label}: acknowledged, so committed`).toBe(true);
              if (regenerate) expect(now).toBe(digest(newSecrets.get(t.id)!));
            } else if (changed) committedInFlight++;
          });
          const inFlight = outcomes.filter((o) => o === 'in-flight').length;
          summary.push(
            `round ${round + 1}: ${acked} acknowledged, ${inFlight} in flight at the kill, ${committedInFlight} of those committed, every one audited`,
          );
        }
        console.log(
          `SIGKILL fault test on ${backend.name}, ${rounds} rounds of ${TOKENS} deletes and regenerates ` +
            `(${Math.round((Date.now() - started) / 1000)} s):\n  ${summary.join('\n  ')}`,
        );
      },
      600_000,
    );
  },
);
