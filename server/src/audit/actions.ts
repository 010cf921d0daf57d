/**
 * Every action the server records in the audit log. The audit writer takes only these (AuditInput.action), and the
 * API's `ActivityAction` enum is made from this list, so a new action without an entry here fails `tsc`.
 */
export const ACTIVITY_ACTIONS = [
  'session.sign_in',
  'session.sign_out',
  'user.create',
  'user.update',
  'user.unlock',
  'auth_token.create',
  'auth_token.update',
  'auth_token.regenerate',
  'auth_token.delete',
  'auth_token.use',
  'oauth2_client.create',
  'oauth2_client.update',
  'oauth2_client.reset_secret',
  'oauth2_client.delete',
  'oauth2_client.authenticate',
  'oauth2_client.token',
  'oauth2_token.revoke',
  'oauth2_keys.rotate',
  'keystone.token.issue',
  'keystone.token.revoke',
  // H5: the bootstrap token's uses (and refusals while turned off), and an administrator turning it off or on.
  'bootstrap_token.use',
  'bootstrap_token.update',
  // H2 (issue 17): own password, own sessions, step-up.
  'user.password_change',
  'session.revoke',
  'session.reauthenticate',
  // H1 (OAuth 2.0 and Keystone findings): an administrator gives an OAuth audience to another user (F-9).
  'oauth2_audience.transfer',
  // H3 — MFA: second factors enrolled, removed and used, and an administrator's reset.
  'mfa.totp_enable',
  'mfa.totp_disable',
  'mfa.recovery_codes_regenerate',
  'mfa.recovery_code_use',
  'mfa.passkey_add',
  'mfa.passkey_rename',
  'mfa.passkey_remove',
  'mfa.reset',
  // Issue 18: an auth token suspended and resumed.
  'auth_token.suspend',
  'auth_token.resume',
  // Issue 18: an OAuth client suspended and resumed; an access token refused at Tessera's API (suspended
  // client, use from outside the client's networks).
  'oauth2_client.suspend',
  'oauth2_client.resume',
  'oauth2_token.use',
  // Issue 19: a token revoked by an administrator or by the inactivity job (kept until the undo window ends), and
  // brought back by an undo.
  'auth_token.revoke',
  'auth_token.restore',
  // H5 (issue 19): an administrator's webhook endpoints: created, changed (or turned off/on), deleted, its signing
  // secret replaced, and a delivery sent again.
  'webhook.create',
  'webhook.update',
  'webhook.delete',
  'webhook.rotate_secret',
  'webhook.redeliver',
  // H3 (issue 19): the lifecycle policy changed by an administrator (details: the fields before and after).
  'policy.update',
  // Issue 20, point 5: an auth token reported as leaked at the public leak-report endpoint, and deleted for it.
  'auth_token.leak_report',
  // …an OAuth client whose secret was reported: the secret replaced by one nobody is shown (settings kept).
  'oauth2_client.leak_report',
  // Issue 20, point 4: a credential used from a network (/24, /48) it had not been used from (details: ip,
  // userAgent, network); written by the last-use flush (auth tokens) or the token grant (OAuth clients).
  'auth_token.new_network',
  'oauth2_client.new_network',
  // Issue 20, point 3: a previous secret used during its grace window (once per window per address and user agent),
  // and a window ended early (by its owner or an administrator, or by a leak report of that secret).
  'auth_token.old_secret_use',
  'auth_token.end_grace',
  'oauth2_client.old_secret_use',
  'oauth2_client.end_grace',
  // Issue 20, point 6: the console confirmed that a credential's current secret reached its owner (pasted back at the
  // reveal and compared in the browser; the request carries no secret).
  'auth_token.confirm_delivery',
  'oauth2_client.confirm_delivery',
  // Issue 21, point 1: an administrator's projects, and the roles users hold in them (details: projectId, name; for
  // roles the username and role, the user being the target).
  'project.create',
  'project.update',
  'project.delete',
  'project.assign_role',
  'project.unassign_role',
  // Issue 21, point 5: service accounts created, changed (name, description, disabled), handed over, deleted.
  'service_account.create',
  'service_account.update',
  'service_account.transfer_ownership',
  'service_account.delete',
  // Issue 21, point 3: Keystone application credentials created and deleted (details: name, projectId, roles,
  // unrestricted), and used (a token minted from one, or a refused attempt: its reason).
  'application_credential.create',
  'application_credential.delete',
  'application_credential.use',
] as const;

export type ActivityAction = (typeof ACTIVITY_ACTIONS)[number];
