import { Badge } from '../../../components/ui/Feedback';
import { Table, Td } from '../../../components/ui/Table';
import { formatDateTime, formatRelative } from '../../../lib/format';
import type { ActivityEvent } from '../api/types';
import { credentialText, eventDetails } from './describe-event';
import { actionLabel, failureReason } from './labels';
import { shortUserAgent } from '../../../lib/user-agent';

const thisYear = new Intl.DateTimeFormat(undefined, {
  month: 'short',
  day: 'numeric',
  hour: 'numeric',
  minute: '2-digit',
});

/** "Dec 6, 4:25 AM": the year only when it is not this one, so the time column stays narrow. */
const shortDateTime = (iso: string, now: number) =>
  new Date(iso).getFullYear() === new Date(now).getFullYear() ? thisYear.format(new Date(iso)) : formatDateTime(iso);

export const ACTIVITY_COLUMNS = ['Time', 'Action', 'Outcome', 'Actor → target', 'Client'];

/** Five columns that fit the card at 1024 px: what happened and to what credential, who to whom, from where. */
export function ActivityTable({ events, now }: { events: ActivityEvent[]; now: number }) {
  return (
    <Table caption="Activity events" scrollable columns={ACTIVITY_COLUMNS}>
      {events.map((e) => (
        <ActivityRow key={e.id} event={e} now={now} />
      ))}
    </Table>
  );
}

function ActivityRow({ event: e, now }: { event: ActivityEvent; now: number }) {
  const credential = credentialText(e);
  const details = eventDetails(e);
  const exact = formatDateTime(e.at);
  return (
    <tr>
      <Td className="activity-time">
        <time dateTime={e.at} title={exact}>
          {formatRelative(e.at, now)}
        </time>
        <span className="cell-sub">{shortDateTime(e.at, now)}</span>
      </Td>
      <Td className="activity-action">
        <span className="cell-strong">{actionLabel(e.action)}</span>
        {credential ? (
          <span className="cell-sub" title={credential.title}>
            {credential.label}
          </span>
        ) : null}
        {details.length > 0 ? (
          <ul className="activity-details">
            {details.map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
        ) : null}
      </Td>
      <Td>
        <Badge tone={e.outcome === 'success' ? 'success' : 'danger'}>
          {e.outcome === 'success' ? 'Success' : 'Failure'}
        </Badge>
        {failureReason(e) ? <span className="cell-sub">{failureReason(e)}</span> : null}
      </Td>
      <Td className="activity-who">
        <Who event={e} />
      </Td>
      <Td className="activity-client">
        <span>{e.ip ?? '—'}</span>
        {e.userAgent ? <UserAgent value={e.userAgent} /> : null}
      </Td>
    </tr>
  );
}

/** "admin → alice", or one name when someone acted on their own account. */
function Who({ event: e }: { event: ActivityEvent }) {
  const actor = e.actor.username ?? (e.actor.id ? e.actor.id.slice(0, 8) : 'anonymous');
  const target = e.target ? (e.target.username ?? e.target.id.slice(0, 8)) : undefined;
  const self = e.target && (e.actor.id === e.target.id || e.actor.username === e.target.username);
  if (!target || self) return <span>{actor}</span>;
  return (
    <>
      <span>{actor}</span>
      <span aria-hidden="true"> → </span>
      <span className="sr-only"> on </span>
      <span>{target}</span>
    </>
  );
}

/** Short on screen ("curl/8.5"), whole in the tooltip and for screen readers. */
function UserAgent({ value }: { value: string }) {
  const short = shortUserAgent(value);
  if (short === value) return <span className="cell-sub">{value}</span>;
  return (
    <span className="cell-sub activity-ua" title={value}>
      <span aria-hidden="true">{short}</span>
      <span className="sr-only">{value}</span>
    </span>
  );
}
