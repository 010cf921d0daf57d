import type { components } from '../../../lib/api-types';

export type ActivityEvent = components['schemas']['ActivityEvent'];
export type ActivityPage = components['schemas']['ActivityPage'];

/** Every action the server records: a closed enum in the OpenAPI document, so a label missing for one fails tsc. */
export type ActivityAction = components['schemas']['ActivityAction'];

/** What the activity list can be narrowed by; empty strings mean "any". */
export interface ActivityFilters {
  user: string;
  action: ActivityAction | '';
  since: string; // YYYY-MM-DD
  until: string; // YYYY-MM-DD, inclusive
}

/** Whose activity: one user's (an id or `me`; with `tokenId`, only that credential's), or the whole organisation's. */
export type ActivityScope = { kind: 'user'; userId: string; tokenId?: string } | { kind: 'organisation' };
