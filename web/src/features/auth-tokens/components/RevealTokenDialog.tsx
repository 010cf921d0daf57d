import type { RefObject } from 'react';
import { RevealSecretDialog, SecretCopyButton } from '../../../components/credentials/RevealSecretDialog';
import { formatDate } from '../../../lib/format';

export interface RevealedToken {
  token: string;
  description: string;
  expiresAt: string | null;
  /** Set when an administrator made the token for someone else, who must receive it. */
  forUser?: string;
}

export interface RevealTokenDialogProps {
  revealed: RevealedToken | null;
  onClose: () => void;
  returnFocusTo?: RefObject<HTMLElement | null>;
}

/** After Generate or Regenerate: the token once, its description and expiry, and a curl line to try it. */
export function RevealTokenDialog({ revealed, onClose, returnFocusTo }: RevealTokenDialogProps) {
  const curl = revealed ? `curl -H "Authorization: Bearer ${revealed.token}" ${window.location.origin}/api/whoami` : '';
  return (
    <RevealSecretDialog
      secret={revealed?.token ?? null}
      onClose={onClose}
      noun="token"
      secretLabel="Token"
      forUser={revealed?.forUser}
      returnFocusTo={returnFocusTo}
      details={
        revealed ? (
          <dl className="meta-list">
            <div>
              <dt>Description</dt>
              <dd>{revealed.description}</dd>
            </div>
            <div>
              <dt>Expires</dt>
              <dd>{revealed.expiresAt ? formatDate(revealed.expiresAt) : 'Never'}</dd>
            </div>
          </dl>
        ) : null
      }
    >
      <div className="field">
        <p className="field-label">Try it</p>
        <pre className="code-block">
          <code>{curl}</code>
        </pre>
        <div>
          <SecretCopyButton value={curl} label="Copy curl command" size="sm" />
        </div>
        <p className="muted">
          {/* A new tab, so this dialog and its token stay open. */}
          Every call is described in the{' '}
          <a href="/docs/api" target="_blank" rel="noopener">
            API reference
          </a>{' '}
          (opens in a new tab).
        </p>
      </div>
    </RevealSecretDialog>
  );
}
