import type { components } from '../../../lib/api-types';

export type ServiceAccount = components['schemas']['ServiceAccount'];
export type ServiceAccountPage = components['schemas']['ServiceAccountPage'];
export type CreateServiceAccountBody = components['schemas']['CreateServiceAccount'];
export type UpdateServiceAccountBody = components['schemas']['UpdateServiceAccount'];
/** A person who may own a service account, as the owner choice lists them. */
export type Person = Pick<components['schemas']['User'], 'id' | 'username' | 'displayName'>;
/** A page of the people search, as `GET /api/users` answers. */
export type PersonPage = components['schemas']['UserPage'];
