import { SecretCommand, revealDialogFor } from '../../../components/credentials/RevealSecretDialog';
import { CopyButton } from '../../../components/ui/CopyButton';
import type { NewApplicationCredential } from '../api/types';

/** After Create: the secret once, with the credential's ID and the Keystone request that turns them into a token. */
export const RevealCredentialDialog = revealDialogFor<NewApplicationCredential>({
  noun: 'application credential secret',
  secretLabel: 'Secret',
  secretOf: (c) => c.secret,
  usage: (c) => <CredentialUsage credential={c} />,
});

function CredentialUsage({ credential }: { credential: NewApplicationCredential }) {
  const body = JSON.stringify({
    auth: {
      identity: {
        methods: ['application_credential'],
        application_credential: { id: credential.id, secret: credential.secret },
      },
    },
  });
  const curl = `curl -si -H 'Content-Type: application/json' -d '${body}' ${window.location.origin}/v3/auth/tokens`;
  return (
    <>
      <div className="field">
        <label className="field-label" htmlFor="revealed-credential-id">
          Application credential ID
        </label>
        <div className="secret-row">
          <input
            id="revealed-credential-id"
            className="input input-mono"
            readOnly
            value={credential.id}
            spellCheck={false}
            onFocus={(e) => e.currentTarget.select()}
          />
          <CopyButton value={credential.id} label="Copy ID" />
        </div>
      </div>
      <SecretCommand label="Request a token scoped to its project" command={curl} />
    </>
  );
}
