import type { ActivityAction, ActivityEvent } from '../api/types';

/** Words for every recorded action: an action without a label fails `tsc`, so none shows as a raw code. */
export const ACTION_LABELS: Record<ActivityAction, string> = {
  'session.sign_in': 'Sign-in',
  'session.sign_out': 'Sign-out',
  'user.create': 'User created',
  'user.update': 'User changed',
  'user.unlock': 'Sign-in lockout lifted',
  'auth_token.create': 'Token generated',
  'auth_token.update': 'Token edited',
  'auth_token.regenerate': 'Token regenerated',
  'auth_token.delete': 'Token deleted',
  'auth_token.leak_report': 'Token reported as leaked and revoked',
  'auth_token.new_network': 'Token used from a new network',
  'auth_token.use': 'Token use refused',
  'oauth2_client.create': 'OAuth client created',
  'oauth2_client.update': 'OAuth client edited',
  'oauth2_client.reset_secret': 'OAuth client secret reset',
  'oauth2_client.delete': 'OAuth client deleted',
  'oauth2_client.authenticate': 'OAuth client authentication',
  'oauth2_client.token': 'OAuth access token request',
  'oauth2_token.revoke': 'OAuth access token revoked',
  'oauth2_keys.rotate': 'OAuth signing key rotated',
  'keystone.token.issue': 'Keystone token request',
  'keystone.token.revoke': 'Keystone token revoked',
  'bootstrap_token.use': 'Bootstrap token use',
  'bootstrap_token.update': 'Bootstrap token turned on or off',
  // H2 (issue 17)
  'user.password_change': 'Password changed',
  'session.revoke': 'Session signed out',
  'session.reauthenticate': 'Identity confirmed',
  'oauth2_audience.transfer': 'OAuth audience given to another user',
  'mfa.totp_enable': 'Authenticator app set up',
  'mfa.totp_disable': 'Authenticator app turned off',
  'mfa.recovery_codes_regenerate': 'Recovery codes regenerated',
  'mfa.recovery_code_use': 'Recovery code used',
  'mfa.passkey_add': 'Passkey added',
  'mfa.passkey_rename': 'Passkey renamed',
  'mfa.passkey_remove': 'Passkey removed',
  'mfa.reset': 'Two-factor authentication reset',
  // H1 (issue 18)
  'auth_token.suspend': 'Token suspended',
  'auth_token.resume': 'Token resumed',
  'oauth2_client.suspend': 'OAuth client suspended',
  'oauth2_client.resume': 'OAuth client resumed',
  'oauth2_token.use': 'OAuth access token use refused',
  // Issue 19
  'auth_token.revoke': 'Token revoked',
  'auth_token.restore': 'Token restored (revocation undone)',
  // H5 (issue 19)
  'webhook.create': 'Webhook added',
  'webhook.update': 'Webhook changed',
  'webhook.delete': 'Webhook deleted',
  'webhook.rotate_secret': 'Webhook signing secret replaced',
  'webhook.redeliver': 'Webhook delivery sent again',
  // H3 (issue 19)
  'policy.update': 'Policy changed',
  'oauth2_client.leak_report': 'OAuth client secret reported as leaked and revoked',
  'oauth2_client.new_network': 'OAuth client used from a new network',
  'auth_token.old_secret_use': 'Token’s old secret used during its grace window',
  'auth_token.end_grace': 'Token’s grace window ended',
  'oauth2_client.old_secret_use': 'OAuth client’s old secret used during its grace window',
  'oauth2_client.end_grace': 'OAuth client’s grace window ended',
  // Issue 20, point 6
  'auth_token.confirm_delivery': 'Token delivery confirmed',
  'oauth2_client.confirm_delivery': 'OAuth client secret delivery confirmed',
  // Issue 21
  'project.create': 'Project created',
  'project.update': 'Project changed',
  'project.delete': 'Project deleted',
  'project.assign_role': 'Project role granted',
  'project.unassign_role': 'Project role taken away',
  // Issue 21, point 5
  'service_account.create': 'Service account created',
  'service_account.update': 'Service account changed',
  'service_account.transfer_ownership': 'Service account handed over',
  'service_account.delete': 'Service account deleted',
  'application_credential.create': 'Application credential created',
  'application_credential.delete': 'Application credential deleted',
  'application_credential.use': 'Application credential used',
};

const GROUPS: { label: string; prefix: string }[] = [
  { label: 'Sessions', prefix: 'session.' },
  { label: 'Users', prefix: 'user.' },
  { label: 'Auth tokens', prefix: 'auth_token.' },
  { label: 'OAuth 2.0', prefix: 'oauth2_' },
  { label: 'Keystone', prefix: 'keystone.' },
  { label: 'Bootstrap token', prefix: 'bootstrap_token.' },
  { label: 'Two-factor authentication', prefix: 'mfa.' },
  // H5 (issue 19)
  { label: 'Webhooks', prefix: 'webhook.' },
  // Issue 21
  { label: 'Projects', prefix: 'project.' },
  { label: 'Application credentials', prefix: 'application_credential.' },
];

/** The Action filter's choices, grouped the way the console's navigation is. */
export const ACTION_GROUPS = GROUPS.map(({ label, prefix }) => ({
  label,
  actions: (Object.keys(ACTION_LABELS) as ActivityAction[]).filter((a) => a.startsWith(prefix)),
}));

export const isActivityAction = (action: string): action is ActivityAction => Object.hasOwn(ACTION_LABELS, action);

/** An action recorded by a newer server than this console still reads as words, not as a code. */
export const actionLabel = (action: string): string =>
  isActivityAction(action) ? ACTION_LABELS[action] : action.replace(/[._]+/g, ' ');

const REASONS: Record<string, string> = {
  unknown_user: 'unknown user',
  wrong_password: 'wrong password',
  wrong_secret: 'wrong secret',
  unknown_client: 'unknown client',
  disabled: 'account disabled',
  expired: 'expired',
  user_disabled: 'account disabled',
  api_tokens_disabled: 'API tokens off',
  unknown_token: 'unknown or revoked token',
  invalid_token: 'invalid token',
  invalid_scope: 'scope not allowed',
  locked: 'locked after failed sign-ins',
  token_header: 'sign-in sent with a token',
  turned_off: 'turned off by an administrator',
  suspended: 'suspended',
  network_not_allowed: 'used from outside its allowed networks',
  // Issue 19 (H2): a token revoked by a bulk or inactivity revocation, used before an undo.
  revoked: 'revoked',
  // Issue 21, point 5: a password tried for a service account, which has none.
  service_account: 'a service account has no password',
  // A refused sign-in through the organisation's OpenID provider (docs/api.md, OpenID Connect sign-in).
  state_missing: 'no sign-in under way in this browser',
  state_expired: 'sign-in took more than 10 minutes',
  state_mismatch: 'answer to another sign-in',
  access_denied: 'cancelled or refused at the provider',
  provider_error: 'error at the provider',
  code_rejected: 'code refused by the provider',
  verification_failed: 'provider’s answer failed verification',
  no_username: 'no usable username from the provider',
  username_taken: 'username belongs to another account',
};

/** Why an event failed, in words; undefined for a success or a failure without a recorded reason. */
export function failureReason(e: ActivityEvent): string | undefined {
  if (e.outcome === 'success') return undefined;
  const reason = typeof e.details?.reason === 'string' ? e.details.reason : undefined;
  return reason ? (REASONS[reason] ?? reason.replaceAll('_', ' ')) : undefined;
}
