import { createHash } from 'node:crypto';
import session from 'express-session';
import type { SessionRepository } from '../store/store.js';

const digest = (sid: string) => createHash('sha256').update(sid).digest('hex');

/** express-session store over the sessions table. Keys are SHA-256 digests, so the database never holds a session id. */
export class DatabaseSessionStore extends session.Store {
  constructor(
    private readonly sessions: SessionRepository,
    private readonly defaultTtlMs: number,
  ) {
    super();
  }

  private expiry(sess: session.SessionData) {
    const ms = sess.cookie?.expires ? new Date(sess.cookie.expires).getTime() : Date.now() + this.defaultTtlMs;
    return new Date(ms).toISOString();
  }

  override get(sid: string, cb: (err: unknown, session?: session.SessionData | null) => void) {
    this.sessions
      .get(digest(sid), new Date().toISOString())
      .then((s) => cb(null, s ? (JSON.parse(s.data) as session.SessionData) : null), cb);
  }

  override set(sid: string, sess: session.SessionData, cb?: (err?: unknown) => void) {
    this.sessions.set(digest(sid), sess.userId ?? null, JSON.stringify(sess), this.expiry(sess)).then(
      () => cb?.(),
      (e: unknown) => cb?.(e),
    );
  }

  override touch(sid: string, sess: session.SessionData, cb?: (err?: unknown) => void) {
    this.sessions.touch(digest(sid), this.expiry(sess)).then(
      () => cb?.(),
      (e: unknown) => cb?.(e),
    );
  }

  override destroy(sid: string, cb?: (err?: unknown) => void) {
    this.sessions.destroy(digest(sid)).then(
      () => cb?.(),
      (e: unknown) => cb?.(e),
    );
  }
}
