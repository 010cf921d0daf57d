import type { components } from '../../../lib/api-types';

export type UserSession = components['schemas']['UserSession'];
export type UserSessionList = components['schemas']['UserSessionList'];
export type EndedSessions = components['schemas']['EndedSessions'];
export type ChangeOwnPasswordBody = components['schemas']['ChangeOwnPassword'];
