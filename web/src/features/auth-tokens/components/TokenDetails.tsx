import { useEffect, useRef, useState, type ReactNode } from 'react';
import { Link, useNavigate } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { useRevealed } from '../../../components/credentials/revealed';
import { RecentClientsTable } from '../../../components/credentials/RecentClientsTable';
import { Button } from '../../../components/ui/Button';
import { ConfirmDialog } from '../../../components/ui/ConfirmDialog';
import { confirmationFor } from '../../../components/ui/confirmation';
import { Badge, ErrorAlert, Loading } from '../../../components/ui/Feedback';
import { toast } from '../../../components/ui/toast';
import { errorMessage, isApiError } from '../../../lib/api-client';
import { formatDateTime, formatRelative } from '../../../lib/format';
import { useDeleteAuthToken } from '../api/delete-auth-token';
import { useAuthToken } from '../api/get-auth-token';
import { authTokenKeys } from '../api/keys';
import { useTokenClients } from '../api/list-token-clients';
import { useRegenerateAuthToken } from '../api/regenerate-auth-token';
import { useResumeAuthToken } from '../api/resume-auth-token';
import { useSuspendAuthToken } from '../api/suspend-auth-token';
import type { AuthToken, NewAuthToken } from '../api/types';
import { RevealTokenDialog } from './RevealTokenDialog';
import { TokenImpact } from './TokenImpact';
import { tokenStatus } from './token-list';
import './token-details.css';

export interface TokenDetailsProps {
  /** `me` or the owner's id, as in the address. */
  userId: string;
  tokenId: string;
  /** The owner, to name them in the reveal dialog (an administrator delivers a regenerated token). */
  owner: { id: string; username: string; displayName: string };
  viewerId: string;
  /** Where "back" leads: the owner's Auth Tokens, or the inventory the row was opened from. */
  back: { to: string; label: string };
  /** The token's own activity, wired in by the page (another feature's list). */
  activity: ReactNode;
}

const STATUS_BADGES = {
  active: <Badge tone="success">Active</Badge>,
  expired: <Badge tone="danger">Expired</Badge>,
  suspended: <Badge tone="neutral">Suspended</Badge>,
  revoked: <Badge tone="danger">Revoked</Badge>,
};

function When({ iso, now }: { iso: string; now: number }) {
  return (
    <time dateTime={iso} title={formatDateTime(iso)}>
      {formatDateTime(iso)} <span className="muted">({formatRelative(iso, now)})</span>
    </time>
  );
}

function Facts({ token: t, now }: { token: AuthToken; now: number }) {
  const creator = t.creator ? t.creator.displayName || t.creator.username : null;
  return (
    <dl className="details-grid token-facts">
      <div>
        <dt>Token hint</dt>
        <dd>
          <code className="hint">{t.hint}</code>
        </dd>
      </div>
      <div>
        <dt>Status</dt>
        <dd className="badges">
          {STATUS_BADGES[tokenStatus(t, now)]}
          {t.revocation ? (
            <span className="muted">
              {t.revocation.kind === 'inactive' ? 'Unused for too long' : `By an administrator: ${t.revocation.reason}`}
            </span>
          ) : null}
        </dd>
      </div>
      <div>
        <dt>Scopes</dt>
        <dd>
          {t.fullAccess ? (
            <>
              <Badge tone="warning">Full access</Badge> <span className="muted">every scope its owner can use</span>
            </>
          ) : (
            <ul className="token-chips">
              {t.scopes.map((s) => (
                <li key={s}>
                  <code>{s}</code>
                </li>
              ))}
            </ul>
          )}
        </dd>
      </div>
      <div>
        <dt>Networks</dt>
        <dd>
          {t.allowedNetworks.length === 0 ? (
            'Anywhere'
          ) : (
            <ul className="token-chips">
              {t.allowedNetworks.map((n) => (
                <li key={n}>
                  <code>{n}</code>
                </li>
              ))}
            </ul>
          )}
        </dd>
      </div>
      <div>
        <dt>Created</dt>
        <dd>
          <When iso={t.createdAt} now={now} />
          {creator ? ` by ${creator}` : null}
        </dd>
      </div>
      <div>
        <dt>Expires</dt>
        <dd>{t.expiresAt ? <When iso={t.expiresAt} now={now} /> : <Badge tone="warning">No expiration</Badge>}</dd>
      </div>
      <div>
        <dt>Last used</dt>
        <dd>
          {t.lastUsedAt ? (
            <>
              <When iso={t.lastUsedAt} now={now} />
              {t.lastUsedIp ? (
                <>
                  {' '}
                  from <code>{t.lastUsedIp}</code>
                </>
              ) : null}
            </>
          ) : (
            'Never'
          )}
        </dd>
      </div>
      {t.regeneratedAt ? (
        <div>
          <dt>Regenerated</dt>
          <dd>
            <When iso={t.regeneratedAt} now={now} />
          </dd>
        </div>
      ) : null}
      {t.suspendedAt ? (
        <div>
          <dt>Suspended</dt>
          <dd>
            <When iso={t.suspendedAt} now={now} />
          </dd>
        </div>
      ) : null}
      <div>
        <dt>Token ID</dt>
        <dd>
          <code>{t.id}</code>
        </dd>
      </div>
    </dl>
  );
}

function RecentClients({ userId, tokenId, now }: { userId: string; tokenId: string; now: number }) {
  const clients = useTokenClients(userId, tokenId, 30);
  if (clients.isPending) return <Loading label="Loading recent clients…" />;
  if (clients.isError)
    return (
      <ErrorAlert title="Could not load recent clients.">
        {errorMessage(clients.error)}{' '}
        <Button size="sm" busy={clients.isFetching} onClick={() => void clients.refetch()}>
          Retry
        </Button>
      </ErrorAlert>
    );
  return <RecentClientsTable clients={clients.data.items} noun="token" now={now} />;
}

/** One auth token: its settings, who made it, the clients that use it, its activity, and its actions. */
export function TokenDetails({ userId, tokenId, owner, viewerId, back, activity }: TokenDetailsProps) {
  const token = useAuthToken(userId, tokenId);
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const heading = useRef<HTMLHeadingElement>(null);
  const [now] = useState(() => Date.now());
  const [confirming, setConfirming] = useState<'regenerate' | 'suspend' | 'delete' | null>(null);
  const regenerate = useRegenerateAuthToken(userId);
  const remove = useDeleteAuthToken(userId);
  const suspend = useSuspendAuthToken(userId);
  const resume = useResumeAuthToken(userId);
  const forSomeoneElse = owner.id !== viewerId;
  const { revealed, reveal, close } = useRevealed<NewAuthToken>(
    { forUser: forSomeoneElse ? owner.displayName || owner.username : undefined, username: owner.username },
    () => void queryClient.invalidateQueries({ queryKey: authTokenKeys.all }),
  );
  // The page opens with its heading focused, as a new page should for screen readers.
  const loaded = token.data !== undefined;
  useEffect(() => {
    if (loaded) heading.current?.focus();
  }, [loaded]);

  // After a delete the refetch 404s: the page keeps what it showed until it has gone back to the list.
  if (!token.data) {
    if (token.isPending) return <Loading label="Loading the token…" />;
    return (
      <div className="stack">
        <h2>{isApiError(token.error, 404) ? 'Token not found' : 'Token'}</h2>
        <ErrorAlert>
          {isApiError(token.error, 404)
            ? 'This token does not exist (any more): it may have been deleted.'
            : errorMessage(token.error)}
        </ErrorAlert>
        <p>
          <Link to={back.to}>Back to {back.label}</Link>
        </p>
      </div>
    );
  }
  const t = token.data;
  const status = tokenStatus(t, now);
  const target = confirming ? t : null;
  // A confirmation only ever clears its target.
  const onConfirmClose = () => setConfirming(null);

  const confirmRegenerate = () =>
    regenerate.mutate(t.id, {
      onSuccess: (n) => {
        regenerate.reset();
        setConfirming(null);
        reveal(n);
        toast.success(`Regenerated the token “${t.description}”. The old secret no longer works.`);
      },
    });
  const confirmSuspend = () =>
    suspend.mutate(t.id, {
      onSuccess: () => {
        setConfirming(null);
        toast.success(`Suspended the token “${t.description}”. It is refused until you resume it.`);
      },
    });
  const confirmDelete = () =>
    remove.mutate(t.id, {
      onSuccess: () => {
        setConfirming(null);
        toast.success(`Deleted the token “${t.description}”.`);
        void navigate(back.to);
      },
    });
  const resumeToken = () =>
    resume.mutate(t.id, {
      onSuccess: () => toast.success(`Resumed the token “${t.description}”. It works again.`),
      onError: (error) => toast.error(`The token “${t.description}” could not be resumed: ${errorMessage(error)}`),
    });

  return (
    <article className="stack token-details" aria-labelledby="token-details-heading">
      <p className="token-details-back">
        <Link to={back.to}>
          <span aria-hidden="true">← </span>Back to {back.label}
        </Link>
      </p>
      <div className="page-header token-details-header">
        <div>
          <h2 id="token-details-heading" ref={heading} tabIndex={-1} className="panel-heading token-details-title">
            {t.description}
          </h2>
          <p className="muted">
            Auth token <code className="hint">{t.hint}</code>
          </p>
        </div>
        <div className="button-row">
          {status === 'revoked' ? null : (
            <>
              {status === 'expired' ? null : <Button onClick={() => setConfirming('regenerate')}>Regenerate</Button>}
              {t.suspendedAt !== null ? (
                <Button busy={resume.isPending} onClick={resumeToken}>
                  Resume
                </Button>
              ) : (
                <Button onClick={() => setConfirming('suspend')}>Suspend</Button>
              )}
            </>
          )}
          <Button variant="danger" onClick={() => setConfirming('delete')}>
            Delete
          </Button>
        </div>
      </div>
      <Facts token={t} now={now} />
      <section aria-labelledby="token-clients-heading" className="stack">
        <h3 id="token-clients-heading">Recent clients</h3>
        <p className="muted">
          Each address and user agent that used this token in the last 30 days (up to 20, newest first). Counts are
          approximate.
        </p>
        <RecentClients userId={userId} tokenId={t.id} now={now} />
      </section>
      <section aria-labelledby="token-activity-heading" className="stack">
        <h3 id="token-activity-heading">Activity</h3>
        {activity}
      </section>

      <ConfirmDialog
        {...confirmationFor(confirming === 'regenerate' ? target : null, onConfirmClose, regenerate)}
        title="Regenerate token?"
        confirmLabel="Regenerate"
        tone="primary"
        onConfirm={confirmRegenerate}
      >
        A new secret replaces “{t.description}”. The current token stops working at once, so scripts that use it are
        refused until you give them the new one. It keeps its description and lifetime, counted from now.
        {confirming === 'regenerate' ? <TokenImpact userId={userId} tokenId={t.id} /> : null}
      </ConfirmDialog>
      <ConfirmDialog
        {...confirmationFor(confirming === 'suspend' ? target : null, onConfirmClose, suspend)}
        title="Suspend token?"
        confirmLabel="Suspend"
        onConfirm={confirmSuspend}
      >
        Scripts that use “{t.description}” ({t.hint}) are refused at once, until you resume it. The token keeps its
        secret and settings.
        {confirming === 'suspend' ? <TokenImpact userId={userId} tokenId={t.id} /> : null}
      </ConfirmDialog>
      <ConfirmDialog
        {...confirmationFor(confirming === 'delete' ? target : null, onConfirmClose, remove)}
        title="Delete token?"
        confirmLabel="Delete"
        onConfirm={confirmDelete}
      >
        Scripts that use “{t.description}” ({t.hint}) are refused at once. This can't be undone.
        {confirming === 'delete' ? <TokenImpact userId={userId} tokenId={t.id} /> : null}
      </ConfirmDialog>
      <RevealTokenDialog revealed={revealed} onClose={close} />
    </article>
  );
}
