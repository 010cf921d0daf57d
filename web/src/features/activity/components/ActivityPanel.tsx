import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router';
import { Button } from '../../../components/ui/Button';
import { EmptyState, ErrorAlert, Loading } from '../../../components/ui/Feedback';
import { errorMessage } from '../../../lib/api-client';
import { useActivity } from '../api/list-activity';
import { activityPath } from '../api/paths';
import type { ActivityFilters, ActivityScope } from '../api/types';
import { ActivityFilterBar } from './ActivityFilters';
import { ActivityTable } from './ActivityTable';
import { isActivityAction } from './labels';
import '../activity.css';

/** The filters live in the address, so a filtered view can be bookmarked and shared. */
function useFilters(): [ActivityFilters, (f: ActivityFilters) => void] {
  const [params, setParams] = useSearchParams();
  const action = params.get('action') ?? '';
  const filters: ActivityFilters = {
    user: params.get('user') ?? '',
    action: isActivityAction(action) ? action : '',
    since: params.get('from') ?? '',
    until: params.get('to') ?? '',
  };
  const set = (f: ActivityFilters) => {
    const next = new URLSearchParams();
    if (f.user) next.set('user', f.user);
    if (f.action) next.set('action', f.action);
    if (f.since) next.set('from', f.since);
    if (f.until) next.set('to', f.until);
    setParams(next);
  };
  return [filters, set];
}

/** Relative times ("6 minutes ago") move on while the page stays open. */
function useNow(intervalMs = 30_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), intervalMs);
    return () => window.clearInterval(timer);
  }, [intervalMs]);
  return now;
}

export interface ActivityPanelProps {
  scope: ActivityScope;
  title?: string;
  /** 1 when the panel is the page (Identity → Activity), 2 under a user's Resources tabs. */
  level?: 1 | 2;
  description?: string;
}

/** Activity: security events with who, what, when and from where; filterable and exportable. */
export function ActivityPanel({ scope, title = 'Activity', level = 2, description }: ActivityPanelProps) {
  const [filters, setFilters] = useFilters();
  const activity = useActivity(scope, filters);
  const now = useNow();
  const events = activity.data?.pages.flatMap((p) => p.items) ?? [];
  const Heading = level === 1 ? 'h1' : 'h2';

  return (
    <section aria-labelledby="activity-heading" className="activity">
      <div className="activity-header">
        <Heading id="activity-heading">{title}</Heading>
        <div className="button-row activity-exports">
          <a className="btn btn-secondary btn-sm" href={activityPath(scope, filters, { format: 'csv' })} download>
            Export CSV
          </a>
          <a className="btn btn-secondary btn-sm" href={activityPath(scope, filters, { format: 'json' })} download>
            Export JSON
          </a>
        </div>
      </div>
      {description ? <p className="muted activity-description">{description}</p> : null}
      <ActivityFilterBar
        key={JSON.stringify(filters)}
        filters={filters}
        showUser={scope.kind === 'organisation'}
        onApply={setFilters}
      />
      <div className="panel">
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
          <EmptyState title="No activity">
            {Object.values(filters).some(Boolean)
              ? 'No recorded event matches these filters. Clear them to see everything.'
              : 'Nothing has been recorded yet.'}
          </EmptyState>
        ) : null}
        {events.length > 0 ? <ActivityTable events={events} now={now} /> : null}
        {activity.hasNextPage && !activity.isFetchNextPageError ? (
          <Button busy={activity.isFetchingNextPage} onClick={() => void activity.fetchNextPage()}>
            Load more
          </Button>
        ) : null}
      </div>
    </section>
  );
}
