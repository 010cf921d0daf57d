import type { components } from '../../../lib/api-types';

export type ActivityEvent = components['schemas']['ActivityEvent'];
export type ActivityPage = components['schemas']['ActivityPage'];

/** What the activity list can be narrowed by; empty strings mean "any". */
export interface ActivityFilters {
  user: string;
  action: string;
  since: string; // YYYY-MM-DD
  until: string; // YYYY-MM-DD, inclusive
}

/** Whose activity: one user's (an id or `me`), or the whole organisation's. */
export type ActivityScope = { kind: 'user'; userId: string } | { kind: 'organisation' };
