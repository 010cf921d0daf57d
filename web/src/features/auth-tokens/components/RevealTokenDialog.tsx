import { revealDialogFor } from '../../../components/credentials/RevealSecretDialog';
import { formatDate } from '../../../lib/format';
import { useConfirmTokenDelivery } from '../api/confirm-token-delivery';
import type { NewAuthToken } from '../api/types';
import { CopyAs } from './CopyAs';

/** After Generate or Regenerate: the token once, its description and expiry, and ready-made ways to use it. */
export const RevealTokenDialog = revealDialogFor<NewAuthToken>({
  noun: 'token',
  secretLabel: 'Token',
  secretOf: (t) => t.token,
  delivery: {
    secretOf: (t) => ({ userId: t.userId, id: t.id, hint: t.hint }),
    useConfirmDelivery: useConfirmTokenDelivery,
  },
  details: (t) => (
    <dl className="meta-list">
      <div>
        <dt>Description</dt>
        <dd>{t.description}</dd>
      </div>
      <div>
        <dt>Scopes</dt>
        <dd>{t.fullAccess ? 'Full access' : t.scopes.join(', ')}</dd>
      </div>
      {t.allowedNetworks.length > 0 ? (
        <div>
          <dt>Allowed networks</dt>
          <dd>{t.allowedNetworks.join(', ')}</dd>
        </div>
      ) : null}
      <div>
        <dt>Expires</dt>
        <dd>{t.expiresAt ? formatDate(t.expiresAt) : 'Never'}</dd>
      </div>
    </dl>
  ),
  usage: (t, revealed) => (
    <CopyAs token={t.token} username={revealed.username ?? ''}>
      <p className="muted">
        {/* A new tab, so this dialog and its token stay open. */}
        Every call is described in the{' '}
        <a href="/docs/api" target="_blank" rel="noopener">
          API reference
        </a>{' '}
        (opens in a new tab).
      </p>
    </CopyAs>
  ),
});
