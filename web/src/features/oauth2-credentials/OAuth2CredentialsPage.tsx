import { useId, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { Button } from '../../components/ui/Button';
import { ConfirmDialog } from '../../components/ui/ConfirmDialog';
import { confirmationFor } from '../../components/ui/confirmation';
import { EmptyState, ErrorAlert, Loading, Notice } from '../../components/ui/Feedback';
import { errorMessage } from '../../lib/api-client';
import { useSession } from '../session/api/get-session';
import { useDeleteOAuth2Client } from './api/delete-client';
import { OAUTH2_FEATURE, useFeatures } from './api/get-features';
import { oauth2ClientKeys } from './api/keys';
import { useOAuth2Clients } from './api/list-clients';
import { useResetOAuth2ClientSecret } from './api/reset-client-secret';
import type { NewOAuth2Client, OAuth2Client, OAuth2ClientList } from './api/types';
import { ClientsTable } from './components/ClientsTable';
import { EditClientDialog } from './components/EditClientDialog';
import { GenerateClientDialog } from './components/GenerateClientDialog';
import { RevealClientSecretDialog, type RevealedClient } from './components/RevealClientSecretDialog';
import './oauth2-credentials.css';

export interface OAuth2CredentialsPageProps {
  /** `me` for User Settings, or the user's id on an administrator's user page. */
  userId: string | 'me';
}

/** Resources → OAuth 2.0 client credentials of one user: yourself, or anyone for an administrator. */
export function OAuth2CredentialsPage({ userId }: OAuth2CredentialsPageProps) {
  const features = useFeatures();
  const enabled = features.data?.features.includes(OAUTH2_FEATURE) ?? false;
  const list = useOAuth2Clients(userId, enabled);
  return (
    <section className="panel" aria-labelledby="oauth2-heading">
      <header className="panel-header">
        <div>
          <h2 id="oauth2-heading">OAuth 2.0 client credentials</h2>
          <p className="muted">
            Client IDs and secrets that programs exchange for short-lived access tokens at{' '}
            <code>{window.location.origin}/oauth2/v1/token</code> (OAuth 2.0 client-credentials grant).
          </p>
        </div>
      </header>
      {features.isPending ? <Loading /> : null}
      {features.isError ? <ErrorAlert>{errorMessage(features.error)}</ErrorAlert> : null}
      {features.data && !enabled ? (
        <Notice tone="info">OAuth 2.0 client credentials are not available in this deployment.</Notice>
      ) : null}
      {enabled && list.isPending ? <Loading label="Loading credentials…" /> : null}
      {list.isError ? (
        <ErrorAlert title="The credentials could not be loaded.">{errorMessage(list.error)}</ErrorAlert>
      ) : null}
      {list.data ? <ClientsContent userId={userId} data={list.data} /> : null}
    </section>
  );
}

function ClientsContent({ userId, data }: { userId: string; data: OAuth2ClientList }) {
  const queryClient = useQueryClient();
  const session = useSession();
  const reasonId = useId();
  const [generateOpen, setGenerateOpen] = useState(false);
  const [editing, setEditing] = useState<OAuth2Client | null>(null);
  const [resetting, setResetting] = useState<OAuth2Client | null>(null);
  const [deleting, setDeleting] = useState<OAuth2Client | null>(null);
  // The secret's only home: this state, cleared when the reveal dialog closes.
  const [revealed, setRevealed] = useState<RevealedClient | null>(null);
  const reset = useResetOAuth2ClientSecret(userId);
  const remove = useDeleteOAuth2Client(userId);

  const { policy, user, items } = data;
  const forSomeoneElse = session.data !== undefined && session.data?.user.id !== user.id;
  const who = user.displayName || user.username;
  const atLimit = policy.used >= policy.maxPerUser;
  const blockedReason = !user.apiTokensEnabled
    ? `API credentials are turned off for ${forSomeoneElse ? who : 'you'}; existing client credentials are refused until an administrator turns them on again.`
    : atLimit
      ? `You have reached the limit of ${policy.maxPerUser} client credentials. Delete one to generate a new one.`
      : undefined;

  const reveal = (client: NewOAuth2Client) => setRevealed({ client, ...(forSomeoneElse ? { forUser: who } : {}) });
  const closeReveal = () => {
    setRevealed(null);
    void queryClient.invalidateQueries({ queryKey: oauth2ClientKeys.all });
  };

  return (
    <>
      <div className="toolbar">
        <Button
          variant="primary"
          onClick={() => setGenerateOpen(true)}
          disabled={blockedReason !== undefined}
          aria-describedby={blockedReason ? reasonId : undefined}
        >
          Generate OAuth 2.0 client credential
        </Button>
        <p className="usage" aria-live="polite">
          <strong>
            {policy.used} of {policy.maxPerUser}
          </strong>{' '}
          client credentials used
        </p>
      </div>
      {blockedReason ? (
        <Notice tone="warning" id={reasonId}>
          {blockedReason}
        </Notice>
      ) : null}

      {items.length === 0 ? (
        <EmptyState title="No OAuth 2.0 client credentials yet">
          Generate one to let a program obtain access tokens for the APIs and scopes you choose.
        </EmptyState>
      ) : (
        <ClientsTable clients={items} onEdit={setEditing} onResetSecret={setResetting} onDelete={setDeleting} />
      )}

      <GenerateClientDialog
        userId={userId}
        open={generateOpen}
        onOpenChange={setGenerateOpen}
        onGenerated={(client) => {
          setGenerateOpen(false);
          reveal(client);
        }}
      />
      <EditClientDialog userId={userId} client={editing} onClose={() => setEditing(null)} />
      <RevealClientSecretDialog revealed={revealed} onClose={closeReveal} />
      <ConfirmDialog
        {...confirmationFor(resetting, setResetting, reset)}
        title="Reset client secret?"
        confirmLabel="Reset secret"
        onConfirm={() =>
          resetting &&
          reset.mutate(resetting.id, {
            onSuccess: (client) => {
              reset.reset();
              setResetting(null);
              reveal(client);
            },
          })
        }
      >
        The current secret of <strong>{resetting?.name}</strong> and every access token obtained with it stop working at
        once. Programs using it need the new secret.
      </ConfirmDialog>
      <ConfirmDialog
        {...confirmationFor(deleting, setDeleting, remove)}
        title="Delete OAuth 2.0 client credential?"
        confirmLabel="Delete"
        onConfirm={() => deleting && remove.mutate(deleting.id, { onSuccess: () => setDeleting(null) })}
      >
        <strong>{deleting?.name}</strong> and every access token obtained with it stop working at once. This can't be
        undone.
      </ConfirmDialog>
    </>
  );
}

export default OAuth2CredentialsPage;
