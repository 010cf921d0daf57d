import type { components } from '../../../lib/api-types';

type Schemas = components['schemas'];

export type OAuth2Client = Schemas['OAuth2Client'];
export type ScopePair = OAuth2Client['scopes'][number];
/** Only the create and reset-secret answers have this shape; it must never reach the query cache. */
export type NewOAuth2Client = Schemas['NewOAuth2Client'];
export type OAuth2ClientList = Schemas['OAuth2ClientList'];
/** Request bodies, as the server validates them. */
export type CreateOAuth2ClientBody = Schemas['CreateOAuth2Client'];
export type UpdateOAuth2ClientBody = Schemas['UpdateOAuth2Client'];
/** `GET …/{id}/clients`: the credential's recent clients, newest first. */
export type RecentClientList = Schemas['CredentialClientList'];
