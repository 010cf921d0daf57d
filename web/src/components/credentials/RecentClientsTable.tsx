import { EmptyState } from '../ui/Feedback';
import { Table, Td } from '../ui/Table';
import { formatDateTime, formatRelative } from '../../lib/format';
import { shortUserAgent } from '../../lib/user-agent';
import type { RecentClient } from './recent-clients';
import './recent-clients.css';

/** The credential's recent clients (30 days): address, user agent, first and last seen, and about how often. */
export function RecentClientsTable({ clients, noun, now }: { clients: RecentClient[]; noun: string; now: number }) {
  if (clients.length === 0)
    return <EmptyState title="No recent clients">No client used this {noun} in the last 30 days.</EmptyState>;
  return (
    <Table
      caption="Clients of the last 30 days"
      scrollable
      columns={['Address', 'User agent', 'First seen', 'Last seen', 'Count']}
    >
      {clients.map((c) => (
        <tr key={`${c.ip ?? ''} ${c.userAgent ?? ''}`}>
          <Td>{c.ip ? <code>{c.ip}</code> : <span className="muted">Unknown</span>}</Td>
          <Td className="recent-client-ua">
            {c.userAgent ? (
              <>
                <span className="cell-strong">{shortUserAgent(c.userAgent)}</span>
                {shortUserAgent(c.userAgent) !== c.userAgent ? <span className="cell-sub">{c.userAgent}</span> : null}
              </>
            ) : (
              <span className="muted">None sent</span>
            )}
          </Td>
          <Td>
            <time dateTime={c.firstSeenAt} title={formatDateTime(c.firstSeenAt)}>
              {formatRelative(c.firstSeenAt, now)}
            </time>
          </Td>
          <Td>
            <time dateTime={c.lastSeenAt} title={formatDateTime(c.lastSeenAt)}>
              {formatRelative(c.lastSeenAt, now)}
            </time>
          </Td>
          {/* Counted in the batched flush, so "about": a few uses just before a restart may be missing. */}
          <Td title="Approximate: counted in batches">{c.count.toLocaleString()}</Td>
        </tr>
      ))}
    </Table>
  );
}
