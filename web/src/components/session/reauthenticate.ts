import { apiRequest } from '../../lib/api-client';
import { REAUTHENTICATE_PATH } from '../../lib/reauthentication';
import type { components } from '../../lib/api-types';

/** `POST /api/session/reauthenticate`'s body: the password today, a second factor when H3's MFA lands. */
export type ReauthenticateBody = components['schemas']['Reauthenticate'];

/** Proves it's still the same person; 204 on success, 401 with the server's words for a wrong password. */
export const reauthenticate = (body: ReauthenticateBody) =>
  apiRequest<void>(REAUTHENTICATE_PATH, { method: 'POST', body });
