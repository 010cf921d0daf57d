import { Button } from '../../../components/ui/Button';
import { CopyButton } from '../../../components/ui/CopyButton';
import { Dialog, DialogActions } from '../../../components/ui/Dialog';
import { Notice } from '../../../components/ui/Feedback';
import type { NewOAuth2Client } from '../api/types';

export interface RevealedClient {
  client: NewOAuth2Client;
  /** Set when an administrator acted for someone else, who must receive the secret. */
  forUser?: string;
}

export interface RevealClientSecretDialogProps {
  revealed: RevealedClient | null;
  onClose: () => void;
}

/** The one place a client secret is ever shown; it lives in the caller's state and is gone once this closes. */
export function RevealClientSecretDialog({ revealed, onClose }: RevealClientSecretDialogProps) {
  return (
    <Dialog
      open={revealed !== null}
      onOpenChange={(open) => !open && onClose()}
      title="Copy your client secret"
      description={
        <strong className="warning-text">
          Copy the secret now. You can't retrieve it again after you close this dialog.
        </strong>
      }
      modalStrict
      size="lg"
    >
      {revealed ? <RevealBody revealed={revealed} onClose={onClose} /> : null}
    </Dialog>
  );
}

function RevealBody({ revealed: { client, forUser }, onClose }: { revealed: RevealedClient; onClose: () => void }) {
  const scope = client.fullyQualifiedScopes.join(' ');
  const curl =
    `curl -u '${client.clientId}:${client.secret}' ` +
    `-d grant_type=client_credentials -d 'scope=${scope}' ${window.location.origin}/oauth2/v1/token`;
  return (
    <div className="stack">
      <div className="field">
        <label className="field-label" htmlFor="revealed-client-secret">
          Client secret
        </label>
        <div className="secret-row">
          <input
            id="revealed-client-secret"
            className="input input-mono"
            readOnly
            value={client.secret}
            spellCheck={false}
            autoComplete="off"
            onFocus={(e) => e.currentTarget.select()}
          />
          <CopyButton value={client.secret} variant="primary" />
        </div>
      </div>
      <div className="field">
        <label className="field-label" htmlFor="revealed-client-id">
          Client ID
        </label>
        <div className="secret-row">
          <input
            id="revealed-client-id"
            className="input input-mono"
            readOnly
            value={client.clientId}
            spellCheck={false}
            onFocus={(e) => e.currentTarget.select()}
          />
          <CopyButton value={client.clientId} label="Copy client ID" />
        </div>
      </div>
      <div className="field">
        <p className="field-label">Fully-qualified scopes</p>
        <ul className="scope-list" aria-label="Fully-qualified scopes">
          {client.fullyQualifiedScopes.map((s) => (
            <li key={s}>
              <code>{s}</code>
            </li>
          ))}
        </ul>
      </div>
      {forUser ? (
        <Notice tone="info">
          You generated this secret for <strong>{forUser}</strong>. Deliver it to them securely, for example through a
          password manager's sharing feature, never by email or chat.
        </Notice>
      ) : null}
      <div className="field">
        <p className="field-label">Request an access token</p>
        <pre className="code-block">
          <code>{curl}</code>
        </pre>
        <div>
          <CopyButton value={curl} label="Copy curl command" size="sm" />
        </div>
      </div>
      <DialogActions>
        <Button variant="secondary" onClick={onClose}>
          Close
        </Button>
      </DialogActions>
    </div>
  );
}
