import { impactSummary, type RecentClient } from './recent-clients';
import './recent-clients.css';

/** What the impact preview needs of its query: it never waits for it to let the user confirm. */
export interface RecentClientsState {
  isPending: boolean;
  isError: boolean;
  data?: { items: RecentClient[] };
}

/**
 * The clients a Delete, Regenerate or Suspend will break, inside its confirmation's description (so phrasing
 * content only). Loading or failing says so and leaves the confirm button alone: the preview informs, it never blocks.
 */
export function RecentClientsImpact({ clients, noun }: { clients: RecentClientsState; noun: string }) {
  const text = clients.data
    ? impactSummary(clients.data.items, noun)
    : clients.isError
      ? 'Could not load recent clients.'
      : `Checking which clients used this ${noun} this week…`;
  return (
    <span className="impact-preview" role="status">
      {text}
    </span>
  );
}
