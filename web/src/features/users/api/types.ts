import type { components } from '../../../lib/api-types';

export type User = components['schemas']['User'];
export type Role = User['role'];
export type UserPage = components['schemas']['UserPage'];
