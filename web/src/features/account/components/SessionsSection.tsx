import './account.css';
import { useId, useRef, useState } from 'react';
import { Button } from '../../../components/ui/Button';
import { ConfirmDialog } from '../../../components/ui/ConfirmDialog';
import { Badge, EmptyState, ErrorAlert, Loading } from '../../../components/ui/Feedback';
import { Table, Td } from '../../../components/ui/Table';
import { toast } from '../../../components/ui/toast';
import { errorMessage } from '../../../lib/api-client';
import { formatDateTime, formatRelative } from '../../../lib/format';
import { useSessions } from '../api/list-sessions';
import { useRevokeSession } from '../api/revoke-session';
import { useSignOutOthers } from '../api/sign-out-others';
import type { UserSession } from '../api/types';
import { describeUserAgent } from './user-agent';

export interface SessionsSectionProps {
  /** `me` (User Settings → Security), or a user's id (an administrator on the user's page). */
  userId: string;
  /** The user's name, on an administrator's view. */
  userName?: string;
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

function When({ iso }: { iso: string }) {
  return (
    <time dateTime={iso} title={formatDateTime(iso)}>
      {formatRelative(iso)}
    </time>
  );
}

/**
 * The browser sessions signed in to an account: device, address, signed in, last active, **This session**; per row
 * **Sign out**, and **Sign out everywhere else** (for an administrator on someone else's page: all of them).
 */
export function SessionsSection({ userId, userName }: SessionsSectionProps) {
  const headingId = useId();
  const sessions = useSessions(userId);
  // An administrator on their own user page is signing out their own other sessions too.
  const own = userId === 'me' || Boolean(sessions.data?.items.some((s) => s.current));
  const revoke = useRevokeSession(userId);
  const others = useSignOutOthers(userId);
  const [confirming, setConfirming] = useState(false);
  // Where focus goes once the row or button that had it is gone (or disabled): the section's heading.
  const heading = useRef<HTMLHeadingElement>(null);
  const focusHeading = () => heading.current?.focus();
  const items = sessions.data?.items ?? [];
  const endable = items.filter((s) => !s.current).length;
  const signOut = (s: UserSession) =>
    revoke.mutate(s.id, {
      onSuccess: () => {
        toast.success(`Signed out ${describeUserAgent(s.userAgent)}${s.ip ? ` (${s.ip})` : ''}.`);
        focusHeading();
      },
      onError: (e) => toast.error(errorMessage(e)),
    });
  const endAll = () =>
    others.mutate(undefined, {
      onSuccess: ({ ended }) => {
        setConfirming(false);
        toast.success(
          own
            ? `Signed out of ${plural(ended, 'other session', 'other sessions')}.`
            : `Ended ${plural(ended, 'session', 'sessions')}.`,
        );
      },
    });
  const endLabel = own ? 'Sign out everywhere else' : 'Sign out all sessions';
  return (
    <section className="panel security-section" aria-labelledby={headingId}>
      <header className="panel-header">
        <div>
          <h2 id={headingId} ref={heading} tabIndex={-1} className="panel-heading">
            Sessions
          </h2>
          <p className="muted">
            {own
              ? 'Where you are signed in to the console. Sign out any you don’t recognise, then change your password.'
              : `Where ${userName ?? 'this user'} is signed in to the console.`}
          </p>
        </div>
      </header>
      {sessions.isPending ? <Loading label="Loading sessions…" /> : null}
      {sessions.isError ? (
        <div className="stack">
          <ErrorAlert title="The sessions could not be loaded.">{errorMessage(sessions.error)}</ErrorAlert>
          <div>
            <Button onClick={() => void sessions.refetch()} busy={sessions.isFetching}>
              Retry
            </Button>
          </div>
        </div>
      ) : null}
      {sessions.data ? (
        <>
          <div className="toolbar">
            <Button
              variant={own ? 'secondary' : 'danger'}
              disabled={endable === 0}
              onClick={() => {
                others.reset();
                setConfirming(true);
              }}
            >
              {endLabel}
            </Button>
          </div>
          {items.length === 0 ? (
            <EmptyState title="No sessions">{own ? null : 'This user is not signed in anywhere.'}</EmptyState>
          ) : (
            <Table
              caption="Sessions"
              columns={['Device', 'Address', 'Signed in', 'Last active']}
              actions
              stacked
              className="sessions-table"
              busy={sessions.isFetching}
            >
              {items.map((s) => {
                const device = describeUserAgent(s.userAgent);
                return (
                  <tr key={s.id}>
                    <Td className="cell-main">
                      <span className="cell-line">
                        <span title={s.userAgent ?? undefined}>{device}</span>
                        {s.current ? <Badge tone="success">This session</Badge> : null}
                      </span>
                    </Td>
                    <Td data-label="Address">{s.ip ?? '—'}</Td>
                    <Td data-label="Signed in">
                      <When iso={s.createdAt} />
                    </Td>
                    <Td data-label="Last active">{s.current ? 'Now' : <When iso={s.lastSeenAt} />}</Td>
                    <Td className="cell-actions">
                      {s.current ? null : (
                        <Button
                          size="sm"
                          busy={revoke.isPending && revoke.variables === s.id}
                          onClick={() => signOut(s)}
                        >
                          Sign out<span className="sr-only"> {`${device}${s.ip ? ` from ${s.ip}` : ''}`}</span>
                        </Button>
                      )}
                    </Td>
                  </tr>
                );
              })}
            </Table>
          )}
        </>
      ) : null}
      <ConfirmDialog
        open={confirming}
        onOpenChange={setConfirming}
        title={own ? 'Sign out everywhere else?' : `Sign out all of ${userName ?? 'this user'}’s sessions?`}
        confirmLabel={endLabel}
        busy={others.isPending}
        error={others.error ? errorMessage(others.error) : undefined}
        onConfirm={endAll}
        onCloseAutoFocus={(e) => {
          // Sign out everywhere else is disabled once there is nothing left to end.
          if (others.isSuccess) {
            e.preventDefault();
            focusHeading();
          }
        }}
      >
        {own
          ? `Every other browser signed in as you (${plural(endable, 'session', 'sessions')}) is signed out. This one stays signed in.`
          : `${plural(endable, 'session', 'sessions')} end at once; they sign in again with their password.`}
      </ConfirmDialog>
    </section>
  );
}
