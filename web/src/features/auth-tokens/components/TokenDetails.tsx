import { ProjectsLimit } from '../../../components/credentials/ProjectChips';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import {
  CREDENTIAL_STATUS_BADGES,
  Chips,
  CredentialDetails,
  CredentialDetailsFallback,
  type CredentialDetailsPageProps,
  DetailsTime,
  RecentClientsSection,
} from '../../../components/credentials/CredentialDetails';
import { GraceChoice, GraceNote, graceUntil } from '../../../components/credentials/grace';
import { graceToastText } from '../../../components/credentials/grace-text';
import { useRevealed } from '../../../components/credentials/revealed';
import { Button } from '../../../components/ui/Button';
import { ConfirmDialog } from '../../../components/ui/ConfirmDialog';
import { confirmationFor } from '../../../components/ui/confirmation';
import { Badge } from '../../../components/ui/Feedback';
import { toast } from '../../../components/ui/toast';
import { errorMessage } from '../../../lib/api-client';
import { useDeleteAuthToken } from '../api/delete-auth-token';
import { useEndAuthTokenGrace } from '../api/end-grace';
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

export interface TokenDetailsProps extends CredentialDetailsPageProps {
  tokenId: string;
}

function Facts({ token: t, now }: { token: AuthToken; now: number }) {
  const creator = t.creator ? t.creator.displayName || t.creator.username : null;
  return (
    <dl className="details-grid credential-facts">
      <div>
        <dt>Token hint</dt>
        <dd>
          <code className="hint">{t.hint}</code>
        </dd>
      </div>
      <div>
        <dt>Status</dt>
        <dd className="badges">
          {CREDENTIAL_STATUS_BADGES[tokenStatus(t, now)]}
          {t.grace ? <GraceNote grace={t.grace} now={now} /> : null}
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
            <Chips items={t.scopes} />
          )}
        </dd>
      </div>
      <div>
        <dt>Networks</dt>
        <dd>{t.allowedNetworks.length === 0 ? 'Anywhere' : <Chips items={t.allowedNetworks} />}</dd>
      </div>
      <div>
        <dt>Projects</dt>
        <dd>
          <ProjectsLimit projects={t.projects} />
        </dd>
      </div>
      <div>
        <dt>Created</dt>
        <dd>
          <DetailsTime iso={t.createdAt} now={now} />
          {creator ? ` by ${creator}` : null}
        </dd>
      </div>
      <div>
        <dt>Expires</dt>
        <dd>
          {t.expiresAt ? <DetailsTime iso={t.expiresAt} now={now} /> : <Badge tone="warning">No expiration</Badge>}
        </dd>
      </div>
      <div>
        <dt>Last used</dt>
        <dd>
          {t.lastUsedAt ? (
            <>
              <DetailsTime iso={t.lastUsedAt} now={now} />
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
            <DetailsTime iso={t.regeneratedAt} now={now} />
          </dd>
        </div>
      ) : null}
      {t.suspendedAt ? (
        <div>
          <dt>Suspended</dt>
          <dd>
            <DetailsTime iso={t.suspendedAt} now={now} />
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

/** One auth token: its settings, who made it, the clients that use it, its activity, and its actions. */
export function TokenDetails({ userId, tokenId, owner, viewerId, back, activity }: TokenDetailsProps) {
  const token = useAuthToken(userId, tokenId);
  const clients = useTokenClients(userId, tokenId, 30);
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [now] = useState(() => Date.now());
  const [confirming, setConfirming] = useState<'regenerate' | 'suspend' | 'delete' | 'end-grace' | null>(null);
  // Issue 20: how long the old secret keeps working; each Regenerate confirmation starts at None.
  const [graceSeconds, setGraceSeconds] = useState(0);
  const endGrace = useEndAuthTokenGrace(userId);
  const regenerate = useRegenerateAuthToken(userId);
  const remove = useDeleteAuthToken(userId);
  const suspend = useSuspendAuthToken(userId);
  const resume = useResumeAuthToken(userId);
  const forSomeoneElse = owner.id !== viewerId;
  const { revealed, reveal, close } = useRevealed<NewAuthToken>(
    { forUser: forSomeoneElse ? owner.displayName || owner.username : undefined, username: owner.username },
    () => void queryClient.invalidateQueries({ queryKey: authTokenKeys.all }),
  );

  // After a delete the refetch 404s: the page keeps what it showed until it has gone back to the list.
  if (!token.data) return <CredentialDetailsFallback query={token} noun="token" back={back} />;
  const t = token.data;
  const status = tokenStatus(t, now);
  // A confirmation only ever clears its target.
  const closeConfirm = () => setConfirming(null);
  const confirmation = (kind: NonNullable<typeof confirming>, mutation: Parameters<typeof confirmationFor>[2]) =>
    confirmationFor(confirming === kind ? t : null, closeConfirm, mutation);

  const confirmRegenerate = () =>
    regenerate.mutate(
      { tokenId: t.id, graceSeconds },
      {
        onSuccess: (n) => {
          regenerate.reset();
          setConfirming(null);
          reveal(n);
          toast.success(
            `Regenerated the token “${t.description}”. ${graceToastText('secret', n.grace?.until, (iso) => graceUntil(iso))}`,
          );
        },
      },
    );
  const confirmEndGrace = () =>
    endGrace.mutate(t.id, {
      onSuccess: () => {
        setConfirming(null);
        toast.success(`Ended the grace window of “${t.description}”. Its old secret no longer works.`);
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
    <CredentialDetails
      title={t.description}
      subtitle={
        <>
          Auth token <code className="hint">{t.hint}</code>
        </>
      }
      back={back}
      actions={
        <>
          {/* A revoked token comes back only by the administrator's Undo; an expired one can't be regenerated. */}
          {status === 'active' || status === 'suspended' ? (
            <Button
              onClick={() => {
                setGraceSeconds(0);
                setConfirming('regenerate');
              }}
            >
              Regenerate
            </Button>
          ) : null}
          {t.grace ? <Button onClick={() => setConfirming('end-grace')}>End grace now</Button> : null}
          {status === 'revoked' ? null : t.suspendedAt !== null ? (
            <Button busy={resume.isPending} onClick={resumeToken}>
              Resume
            </Button>
          ) : (
            <Button onClick={() => setConfirming('suspend')}>Suspend</Button>
          )}
          <Button variant="danger" onClick={() => setConfirming('delete')}>
            Delete
          </Button>
        </>
      }
      facts={<Facts token={t} now={now} />}
      recentClients={<RecentClientsSection clients={clients} noun="token" now={now} />}
      activity={activity}
    >
      <ConfirmDialog
        {...confirmation('regenerate', regenerate)}
        title="Regenerate token?"
        confirmLabel="Regenerate"
        tone="primary"
        onConfirm={confirmRegenerate}
      >
        A new secret replaces “{t.description}”. It keeps its description and lifetime, counted from now.
        <GraceChoice
          value={graceSeconds}
          onChange={setGraceSeconds}
          atOnce="The current token stops working at once, so scripts that use it are refused until you give them the new one."
          kept={(duration) =>
            `The current token keeps working for ${duration} beside the new one. Each script still using it is shown on this page and you are notified of it; End grace now stops it early.`
          }
        />
        {confirming === 'regenerate' ? <TokenImpact userId={userId} tokenId={t.id} /> : null}
      </ConfirmDialog>
      <ConfirmDialog
        {...confirmation('end-grace', endGrace)}
        title="End grace now?"
        confirmLabel="End grace now"
        onConfirm={confirmEndGrace}
      >
        The old secret of “{t.description}” ({t.grace?.oldSecretHint}) stops working at once, on every server; scripts
        still using it are refused. The new secret keeps working.
      </ConfirmDialog>
      <ConfirmDialog
        {...confirmation('suspend', suspend)}
        title="Suspend token?"
        confirmLabel="Suspend"
        onConfirm={confirmSuspend}
      >
        Scripts that use “{t.description}” ({t.hint}) are refused at once, until you resume it. The token keeps its
        secret and settings.
        {confirming === 'suspend' ? <TokenImpact userId={userId} tokenId={t.id} /> : null}
      </ConfirmDialog>
      <ConfirmDialog
        {...confirmation('delete', remove)}
        title="Delete token?"
        confirmLabel="Delete"
        onConfirm={confirmDelete}
      >
        Scripts that use “{t.description}” ({t.hint}) are refused at once. This can't be undone.
        {confirming === 'delete' ? <TokenImpact userId={userId} tokenId={t.id} /> : null}
      </ConfirmDialog>
      <RevealTokenDialog revealed={revealed} onClose={close} />
    </CredentialDetails>
  );
}
