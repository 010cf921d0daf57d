import type { RefObject } from 'react';
import { RevealSecretDialog, SecretCopyButton } from '../../../components/credentials/RevealSecretDialog';
import { CopyButton } from '../../../components/ui/CopyButton';
import type { NewOAuth2Client } from '../api/types';

export interface RevealedClient {
  client: NewOAuth2Client;
  /** Set when an administrator acted for someone else, who must receive the secret. */
  forUser?: string;
}

export interface RevealClientSecretDialogProps {
  revealed: RevealedClient | null;
  onClose: () => void;
  returnFocusTo?: RefObject<HTMLElement | null>;
}

/** After Generate or Reset secret: the secret once, with the client ID and scopes a token request needs. */
export function RevealClientSecretDialog({ revealed, onClose, returnFocusTo }: RevealClientSecretDialogProps) {
  return (
    <RevealSecretDialog
      secret={revealed?.client.secret ?? null}
      onClose={onClose}
      noun="client secret"
      secretLabel="Client secret"
      forUser={revealed?.forUser}
      returnFocusTo={returnFocusTo}
    >
      {revealed ? <ClientUsage client={revealed.client} /> : null}
    </RevealSecretDialog>
  );
}

function ClientUsage({ client }: { client: NewOAuth2Client }) {
  const scope = client.fullyQualifiedScopes.join(' ');
  const curl =
    `curl -u '${client.clientId}:${client.secret}' ` +
    `-d grant_type=client_credentials -d 'scope=${scope}' ${window.location.origin}/oauth2/v1/token`;
  return (
    <>
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
      <div className="field">
        <p className="field-label">Request an access token</p>
        <pre className="code-block">
          <code>{curl}</code>
        </pre>
        <div>
          <SecretCopyButton value={curl} label="Copy curl command" size="sm" />
        </div>
      </div>
    </>
  );
}
