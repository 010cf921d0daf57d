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
import { CopyButton } from '../../../components/ui/CopyButton';
import { Badge } from '../../../components/ui/Feedback';
import { toast } from '../../../components/ui/toast';
import { errorMessage } from '../../../lib/api-client';
import { useDeleteOAuth2Client } from '../api/delete-client';
import { useEndOAuth2ClientGrace } from '../api/end-client-grace';
import { useOAuth2Client } from '../api/get-client';
import { oauth2ClientKeys } from '../api/keys';
import { useRecentClients } from '../api/list-recent-clients';
import { useResetOAuth2ClientSecret } from '../api/reset-client-secret';
import { useResumeOAuth2Client } from '../api/resume-client';
import { useSuspendOAuth2Client } from '../api/suspend-client';
import type { NewOAuth2Client, OAuth2Client } from '../api/types';
import { ClientImpact } from './ClientImpact';
import { RevealClientSecretDialog } from './RevealClientSecretDialog';

export interface ClientDetailsProps extends CredentialDetailsPageProps {
  /** The credential's id (not its OAuth client ID), as in the address. */
  clientId: string;
}

function Facts({ client: c, now }: { client: OAuth2Client; now: number }) {
  const creator = c.creator ? c.creator.displayName || c.creator.username : null;
  return (
    <dl className="details-grid credential-facts">
      <div>
        <dt>Client ID</dt>
        <dd className="cell-line">
          <code>{c.clientId}</code>
          <CopyButton value={c.clientId} ariaLabel="Copy client ID" size="sm" />
        </dd>
      </div>
      <div>
        <dt>Status</dt>
        <dd className="badges">
          {CREDENTIAL_STATUS_BADGES[c.status]}
          {c.grace ? <GraceNote grace={c.grace} now={now} /> : null}
        </dd>
      </div>
      {c.description ? (
        <div>
          <dt>Title</dt>
          <dd>{c.description}</dd>
        </div>
      ) : null}
      <div>
        <dt>Scopes</dt>
        <dd>
          <Chips items={c.fullyQualifiedScopes} />
        </dd>
      </div>
      <div>
        <dt>Networks</dt>
        <dd>{c.allowedNetworks.length === 0 ? 'Anywhere' : <Chips items={c.allowedNetworks} />}</dd>
      </div>
      <div>
        <dt>Projects</dt>
        <dd>
          <ProjectsLimit projects={c.projects} />
        </dd>
      </div>
      <div>
        <dt>Secret</dt>
        <dd>
          <code className="hint">{c.secretHint}</code>
          {c.secretResetAt ? (
            <>
              {' '}
              reset <DetailsTime iso={c.secretResetAt} now={now} />
            </>
          ) : null}
        </dd>
      </div>
      <div>
        <dt>Created</dt>
        <dd>
          <DetailsTime iso={c.createdAt} now={now} />
          {creator ? ` by ${creator}` : null}
        </dd>
      </div>
      <div>
        <dt>Expires</dt>
        <dd>
          {c.expiresAt ? <DetailsTime iso={c.expiresAt} now={now} /> : <Badge tone="warning">No expiration</Badge>}
        </dd>
      </div>
      <div>
        <dt>Last token</dt>
        <dd>{c.lastUsedAt ? <DetailsTime iso={c.lastUsedAt} now={now} /> : 'Never'}</dd>
      </div>
    </dl>
  );
}

/** One OAuth 2.0 client credential: its client ID, scopes, networks, the programs that use it, and its activity. */
export function ClientDetails({ userId, clientId, owner, viewerId, back, activity }: ClientDetailsProps) {
  const client = useOAuth2Client(userId, clientId);
  const recent = useRecentClients(userId, clientId, 30);
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [now] = useState(() => Date.now());
  const [confirming, setConfirming] = useState<'reset' | 'suspend' | 'delete' | 'end-grace' | null>(null);
  // Issue 20: how long the old secret keeps working; each Reset secret confirmation starts at None.
  const [graceSeconds, setGraceSeconds] = useState(0);
  const endGrace = useEndOAuth2ClientGrace(userId);
  const reset = useResetOAuth2ClientSecret(userId);
  const remove = useDeleteOAuth2Client(userId);
  const suspend = useSuspendOAuth2Client(userId);
  const resume = useResumeOAuth2Client(userId);
  const forSomeoneElse = owner.id !== viewerId;
  const { revealed, reveal, close } = useRevealed<NewOAuth2Client>(
    { forUser: forSomeoneElse ? owner.displayName || owner.username : undefined, username: owner.username },
    () => void queryClient.invalidateQueries({ queryKey: oauth2ClientKeys.all }),
  );

  // After a delete the refetch 404s: the page keeps what it showed until it has gone back to the list.
  if (!client.data) return <CredentialDetailsFallback query={client} noun="client credential" back={back} />;
  const c = client.data;
  const closeConfirm = () => setConfirming(null);
  const confirmation = (kind: NonNullable<typeof confirming>, mutation: Parameters<typeof confirmationFor>[2]) =>
    confirmationFor(confirming === kind ? c : null, closeConfirm, mutation);

  const confirmReset = () =>
    reset.mutate(
      { clientId: c.id, graceSeconds },
      {
        onSuccess: (n) => {
          reset.reset();
          setConfirming(null);
          reveal(n);
          toast.success(
            `Reset the secret of “${c.name}”. ${graceToastText('secret', n.grace?.until, (iso) => graceUntil(iso))}`,
          );
        },
      },
    );
  const confirmEndGrace = () =>
    endGrace.mutate(c.id, {
      onSuccess: () => {
        setConfirming(null);
        toast.success(`Ended the grace window of “${c.name}”. Its old secret no longer works.`);
      },
    });
  const confirmSuspend = () =>
    suspend.mutate(c.id, {
      onSuccess: () => {
        setConfirming(null);
        toast.success(`Suspended the OAuth 2.0 client credential “${c.name}”. It is refused until you resume it.`);
      },
    });
  const confirmDelete = () =>
    remove.mutate(c.id, {
      onSuccess: () => {
        setConfirming(null);
        toast.success(`Deleted the OAuth 2.0 client credential “${c.name}”.`);
        void navigate(back.to);
      },
    });
  const resumeClient = () =>
    resume.mutate(c.id, {
      onSuccess: () => toast.success(`Resumed the OAuth 2.0 client credential “${c.name}”. It works again.`),
      onError: (error) => toast.error(`“${c.name}” could not be resumed: ${errorMessage(error)}`),
    });

  return (
    <CredentialDetails
      title={c.name}
      subtitle="OAuth 2.0 client credential"
      back={back}
      actions={
        <>
          <Button
            onClick={() => {
              setGraceSeconds(0);
              setConfirming('reset');
            }}
          >
            Reset secret
          </Button>
          {c.grace ? <Button onClick={() => setConfirming('end-grace')}>End grace now</Button> : null}
          {c.suspendedAt !== null ? (
            <Button busy={resume.isPending} onClick={resumeClient}>
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
      facts={<Facts client={c} now={now} />}
      recentClients={<RecentClientsSection clients={recent} noun="credential" now={now} />}
      activity={activity}
    >
      <ConfirmDialog
        {...confirmation('reset', reset)}
        title="Reset client secret?"
        confirmLabel="Reset secret"
        onConfirm={confirmReset}
      >
        A new secret replaces the one of <strong>{c.name}</strong>.
        <GraceChoice
          value={graceSeconds}
          onChange={setGraceSeconds}
          atOnce="The current secret and every access token obtained with it stop working at once. Programs using it need the new secret."
          kept={(duration) =>
            `The current secret keeps obtaining access tokens for ${duration} beside the new one (those it obtained before the reset stop at once). Each program still using it is shown on this page and you are notified of it; End grace now stops it early.`
          }
        />
        {confirming === 'reset' ? <ClientImpact userId={userId} clientId={c.id} /> : null}
      </ConfirmDialog>
      <ConfirmDialog
        {...confirmation('end-grace', endGrace)}
        title="End grace now?"
        confirmLabel="End grace now"
        onConfirm={confirmEndGrace}
      >
        The old secret of <strong>{c.name}</strong> ({c.grace?.oldSecretHint}) stops working at once, on every server;
        programs still using it are refused. The new secret keeps working.
      </ConfirmDialog>
      <ConfirmDialog
        {...confirmation('suspend', suspend)}
        title="Suspend OAuth 2.0 client credential?"
        confirmLabel="Suspend"
        onConfirm={confirmSuspend}
      >
        <strong>{c.name}</strong> can't obtain access tokens, and those it holds are refused at once, until you resume
        it. It keeps its secret and settings.
        {confirming === 'suspend' ? <ClientImpact userId={userId} clientId={c.id} /> : null}
      </ConfirmDialog>
      <ConfirmDialog
        {...confirmation('delete', remove)}
        title="Delete OAuth 2.0 client credential?"
        confirmLabel="Delete"
        onConfirm={confirmDelete}
      >
        <strong>{c.name}</strong> and every access token obtained with it stop working at once. This can't be undone.
        {confirming === 'delete' ? <ClientImpact userId={userId} clientId={c.id} /> : null}
      </ConfirmDialog>
      <RevealClientSecretDialog revealed={revealed} onClose={close} />
    </CredentialDetails>
  );
}
