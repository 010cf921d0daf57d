import type { components } from '../../../lib/api-types';

type Schemas = components['schemas'];

/** Issue 19 (H2's revocations): until the merge regenerates the schema, `revoked` and `revocation` are added here. */
export type AuthToken = Omit<Schemas['AuthToken'], 'status'> & {
  status: Schemas['AuthToken']['status'] | 'revoked';
  revocation?: { kind: 'administrator' | 'inactive'; reason: string } | null;
};
/** Only the create and regenerate answers have this shape; it must never reach the query cache. */
export type NewAuthToken = Schemas['NewAuthToken'];
export type TokenPolicy = Schemas['TokenPolicy'];
export type AuthTokenList = Schemas['AuthTokenList'];
/** Request bodies, as the server validates them. */
export type CreateAuthTokenBody = Schemas['CreateAuthToken'];
export type UpdateAuthTokenBody = Schemas['UpdateAuthToken'];
