export interface ActivityEvent {
  id: string;
  at: string;
  action: string;
  outcome: 'success' | 'failure';
  actor: { id: string | null; username: string | null };
  target: { id: string; username: string | null } | null;
  tokenId: string | null;
  ip: string | null;
  userAgent: string | null;
  details: Record<string, unknown> | null;
}

export interface ActivityPage {
  items: ActivityEvent[];
  nextCursor: string | null;
}

/** What the activity list can be narrowed by; empty strings mean "any". */
export interface ActivityFilters {
  user: string;
  action: string;
  since: string; // YYYY-MM-DD
  until: string; // YYYY-MM-DD, inclusive
}

/** Whose activity: one user's (an id or `me`), or the whole organisation's. */
export type ActivityScope = { kind: 'user'; userId: string } | { kind: 'organisation' };
