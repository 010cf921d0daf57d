import type session from 'express-session';
import type { SessionRepository } from '../store/store.js';

/** Ends every browser session of a user, wherever sessions are kept. */
export interface SessionRevocation {
  /** Ends the user's sessions; `exceptHandle` keeps one (the caller's own, after changing their own password). */
  revokeAllOf(userId: string, exceptHandle?: string): Promise<void>;
}

/** One browser session as its owner sees it: `handle` is an opaque random id, never the cookie's session id. */
export interface SessionInfo {
  handle: string;
  createdAt: number;
  lastSeenAt: number;
  ip: string | null;
  userAgent: string | null;
}

/** Lists and ends one user's sessions by handle, wherever sessions are kept (the database, Redis). */
export interface SessionDirectory {
  listOf(userId: string): Promise<SessionInfo[]>;
  /** Ends the user's session with this handle; false when the user has none such. */
  revoke(userId: string, handle: string): Promise<boolean>;
  /** Ends all the user's sessions but the one with `exceptHandle`; how many ended. */
  revokeOthers(userId: string, exceptHandle: string | undefined): Promise<number>;
}

/** A session as a holder keeps it: its key there (a digest of the session id) and its data. */
export interface HeldSession {
  key: string;
  data: Partial<session.SessionData>;
}

/** Something that holds sessions and can drop one user's: the sessions table, or the Redis session store. */
export interface UserSessionHolder {
  destroySessionsOfUser(userId: string): Promise<void>;
  sessionsOfUser(userId: string): Promise<HeldSession[]>;
  destroySession(key: string): Promise<void>;
}

const parse = (data: string): Partial<session.SessionData> => {
  try {
    return JSON.parse(data) as Partial<session.SessionData>;
  } catch {
    return {};
  }
};

/** The sessions table as a holder. */
export const databaseSessionHolder = (sessions: SessionRepository): UserSessionHolder => ({
  destroySessionsOfUser: (userId) => sessions.destroyAllOfUser(userId),
  sessionsOfUser: async (userId) =>
    (await sessions.listOfUser(userId, new Date().toISOString())).map((r) => ({
      key: r.sidDigest,
      data: parse(r.data),
    })),
  destroySession: (key) => sessions.destroy(key),
});

/**
 * Sessions live in the database, and also in Redis when REDIS_URL is set: a disabled account or a password reset
 * must end them in both (the database may hold sessions from before Redis was configured).
 */
export class SessionRevoker implements SessionRevocation, SessionDirectory {
  private readonly holders: UserSessionHolder[];

  constructor(sessions: SessionRepository, ...others: UserSessionHolder[]) {
    this.holders = [databaseSessionHolder(sessions), ...others];
  }

  async revokeAllOf(userId: string, exceptHandle?: string): Promise<void> {
    if (exceptHandle === undefined) {
      for (const holder of this.holders) await holder.destroySessionsOfUser(userId);
      return;
    }
    await this.revokeOthers(userId, exceptHandle);
  }

  private async held(userId: string): Promise<{ holder: UserSessionHolder; session: HeldSession }[]> {
    const all = [];
    for (const holder of this.holders)
      for (const session of await holder.sessionsOfUser(userId))
        // A session that is not (or no longer) this user's is not listed: the index may be stale.
        if (session.data.userId === userId) all.push({ holder, session });
    return all;
  }

  async listOf(userId: string): Promise<SessionInfo[]> {
    return (await this.held(userId))
      .filter(({ session }) => typeof session.data.handle === 'string')
      .map(({ session: { data } }) => ({
        handle: data.handle!,
        createdAt: data.createdAt ?? 0,
        lastSeenAt: data.lastSeenAt ?? data.authenticatedAt ?? data.createdAt ?? 0,
        ip: data.ip ?? null,
        userAgent: data.userAgent ?? null,
      }))
      .sort((a, b) => b.lastSeenAt - a.lastSeenAt);
  }

  async revoke(userId: string, handle: string): Promise<boolean> {
    let found = false;
    for (const { holder, session } of await this.held(userId))
      if (session.data.handle === handle) {
        await holder.destroySession(session.key);
        found = true;
      }
    return found;
  }

  async revokeOthers(userId: string, exceptHandle: string | undefined): Promise<number> {
    let n = 0;
    for (const { holder, session } of await this.held(userId))
      if (exceptHandle === undefined || session.data.handle !== exceptHandle) {
        await holder.destroySession(session.key);
        n++;
      }
    return n;
  }
}
