import { RecentClientsImpact } from '../../../components/credentials/RecentClientsImpact';
import { useCredentialImpact } from '../api/credential-impact';

/** Inside a row's Suspend or Delete confirmation: which clients used the credential in the last 7 days. */
export function CredentialImpact({ kind, ownerId, id }: { kind: 'token' | 'client'; ownerId: string; id: string }) {
  return (
    <RecentClientsImpact
      clients={useCredentialImpact(kind, ownerId, id)}
      noun={kind === 'token' ? 'token' : 'credential'}
    />
  );
}
