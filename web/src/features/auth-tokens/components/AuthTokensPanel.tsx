import { useRef, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { CredentialPanel, CredentialToolbar } from '../../../components/credentials/CredentialPanel';
import { useRevealed } from '../../../components/credentials/revealed';
import { confirmationFor } from '../../../components/ui/confirmation';
import { ChunkSuspense } from '../../../components/ui/ChunkBoundary';
import { EmptyState } from '../../../components/ui/Feedback';
import { lazyWithRetry } from '../../../lib/lazy';
import { useDeleteAuthToken } from '../api/delete-auth-token';
import { authTokenKeys } from '../api/keys';
import { useAuthTokens } from '../api/list-auth-tokens';
import { useRegenerateAuthToken } from '../api/regenerate-auth-token';
import type { AuthToken, AuthTokenList, NewAuthToken } from '../api/types';
import { AuthTokensTable } from './AuthTokensTable';

// The dialogs arrive when first wanted (retried, then an inline error with Retry): on hover or focus of a button that opens one, or at the latest on its press.
let dialogs: ReturnType<typeof importDialogs> | undefined;
const importDialogs = () => import('./dialogs');
const loadDialogs = () =>
  (dialogs ??= importDialogs().catch((err: unknown) => {
    dialogs = undefined;
    throw err;
  }));
const preloadDialogs = () => void loadDialogs().catch(() => undefined);
const GenerateTokenDialog = lazyWithRetry(() => loadDialogs().then((m) => ({ default: m.GenerateTokenDialog })));
const RevealTokenDialog = lazyWithRetry(() => loadDialogs().then((m) => ({ default: m.RevealTokenDialog })));
const EditTokenDialog = lazyWithRetry(() => loadDialogs().then((m) => ({ default: m.EditTokenDialog })));
const ConfirmDialog = lazyWithRetry(() => loadDialogs().then((m) => ({ default: m.ConfirmDialog })));

export interface AuthTokensPanelProps {
  /** `me` from User Settings, or any user's id from an administrator's user page. */
  userId: string;
  /** Who is signed in: when it is someone else's list, a new token is theirs to be delivered. */
  viewerId: string;
}

/** Auth Tokens of one user: yourself from User Settings, or anyone from an administrator's user page. */
export function AuthTokensPanel({ userId, viewerId }: AuthTokensPanelProps) {
  const list = useAuthTokens(userId);
  return (
    <CredentialPanel
      title="Auth Tokens"
      intro={
        <>
          Tokens let scripts and tools call the Tessera API as this user. Send one as{' '}
          <code>Authorization: Bearer &lt;token&gt;</code>.
        </>
      }
      loading={list.isPending}
      loadingLabel="Loading tokens…"
      error={list.error}
      errorTitle="The tokens could not be loaded."
      onRetry={() => void list.refetch()}
      retrying={list.isFetching}
    >
      {list.data ? <AuthTokensContent userId={userId} viewerId={viewerId} data={list.data} /> : null}
    </CredentialPanel>
  );
}

function AuthTokensContent({ userId, viewerId, data }: AuthTokensPanelProps & { data: AuthTokenList }) {
  const queryClient = useQueryClient();
  const generateButton = useRef<HTMLButtonElement>(null);
  const [generateOpen, setGenerateOpen] = useState(false);
  const [editing, setEditing] = useState<AuthToken | null>(null);
  const [regenerating, setRegenerating] = useState<AuthToken | null>(null);
  const [deleting, setDeleting] = useState<AuthToken | null>(null);
  const regenerate = useRegenerateAuthToken(userId);
  const remove = useDeleteAuthToken(userId);
  // Once a dialog has been opened they all stay mounted, so Radix can run its closing focus return as usual.
  const [dialogsMounted, setDialogsMounted] = useState(false);

  const { policy, user, items } = data;
  const forSomeoneElse = user.id !== viewerId;
  const who = user.displayName || user.username;
  const {
    revealed,
    reveal,
    close: closeReveal,
  } = useRevealed<NewAuthToken>(forSomeoneElse ? who : undefined, () => {
    void queryClient.invalidateQueries({ queryKey: authTokenKeys.all });
  });
  const anyOpen = generateOpen || editing !== null || regenerating !== null || deleting !== null || revealed !== null;
  if (anyOpen && !dialogsMounted) setDialogsMounted(true);
  const blockedReason = !user.apiTokensEnabled
    ? `API tokens are turned off for ${forSomeoneElse ? who : 'you'}. ${
        forSomeoneElse ? 'Turn them on in the user details to generate tokens; existing tokens' : 'Existing tokens'
      } are refused until an administrator turns API tokens on again.`
    : policy.used >= policy.maxTokensPerUser
      ? `You have reached the limit of ${policy.maxTokensPerUser} tokens. Delete a token to generate a new one.`
      : undefined;

  const confirmRegenerate = () => {
    if (!regenerating) return;
    regenerate.mutate(regenerating.id, {
      onSuccess: (t) => {
        regenerate.reset();
        setRegenerating(null);
        reveal(t);
      },
    });
  };

  const confirmDelete = () => {
    if (!deleting) return;
    remove.mutate(deleting.id, { onSuccess: () => setDeleting(null) });
  };

  return (
    <>
      <CredentialToolbar
        generateLabel="Generate Token"
        onGenerate={() => setGenerateOpen(true)}
        generateRef={generateButton}
        onGenerateIntent={preloadDialogs}
        blockedReason={blockedReason}
        used={policy.used}
        max={policy.maxTokensPerUser}
        noun="tokens"
      />
      {items.length === 0 ? (
        <EmptyState title="No tokens yet">
          Generate a token to call the Tessera API from a script. You will see the token once, right after you create
          it.
        </EmptyState>
      ) : (
        <AuthTokensTable
          tokens={items}
          onEdit={setEditing}
          onRegenerate={setRegenerating}
          onDelete={setDeleting}
          onActionIntent={preloadDialogs}
        />
      )}

      {dialogsMounted ? (
        <ChunkSuspense>
          <GenerateTokenDialog
            userId={userId}
            policy={policy}
            open={generateOpen}
            onOpenChange={setGenerateOpen}
            onGenerated={(t) => {
              setGenerateOpen(false);
              reveal(t);
            }}
          />
          <RevealTokenDialog revealed={revealed} onClose={closeReveal} returnFocusTo={generateButton} />
          <EditTokenDialog userId={userId} token={editing} onClose={() => setEditing(null)} />
          <ConfirmDialog
            {...confirmationFor(regenerating, setRegenerating, regenerate)}
            title="Regenerate token?"
            confirmLabel="Regenerate"
            tone="primary"
            onConfirm={confirmRegenerate}
          >
            A new secret replaces “{regenerating?.description}”. The current token stops working at once, so scripts
            that use it are refused until you give them the new one. It keeps its description and lifetime, counted from
            now.
          </ConfirmDialog>
          <ConfirmDialog
            {...confirmationFor(deleting, setDeleting, remove)}
            title="Delete token?"
            confirmLabel="Delete"
            onConfirm={confirmDelete}
          >
            Scripts that use “{deleting?.description}” ({deleting?.hint}) are refused at once. This can't be undone.
          </ConfirmDialog>
        </ChunkSuspense>
      ) : null}
    </>
  );
}
