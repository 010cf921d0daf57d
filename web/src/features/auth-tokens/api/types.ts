import type { components } from '../../../lib/api-types';

type Schemas = components['schemas'];

/** Who made a token; `creator` comes with issue 16's server change (H1): optional here until it lands. */
export interface TokenCreator {
  id: string;
  username: string;
  displayName: string;
}
export type AuthToken = Schemas['AuthToken'] & { creator?: TokenCreator | null };
/** Only the create and regenerate answers have this shape; it must never reach the query cache. */
export type NewAuthToken = Schemas['NewAuthToken'];
export type TokenPolicy = Schemas['TokenPolicy'];
export type AuthTokenList = Schemas['AuthTokenList'];
/** Request bodies, as the server validates them. */
export type CreateAuthTokenBody = Schemas['CreateAuthToken'];
export type UpdateAuthTokenBody = Schemas['UpdateAuthToken'];
