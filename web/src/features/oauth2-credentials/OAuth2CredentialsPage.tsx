import { useRef, useState, type RefObject } from 'react';
import { useIsFetching, useQueryClient } from '@tanstack/react-query';
import { CredentialToolbar } from '../../components/credentials/CredentialPanel';
import { FeatureCredentialPanel } from '../../components/credentials/FeatureCredentialPanel';
import { AdministratorsToContact } from '../../components/credentials/AdministratorsToContact';
import { GraceChoice, graceUntil } from '../../components/credentials/grace';
import { graceToastText } from '../../components/credentials/grace-text';
import { useLinkedRow } from '../../components/credentials/linked-row';
import { useRevealed } from '../../components/credentials/revealed';
import { useRowFocus } from '../../components/credentials/row-focus';
import { ConfirmDialog } from '../../components/ui/ConfirmDialog';
import { confirmationFor } from '../../components/ui/confirmation';
import { toast } from '../../components/ui/toast';
import { EmptyState } from '../../components/ui/Feedback';
import { errorMessage } from '../../lib/api-client';
import { useFeatureFlag } from '../../lib/feature-flags';
import { useDeleteOAuth2Client } from './api/delete-client';
import { oauth2ClientKeys } from './api/keys';
import { useOAuth2Clients } from './api/list-clients';
import { useEndOAuth2ClientGrace } from './api/end-client-grace';
import { useResetOAuth2ClientSecret } from './api/reset-client-secret';
import { useResumeOAuth2Client } from './api/resume-client';
import { useSuspendOAuth2Client } from './api/suspend-client';
import type { NewOAuth2Client, OAuth2Client, OAuth2ClientList } from './api/types';
import { ClientImpact } from './components/ClientImpact';
import { ClientsTable } from './components/ClientsTable';
import { EditClientDialog } from './components/EditClientDialog';
import { GenerateClientDialog } from './components/GenerateClientDialog';
import { RevealClientSecretDialog } from './components/RevealClientSecretDialog';
import './oauth2-credentials.css';

export interface OAuth2CredentialsPageProps {
  /** `me` for User Settings, or the user's id on an administrator's user page. */
  userId: string | 'me';
  /** Who is signed in: when it is someone else's list, a new secret is theirs to be delivered. */
  viewerId: string;
  /** The owner is an administrator: Tessera's administrators' scopes are offered for Tessera's own audience. */
  ownerIsAdmin: boolean;
}

/** Resources → OAuth 2.0 client credentials of one user: yourself, or anyone for an administrator. */
export function OAuth2CredentialsPage({ userId, viewerId, ownerIsAdmin }: OAuth2CredentialsPageProps) {
  const feature = useFeatureFlag('oauth2-client-credentials');
  // Where focus goes when a delete empties the list.
  const heading = useRef<HTMLHeadingElement>(null);
  const list = useOAuth2Clients(userId, feature.enabled === true);
  return (
    <FeatureCredentialPanel
      title="OAuth 2.0 client credentials"
      headingRef={heading}
      intro={
        <>
          Client IDs and secrets that programs exchange for short-lived access tokens at{' '}
          <code>{window.location.origin}/oauth2/v1/token</code> (OAuth 2.0 client-credentials grant).
        </>
      }
      loadingLabel="Loading credentials…"
      errorTitle="The credentials could not be loaded."
      feature={feature}
      list={list}
      unavailable="OAuth 2.0 client credentials are not available in this deployment."
    >
      {(data) => (
        <ClientsContent userId={userId} viewerId={viewerId} ownerIsAdmin={ownerIsAdmin} data={data} heading={heading} />
      )}
    </FeatureCredentialPanel>
  );
}

function ClientsContent({ userId, viewerId, ownerIsAdmin, data, heading }: ClientsContentProps) {
  const queryClient = useQueryClient();
  const generateButton = useRef<HTMLButtonElement>(null);
  const [generateOpen, setGenerateOpen] = useState(false);
  const [editing, setEditing] = useState<OAuth2Client | null>(null);
  const [resetting, setResetting] = useState<OAuth2Client | null>(null);
  const [deleting, setDeleting] = useState<OAuth2Client | null>(null);
  const [suspending, setSuspending] = useState<OAuth2Client | null>(null);
  const [endingGrace, setEndingGrace] = useState<OAuth2Client | null>(null);
  // Issue 20: how long the old secret keeps working; each Reset secret confirmation starts at None.
  const [graceSeconds, setGraceSeconds] = useState(0);
  const [graceFor, setGraceFor] = useState<string | null>(null);
  if (resetting && graceFor !== resetting.id) {
    setGraceFor(resetting.id);
    setGraceSeconds(0);
  }
  const endGrace = useEndOAuth2ClientGrace(userId);
  const reset = useResetOAuth2ClientSecret(userId);
  const remove = useDeleteOAuth2Client(userId);
  const suspend = useSuspendOAuth2Client(userId);
  const resume = useResumeOAuth2Client(userId);
  const focus = useRowFocus<OAuth2Client>(heading);

  const { policy, user, items, projectChoices } = data;
  // A notification's link (`?client=<id>`): that row highlighted and its Actions focused; deleted since, the heading.
  const listSettled = useIsFetching({ queryKey: oauth2ClientKeys.list(userId) }) === 0;
  const linked = useLinkedRow('client', items, listSettled, heading);
  const forSomeoneElse = user.id !== viewerId;
  const who = user.displayName || user.username;
  const blockedReason = !policy.enabled
    ? 'OAuth 2.0 client credentials are turned off by your organisation’s policy; existing ones can’t obtain access tokens until an administrator turns them on again.'
    : !user.apiTokensEnabled
      ? `API credentials are turned off for ${forSomeoneElse ? who : 'you'}; existing client credentials are refused until an administrator turns them on again.`
      : policy.used >= policy.maxPerUser
        ? `You have reached the limit of ${policy.maxPerUser} client credentials. Delete one to generate a new one.`
        : undefined;

  const {
    revealed,
    reveal,
    close: closeReveal,
  } = useRevealed<NewOAuth2Client>({ forUser: forSomeoneElse ? who : undefined, username: user.username }, () => {
    void queryClient.invalidateQueries({ queryKey: oauth2ClientKeys.all });
  });
  const pairsExcept = (id?: string) => items.filter((c) => c.id !== id).flatMap((c) => c.scopes);

  const confirmReset = () => {
    if (!resetting) return;
    const { id, name } = resetting;
    reset.mutate(
      { clientId: id, graceSeconds },
      {
        onSuccess: (client) => {
          reset.reset();
          focus.handOver();
          setResetting(null);
          setGraceFor(null);
          reveal(client);
          toast.success(
            `Reset the secret of “${name}”. ${graceToastText('secret', client.grace?.until, (iso) => graceUntil(iso))}`,
          );
        },
      },
    );
  };
  const confirmEndGrace = () => {
    if (!endingGrace) return;
    const { id, name } = endingGrace;
    endGrace.mutate(id, {
      onSuccess: () => {
        setEndingGrace(null);
        toast.success(`Ended the grace window of “${name}”. Its old secret no longer works.`);
      },
    });
  };
  const confirmDelete = () => {
    if (!deleting) return;
    const { id, name } = deleting;
    focus.deleteRow(items, id, remove.mutate, () => {
      setDeleting(null);
      toast.success(`Deleted the OAuth 2.0 client credential “${name}”.`);
    });
  };

  const confirmSuspend = () => {
    if (!suspending) return;
    const { id, name } = suspending;
    suspend.mutate(id, {
      onSuccess: () => {
        setSuspending(null);
        toast.success(`Suspended the OAuth 2.0 client credential “${name}”. It is refused until you resume it.`);
      },
    });
  };
  // Nothing to lose by resuming: no confirmation, the toast says what happened (and Suspend undoes it).
  const resumeClient = ({ id, name }: OAuth2Client) =>
    resume.mutate(id, {
      onSuccess: () => toast.success(`Resumed the OAuth 2.0 client credential “${name}”. It works again.`),
      onError: (error) => toast.error(`“${name}” could not be resumed: ${errorMessage(error)}`),
    });

  return (
    <>
      <CredentialToolbar
        generateLabel="Generate OAuth 2.0 client credential"
        onGenerate={() => setGenerateOpen(true)}
        generateRef={generateButton}
        blockedReason={blockedReason}
        blockedDetail={!user.apiTokensEnabled && !forSomeoneElse ? <AdministratorsToContact /> : undefined}
        used={policy.used}
        max={policy.maxPerUser}
        noun="client credentials"
      />
      {items.length === 0 ? (
        <EmptyState title="No OAuth 2.0 client credentials yet">
          Generate one to let a program obtain access tokens for the APIs and scopes you choose.
        </EmptyState>
      ) : (
        <ClientsTable
          clients={items}
          highlightId={linked}
          onEdit={focus.fromRow(setEditing)}
          onResetSecret={focus.fromRow(setResetting)}
          onSuspend={focus.fromRow(setSuspending)}
          onResume={resumeClient}
          onDelete={focus.fromRow(setDeleting)}
          onEndGrace={focus.fromRow(setEndingGrace)}
        />
      )}

      <GenerateClientDialog
        userId={userId}
        open={generateOpen}
        onOpenChange={setGenerateOpen}
        otherPairs={pairsExcept()}
        ownerIsAdmin={ownerIsAdmin}
        projectChoices={projectChoices}
        onGenerated={(client) => {
          setGenerateOpen(false);
          focus.clear();
          reveal(client);
          toast.success(`Generated the OAuth 2.0 client credential “${client.name}”. Copy the secret now.`);
        }}
      />
      <EditClientDialog
        userId={userId}
        client={editing}
        onClose={() => setEditing(null)}
        otherPairs={pairsExcept(editing?.id)}
        ownerIsAdmin={ownerIsAdmin}
        projectChoices={projectChoices}
        onCloseAutoFocus={focus.returnFocus}
      />
      <RevealClientSecretDialog
        revealed={revealed}
        onClose={closeReveal}
        onCloseAutoFocus={focus.returnFocusOr(() =>
          generateButton.current?.disabled ? heading.current : generateButton.current,
        )}
      />
      <ConfirmDialog
        {...confirmationFor(resetting, setResetting, reset)}
        title="Reset client secret?"
        confirmLabel="Reset secret"
        onConfirm={confirmReset}
        onCloseAutoFocus={focus.returnFocus}
      >
        A new secret replaces the one of <strong>{resetting?.name}</strong>.
        <GraceChoice
          value={graceSeconds}
          onChange={setGraceSeconds}
          atOnce="The current secret and every access token obtained with it stop working at once. Programs using it need the new secret."
          kept={(duration) =>
            `The current secret keeps obtaining access tokens for ${duration} beside the new one (those it obtained before the reset stop at once). Each program still using it is shown on this row and you are notified of it; End grace now stops it early.`
          }
        />
      </ConfirmDialog>
      <ConfirmDialog
        {...confirmationFor(endingGrace, setEndingGrace, endGrace)}
        title="End grace now?"
        confirmLabel="End grace now"
        onConfirm={confirmEndGrace}
        onCloseAutoFocus={focus.returnFocus}
      >
        The old secret of <strong>{endingGrace?.name}</strong> ({endingGrace?.grace?.oldSecretHint}) stops working at
        once, on every server; programs still using it are refused. The new secret keeps working.
      </ConfirmDialog>
      <ConfirmDialog
        {...confirmationFor(suspending, setSuspending, suspend)}
        title="Suspend OAuth 2.0 client credential?"
        confirmLabel="Suspend"
        onConfirm={confirmSuspend}
        onCloseAutoFocus={focus.returnFocus}
      >
        <strong>{suspending?.name}</strong> can't obtain access tokens, and those it holds are refused at once, until
        you resume it. It keeps its secret and settings.
        {suspending ? <ClientImpact userId={userId} clientId={suspending.id} /> : null}
      </ConfirmDialog>
      <ConfirmDialog
        {...confirmationFor(deleting, setDeleting, remove)}
        title="Delete OAuth 2.0 client credential?"
        confirmLabel="Delete"
        onConfirm={confirmDelete}
        onCloseAutoFocus={focus.returnFocus}
      >
        <strong>{deleting?.name}</strong> and every access token obtained with it stop working at once. This can't be
        undone.
        {deleting ? <ClientImpact userId={userId} clientId={deleting.id} /> : null}
      </ConfirmDialog>
    </>
  );
}

interface ClientsContentProps extends OAuth2CredentialsPageProps {
  data: OAuth2ClientList;
  heading: RefObject<HTMLHeadingElement | null>;
}

export default OAuth2CredentialsPage;
