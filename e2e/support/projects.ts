import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import path from 'node:path';

// Issue 21: projects and role assignments have no console or API route in every build yet, so a spec arranges them in
// the suite's own server's store: its SQLite file in TESSERA_E2E_DATA_DIR, opened with the server's own driver (WAL
// mode: the running server sees the rows on its next read; projects are never cached).

export interface ArrangedProject {
  id: string;
  name: string;
}

interface Statement {
  run(...params: unknown[]): unknown;
}
interface SqliteDatabase {
  prepare(sql: string): Statement;
  pragma(pragma: string): unknown;
  transaction(fn: () => void): () => void;
  close(): void;
}

/** Whether this run owns its server's store (not so against E2E_BASE_URL). */
export const ownsStore = (): boolean => !process.env.E2E_BASE_URL && Boolean(process.env.TESSERA_E2E_DATA_DIR);

/** Creates projects named `names` with `userId` a member of each; returns them with their ids. */
export function arrangeProjects(userId: string, names: string[]): ArrangedProject[] {
  const dir = process.env.TESSERA_E2E_DATA_DIR;
  if (!ownsStore() || !dir) throw new Error('Projects are arranged only in the suite’s own server’s store.');
  const require = createRequire(new URL('../../server/package.json', import.meta.url));
  const Database = require('better-sqlite3') as new (file: string) => SqliteDatabase;
  const db = new Database(path.join(dir, 'tessera.sqlite'));
  try {
    db.pragma('busy_timeout = 5000');
    const now = new Date().toISOString();
    const project = db.prepare(
      `insert into projects (id, domain_id, name, name_key, description, enabled, created_at, created_by, updated_at)
       values (?, 'default', ?, ?, '', 1, ?, null, ?)`,
    );
    const member = db.prepare(
      `insert into project_members (project_id, user_id, role, created_at, created_by) values (?, ?, 'member', ?, null)`,
    );
    const made = names.map((name) => ({ id: randomUUID().replace(/-/g, ''), name }));
    db.transaction(() => {
      for (const p of made) {
        project.run(p.id, p.name, p.name.toLowerCase(), now, now);
        member.run(p.id, userId, now);
      }
    })();
    return made;
  } finally {
    db.close();
  }
}
