import path from 'node:path';
import Database from 'better-sqlite3';

/**
 * Makes tokens look created `days` ago (and never used since) in the suite's own server's SQLite database, so an
 * "unused for 90 days" filter has something to find: the API has no way to create a token in the past. Returns false
 * against E2E_BASE_URL (no database to reach): the caller skips.
 */
export function backdateTokens(ids: string[], days: number): boolean {
  const dir = process.env.TESSERA_E2E_DATA_DIR;
  if (process.env.E2E_BASE_URL || !dir) return false;
  const db = new Database(path.join(dir, 'tessera.sqlite'));
  try {
    db.pragma('busy_timeout = 5000');
    const at = new Date(Date.now() - days * 86_400_000).toISOString();
    const update = db.prepare('UPDATE auth_tokens SET created_at = ? WHERE id = ?');
    db.transaction(() => ids.forEach((id) => update.run(at, id)))();
    return true;
  } finally {
    db.close();
  }
}
