import type { components } from '../../../lib/api-types';

type Schemas = components['schemas'];

export type ApplicationCredential = Schemas['ApplicationCredential'];
/** Only the create answer has this shape; it must never reach the query cache. */
export type NewApplicationCredential = Schemas['NewApplicationCredential'];
export type ApplicationCredentialList = Schemas['ApplicationCredentialList'];
export type ProjectRole = ApplicationCredential['roles'][number];
/** The request body, as the server validates it. */
export type CreateApplicationCredentialBody = Schemas['CreateApplicationCredential'];
