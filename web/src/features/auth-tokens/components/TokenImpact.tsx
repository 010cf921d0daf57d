import { RecentClientsImpact } from '../../../components/credentials/RecentClientsImpact';
import { useTokenImpact } from '../api/list-token-clients';

/** Inside a Delete, Regenerate or Suspend confirmation: which clients used this token in the last 7 days. */
export function TokenImpact({ userId, tokenId }: { userId: string; tokenId: string }) {
  return <RecentClientsImpact clients={useTokenImpact(userId, tokenId)} noun="token" />;
}
