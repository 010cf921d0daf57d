import type { SessionRepository } from '../store/store.js';

/** Ends every browser session of a user, wherever sessions are kept. */
export interface SessionRevocation {
  revokeAllOf(userId: string): Promise<void>;
}

/** Something that holds sessions and can drop one user's: the sessions table, or the Redis session store. */
export interface UserSessionHolder {
  destroySessionsOfUser(userId: string): Promise<void>;
}

/**
 * Sessions live in the database, and also in Redis when REDIS_URL is set: a disabled account or a password reset
 * must end them in both (the database may hold sessions from before Redis was configured).
 */
export class SessionRevoker implements SessionRevocation {
  private readonly holders: UserSessionHolder[];

  constructor(sessions: SessionRepository, ...others: UserSessionHolder[]) {
    this.holders = [{ destroySessionsOfUser: (userId) => sessions.destroyAllOfUser(userId) }, ...others];
  }

  async revokeAllOf(userId: string): Promise<void> {
    for (const holder of this.holders) await holder.destroySessionsOfUser(userId);
  }
}
