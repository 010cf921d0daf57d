import type { Store } from '../store/store.js';

/**
 * Makes every database-held session of a user look authenticated `minutesAgo` minutes ago, so step-up tests need no
 * sleeping: the next `stepUp` route from those sessions answers 401 reauthentication_required.
 */
export async function ageAuthentication(store: Store, userId: string, minutesAgo = 60): Promise<number> {
  const now = new Date().toISOString();
  const held = await store.sessions.listOfUser(userId, now);
  for (const s of held) {
    const stored = await store.sessions.get(s.sidDigest, now);
    if (!stored) continue;
    const data = JSON.parse(s.data) as Record<string, unknown>;
    data.authenticatedAt = Date.now() - minutesAgo * 60_000;
    await store.sessions.set(s.sidDigest, userId, JSON.stringify(data), stored.expiresAt);
  }
  return held.length;
}
