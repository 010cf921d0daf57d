import type { components } from '../../../lib/api-types';

type Schemas = components['schemas'];

export type AuthToken = Schemas['AuthToken'];
/** Only the create and regenerate answers have this shape; it must never reach the query cache. */
export type NewAuthToken = Schemas['NewAuthToken'];
export type TokenPolicy = Schemas['TokenPolicy'];
export type AuthTokenList = Schemas['AuthTokenList'];
/** Request bodies, as the server validates them. */
export type CreateAuthTokenBody = Schemas['CreateAuthToken'];
export type UpdateAuthTokenBody = Schemas['UpdateAuthToken'];
/** `GET …/auth-tokens/{id}/clients`: newest first. TODO(hA's route): the generated schema's name replaces this. */
export interface TokenClientList {
  items: { ip: string | null; userAgent: string | null; firstSeenAt: string; lastSeenAt: string; count: number }[];
}
