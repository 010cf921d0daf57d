import { useState, type FormEvent } from 'react';
import { useSearchParams } from 'react-router';
import { Button } from '../../../components/ui/Button';
import { Badge, EmptyState, ErrorAlert, Loading } from '../../../components/ui/Feedback';
import { SelectField, TextField } from '../../../components/ui/Field';
import { Table, Td } from '../../../components/ui/Table';
import { errorMessage } from '../../../lib/api-client';
import { formatDateTime } from '../../../lib/format';
import { useActivity } from '../api/list-activity';
import { activityPath } from '../api/paths';
import type { ActivityEvent, ActivityFilters, ActivityScope } from '../api/types';
import { ACTION_LABELS, actionLabel, outcomeText, tokenText } from './labels';

const ACTION_OPTIONS = [
  { value: '', label: 'All actions' },
  ...Object.entries(ACTION_LABELS).map(([value, label]) => ({ value, label })),
];

/** The filters live in the address, so a filtered view can be bookmarked and shared. */
function useFilters(): [ActivityFilters, (f: ActivityFilters) => void] {
  const [params, setParams] = useSearchParams();
  const filters: ActivityFilters = {
    user: params.get('user') ?? '',
    action: params.get('action') ?? '',
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

/** Activity: security events with who, what, when and from where; filterable and exportable. */
export function ActivityPanel({ scope, title = 'Activity' }: { scope: ActivityScope; title?: string }) {
  const [filters, setFilters] = useFilters();
  const activity = useActivity(scope, filters);
  const events = activity.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <section aria-labelledby="activity-heading" className="panel">
      <div className="panel-header">
        <h2 id="activity-heading">{title}</h2>
        <div className="button-row">
          <a className="btn btn-secondary btn-sm" href={activityPath(scope, filters, { format: 'csv' })} download>
            Export CSV
          </a>
          <a className="btn btn-secondary btn-sm" href={activityPath(scope, filters, { format: 'json' })} download>
            Export JSON
          </a>
        </div>
      </div>
      <FilterForm
        key={JSON.stringify(filters)}
        filters={filters}
        showUser={scope.kind === 'organisation'}
        onApply={setFilters}
      />
      {activity.isPending ? <Loading label="Loading activity…" /> : null}
      {activity.isError ? (
        <ErrorAlert title="Activity could not be loaded.">{errorMessage(activity.error)}</ErrorAlert>
      ) : null}
      {activity.isSuccess && events.length === 0 ? (
        <EmptyState title="No activity">No recorded event matches these filters.</EmptyState>
      ) : null}
      {events.length > 0 ? <ActivityTable events={events} /> : null}
      {activity.hasNextPage ? (
        <Button busy={activity.isFetchingNextPage} onClick={() => void activity.fetchNextPage()}>
          Load more
        </Button>
      ) : null}
    </section>
  );
}

function FilterForm({
  filters,
  showUser,
  onApply,
}: {
  filters: ActivityFilters;
  showUser: boolean;
  onApply: (f: ActivityFilters) => void;
}) {
  const [draft, setDraft] = useState(filters);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onApply({ ...draft, user: draft.user.trim() });
  };
  const empty = { user: '', action: '', since: '', until: '' };
  return (
    <form className="filters" role="search" aria-label="Filter activity" onSubmit={submit}>
      {showUser ? (
        <TextField
          label="User"
          value={draft.user}
          placeholder="username or id"
          onChange={(e) => setDraft({ ...draft, user: e.target.value })}
        />
      ) : null}
      <SelectField
        label="Action"
        value={draft.action}
        options={ACTION_OPTIONS}
        onChange={(e) => setDraft({ ...draft, action: e.target.value })}
      />
      <TextField
        label="From"
        type="date"
        value={draft.since}
        onChange={(e) => setDraft({ ...draft, since: e.target.value })}
      />
      <TextField
        label="To"
        type="date"
        value={draft.until}
        onChange={(e) => setDraft({ ...draft, until: e.target.value })}
      />
      <div className="button-row">
        <Button type="submit" variant="primary">
          Apply filters
        </Button>
        <Button
          onClick={() => {
            setDraft(empty);
            onApply(empty);
          }}
        >
          Clear
        </Button>
      </div>
    </form>
  );
}

function ActivityTable({ events }: { events: ActivityEvent[] }) {
  return (
    <Table
      caption="Activity"
      scrollable
      columns={['Time', 'Action', 'Outcome', 'Actor', 'Target', 'Token', 'IP', 'User agent']}
    >
      {events.map((e) => {
        const token = tokenText(e);
        return (
          <tr key={e.id}>
            <Td>
              <time dateTime={e.at} title={e.at}>
                {formatDateTime(e.at)}
              </time>
            </Td>
            <Td>{actionLabel(e.action)}</Td>
            <Td>
              <Badge tone={e.outcome === 'success' ? 'success' : 'danger'}>{outcomeText(e)}</Badge>
            </Td>
            <Td>{e.actor.username ?? '—'}</Td>
            <Td>{e.target ? (e.target.username ?? e.target.id) : '—'}</Td>
            <Td>{token ? <span title={token.title}>{token.label}</span> : '—'}</Td>
            <Td>{e.ip ?? '—'}</Td>
            <Td className="truncate" title={e.userAgent ?? undefined}>
              {e.userAgent ?? '—'}
            </Td>
          </tr>
        );
      })}
    </Table>
  );
}
