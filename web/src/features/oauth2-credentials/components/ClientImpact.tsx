import { RecentClientsImpact } from '../../../components/credentials/RecentClientsImpact';
import { useClientImpact } from '../api/list-recent-clients';

/** Inside a Delete, Reset secret or Suspend confirmation: which programs used this credential in the last 7 days. */
export function ClientImpact({ userId, clientId }: { userId: string; clientId: string }) {
  return <RecentClientsImpact clients={useClientImpact(userId, clientId)} noun="credential" />;
}
