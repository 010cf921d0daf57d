import { SecretCommand, revealDialogFor } from '../../../components/credentials/RevealSecretDialog';
import { CopyButton } from '../../../components/ui/CopyButton';
import { useConfirmClientDelivery } from '../api/confirm-client-delivery';
import type { NewOAuth2Client } from '../api/types';

/** After Generate or Reset secret: the secret once, with the client ID and scopes a token request needs. */
export const RevealClientSecretDialog = revealDialogFor<NewOAuth2Client>({
  noun: 'client secret',
  secretLabel: 'Client secret',
  secretOf: (c) => c.secret,
  delivery: {
    secretOf: (c) => ({ userId: c.userId, id: c.id, hint: c.secretHint }),
    useConfirmDelivery: useConfirmClientDelivery,
  },
  usage: (c) => <ClientUsage client={c} />,
});

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
      <SecretCommand label="Request an access token" command={curl} />
    </>
  );
}
