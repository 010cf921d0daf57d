import { createHash } from 'node:crypto';
import { RedisStore } from 'connect-redis';
import session from 'express-session';
import { createClient } from 'redis';
import { RedisDeadline } from './redis-deadline.js';
import type { HeldSession, UserSessionHolder } from './revocation.js';

export type RedisClient = ReturnType<typeof createClient>;

const digest = (sid: string) => createHash('sha256').update(sid).digest('hex');

type Callback = (err?: unknown, value?: unknown) => void;
const settle = (p: Promise<unknown>, cb: Callback | undefined) =>
  p.then(
    (v) => cb?.(null, v),
    (e: unknown) => cb?.(e),
  );

/**
 * Browser sessions in Redis (connect-redis), shared by every replica. Keys are SHA-256 digests of the session id,
 * as in the database store, so Redis never holds a usable session id; a per-user index lets a password reset or a
 * disabled account end that user's sessions everywhere. Every call has a deadline: Redis unreachable or silent is a
 * 503 within it (redis-deadline.ts), never a request left waiting.
 */
export class RedisSessionStore extends session.Store implements UserSessionHolder {
  private readonly inner: RedisStore;
  private readonly prefix: string;
  private readonly deadline: RedisDeadline;

  constructor(
    private readonly client: RedisClient,
    opts: { prefix?: string; deadline?: RedisDeadline } = {},
  ) {
    super();
    this.prefix = opts.prefix ?? 'tessera:sess:';
    this.inner = new RedisStore({ client, prefix: this.prefix });
    this.deadline = opts.deadline ?? new RedisDeadline(client, 2000);
  }

  private userKey(userId: string) {
    return `${this.prefix}user:${userId}`;
  }

  private ttlMs(sess: session.SessionData) {
    const expires = sess.cookie?.expires ? new Date(sess.cookie.expires).getTime() : NaN;
    return Number.isFinite(expires) ? Math.max(1000, expires - Date.now()) : 86_400_000;
  }

  /** Keeps the user's index alive as long as the session written last, which (same idle timeout) outlives the rest. */
  private async index(sidDigest: string, sess: session.SessionData) {
    if (!sess.userId) return;
    const key = this.userKey(sess.userId);
    await this.client.multi().sAdd(key, sidDigest).pExpire(key, this.ttlMs(sess)).exec();
  }

  override get(sid: string, cb: (err: unknown, session?: session.SessionData | null) => void) {
    void settle(this.deadline.run(this.inner.get(digest(sid))), cb as Callback);
  }

  override set(sid: string, sess: session.SessionData, cb?: (err?: unknown) => void) {
    const d = digest(sid);
    void settle(
      this.deadline.run(this.inner.set(d, sess).then(() => this.index(d, sess))),
      cb && ((err) => cb(err ?? undefined)),
    );
  }

  override touch(sid: string, sess: session.SessionData, cb?: (err?: unknown) => void) {
    const d = digest(sid);
    void settle(
      this.deadline.run(this.inner.touch(d, sess).then(() => this.index(d, sess))),
      cb && ((err) => cb(err ?? undefined)),
    );
  }

  override destroy(sid: string, cb?: (err?: unknown) => void) {
    void settle(this.deadline.run(this.inner.destroy(digest(sid))), cb && ((err) => cb(err ?? undefined)));
  }

  /** The user's live sessions from the per-user index; members whose session has expired are dropped from it. */
  sessionsOfUser(userId: string): Promise<HeldSession[]> {
    return this.deadline.run(this.heldSessions(userId));
  }

  private async heldSessions(userId: string): Promise<HeldSession[]> {
    const key = this.userKey(userId);
    const digests = await this.client.sMembers(key);
    const held: HeldSession[] = [];
    const stale: string[] = [];
    for (const d of digests) {
      const data = (await this.inner.get(d)) as Partial<session.SessionData> | null | undefined;
      if (data) held.push({ key: d, data });
      else stale.push(d);
    }
    if (stale.length > 0) await this.client.sRem(key, stale);
    return held;
  }

  /** Ends one session by its key (the digest of its id); its user's index forgets it on the next listing. */
  async destroySession(key: string): Promise<void> {
    await this.deadline.run(this.inner.destroy(key));
  }

  /** Ends every session of one user, on every replica at once. */
  destroySessionsOfUser(userId: string): Promise<void> {
    const key = this.userKey(userId);
    return this.deadline
      .run(this.client.sMembers(key).then((digests) => this.client.del([...digests.map((d) => this.prefix + d), key])))
      .then(() => undefined);
  }
}

/**
 * Connects to Redis; commands fail fast while it is unreachable instead of queueing behind a request (no offline
 * queue), and a connection attempt gives up after `connectTimeoutMs` (then the client tries again, backing off).
 */
export async function connectRedis(
  url: string,
  onError: (err: Error) => void,
  opts: { connectTimeoutMs?: number } = {},
): Promise<RedisClient> {
  const client = createClient({
    url,
    disableOfflineQueue: true,
    socket: { connectTimeout: opts.connectTimeoutMs ?? 5000 },
  });
  client.on('error', onError);
  await client.connect();
  return client;
}
