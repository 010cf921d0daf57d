import type { ActivityEvent } from '../api/types';

/** Words for the recorded actions; an action not listed here shows as recorded. */
export const ACTION_LABELS: Record<string, string> = {
  'session.sign_in': 'Sign-in',
  'session.sign_out': 'Sign-out',
  'user.create': 'User created',
  'user.update': 'User changed',
  'user.unlock': 'Sign-in lockout lifted',
  'auth_token.create': 'Token generated',
  'auth_token.update': 'Token edited',
  'auth_token.regenerate': 'Token regenerated',
  'auth_token.delete': 'Token deleted',
  'auth_token.use': 'Token use refused',
};

export const actionLabel = (action: string) => ACTION_LABELS[action] ?? action;

const REASONS: Record<string, string> = {
  unknown_user: 'unknown user',
  wrong_password: 'wrong password',
  disabled: 'account disabled',
  expired: 'expired',
  user_disabled: 'account disabled',
  api_tokens_disabled: 'API tokens off',
  unknown_token: 'unknown or revoked token',
};

export function outcomeText(e: ActivityEvent): string {
  if (e.outcome === 'success') return 'Success';
  const reason = typeof e.details?.reason === 'string' ? e.details.reason : undefined;
  return reason ? `Failure (${REASONS[reason] ?? reason.replaceAll('_', ' ')})` : 'Failure';
}

/** The token an event is about: its description when recorded, its id, or the hint of an unknown one. */
export function tokenText(e: ActivityEvent): { label: string; title?: string } | undefined {
  const description = typeof e.details?.description === 'string' ? e.details.description : undefined;
  if (e.tokenId)
    return {
      label: description ? `${description} (${e.tokenId.slice(0, 8)})` : e.tokenId.slice(0, 8),
      title: e.tokenId,
    };
  const hint = typeof e.details?.hint === 'string' ? e.details.hint : undefined;
  return hint ? { label: hint } : undefined;
}
