import type { components } from '../../../lib/api-types';

export type ActivityEvent = components['schemas']['ActivityEvent'];
export type ActivityPage = components['schemas']['ActivityPage'];

/** Every action the server records (its services' audit calls); the OpenAPI document's own enum replaces this. */
export type ActivityAction =
  | 'session.sign_in'
  | 'session.sign_out'
  | 'user.create'
  | 'user.update'
  | 'user.unlock'
  | 'auth_token.create'
  | 'auth_token.update'
  | 'auth_token.regenerate'
  | 'auth_token.delete'
  | 'auth_token.use'
  | 'oauth2_client.create'
  | 'oauth2_client.update'
  | 'oauth2_client.reset_secret'
  | 'oauth2_client.delete'
  | 'oauth2_client.authenticate'
  | 'oauth2_client.token'
  | 'oauth2_token.revoke'
  | 'oauth2_keys.rotate'
  | 'keystone.token.issue'
  | 'keystone.token.revoke';

/** What the activity list can be narrowed by; empty strings mean "any". */
export interface ActivityFilters {
  user: string;
  action: ActivityAction | '';
  since: string; // YYYY-MM-DD
  until: string; // YYYY-MM-DD, inclusive
}

/** Whose activity: one user's (an id or `me`), or the whole organisation's. */
export type ActivityScope = { kind: 'user'; userId: string } | { kind: 'organisation' };
