import path from 'node:path';
import Database from 'better-sqlite3';

/**
 * Makes every console session of `username` look authenticated an hour ago, in the suite's own server's SQLite
 * database, so the next sensitive change asks "Confirm it's you" without waiting out TESSERA_REAUTH_MINUTES.
 * Returns false against E2E_BASE_URL (no database to reach): the caller skips.
 */
export function ageSessionAuthentication(username: string, minutesAgo = 60): boolean {
  const dir = process.env.TESSERA_E2E_DATA_DIR;
  if (process.env.E2E_BASE_URL || !dir) return false;
  const db = new Database(path.join(dir, 'tessera.sqlite'));
  try {
    db.pragma('busy_timeout = 5000');
    const at = Date.now() - minutesAgo * 60_000;
    db.prepare(
      `UPDATE sessions SET data = json_set(data, '$.authenticatedAt', ?)
       WHERE user_id = (SELECT id FROM users WHERE username = ?)`,
    ).run(at, username);
    return true;
  } finally {
    db.close();
  }
}
