import type { RefObject } from 'react';
import { Button } from '../../../components/ui/Button';
import { CopyButton } from '../../../components/ui/CopyButton';
import { Dialog, DialogActions } from '../../../components/ui/Dialog';
import { Notice } from '../../../components/ui/Feedback';
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
  /** The generate dialog that opened this one is gone by now, so focus needs somewhere sensible to land. */
  returnFocusTo?: RefObject<HTMLElement | null>;
}

/** The one place the secret is ever shown; it lives in the caller's state and is gone once this closes. */
export function RevealTokenDialog({ revealed, onClose, returnFocusTo }: RevealTokenDialogProps) {
  return (
    <Dialog
      open={revealed !== null}
      onOpenChange={(open) => !open && onClose()}
      title="Copy your token"
      description={
        <strong className="warning-text">
          Copy this token now. You can't retrieve it again after you close this dialog.
        </strong>
      }
      modalStrict
      size="lg"
      onCloseAutoFocus={(e) => {
        if (!returnFocusTo?.current) return;
        e.preventDefault();
        returnFocusTo.current.focus();
      }}
    >
      {revealed ? <RevealBody revealed={revealed} onClose={onClose} /> : null}
    </Dialog>
  );
}

function RevealBody({ revealed, onClose }: { revealed: RevealedToken; onClose: () => void }) {
  const curl = `curl -H "Authorization: Bearer ${revealed.token}" ${window.location.origin}/api/whoami`;
  return (
    <div className="stack">
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
      <div className="field">
        <label className="field-label" htmlFor="revealed-token">
          Token
        </label>
        <div className="secret-row">
          <input
            id="revealed-token"
            className="input input-mono"
            readOnly
            value={revealed.token}
            spellCheck={false}
            autoComplete="off"
            onFocus={(e) => e.currentTarget.select()}
          />
          <CopyButton value={revealed.token} variant="primary" />
        </div>
      </div>
      {revealed.forUser ? (
        <Notice tone="info">
          You generated this token for <strong>{revealed.forUser}</strong>. Deliver it to them securely, for example
          through a password manager's sharing feature, never by email or chat.
        </Notice>
      ) : null}
      <div className="field">
        <p className="field-label">Try it</p>
        <pre className="code-block">
          <code>{curl}</code>
        </pre>
        <div>
          <CopyButton value={curl} label="Copy curl command" size="sm" />
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
      <DialogActions>
        <Button variant="secondary" onClick={onClose}>
          Close
        </Button>
      </DialogActions>
    </div>
  );
}
