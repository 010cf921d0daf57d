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
/** `GET …/{id}/clients`: the credential's recent clients, newest first. */
export type TokenClientList = Schemas['CredentialClientList'];
