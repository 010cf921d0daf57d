import type { components } from '../../../lib/api-types';

export type SessionUser = components['schemas']['User'];
export type Session = components['schemas']['Session'];
