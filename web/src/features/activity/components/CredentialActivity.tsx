import { useEffect, useState } from 'react';
import { Button } from '../../../components/ui/Button';
import { EmptyState, ErrorAlert, Loading } from '../../../components/ui/Feedback';
import { errorMessage } from '../../../lib/api-client';
import { useActivity } from '../api/list-activity';
import type { ActivityFilters } from '../api/types';
import { ActivityTable } from './ActivityTable';
import '../activity.css';

const NO_FILTERS: ActivityFilters = { user: '', action: '', since: '', until: '' };

export interface CredentialActivityProps {
  /** The credential's owner (`me` or an id). */
  userId: string;
  /** The auth token's or OAuth client's id. */
  credentialId: string;
  /** "token" or "client": what the empty state calls it. */
  noun: string;
}

/** A credential details page's own activity: the events about that one token or client, newest first. */
export function CredentialActivity({ userId, credentialId, noun }: CredentialActivityProps) {
  const activity = useActivity({ kind: 'user', userId, tokenId: credentialId }, NO_FILTERS);
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), 30_000);
    return () => window.clearInterval(timer);
  }, []);
  const events = activity.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <div className="activity">
      {activity.isPending ? <Loading label="Loading activity…" /> : null}
      {activity.isError ? (
        <ErrorAlert title="Activity could not be loaded.">
          {errorMessage(activity.error)}{' '}
          <Button
            size="sm"
            busy={activity.isFetching}
            onClick={() => void (activity.isFetchNextPageError ? activity.fetchNextPage() : activity.refetch())}
          >
            Retry
          </Button>
        </ErrorAlert>
      ) : null}
      {activity.isSuccess && events.length === 0 ? (
        <EmptyState title="No activity">Nothing has been recorded about this {noun} yet.</EmptyState>
      ) : null}
      {events.length > 0 ? <ActivityTable events={events} now={now} /> : null}
      {activity.hasNextPage && !activity.isFetchNextPageError ? (
        <Button busy={activity.isFetchingNextPage} onClick={() => void activity.fetchNextPage()}>
          Load more
        </Button>
      ) : null}
    </div>
  );
}
