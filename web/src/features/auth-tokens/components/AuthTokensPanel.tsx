import { lazy, Suspense, useId, useRef, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { Button } from '../../../components/ui/Button';
import { confirmationFor } from '../../../components/ui/confirmation';
import { EmptyState, ErrorAlert, Loading, Notice } from '../../../components/ui/Feedback';
import { errorMessage } from '../../../lib/api-client';
import { useSession } from '../../session/api/get-session';
import { useDeleteAuthToken } from '../api/delete-auth-token';
import { authTokenKeys } from '../api/keys';
import { useAuthTokens } from '../api/list-auth-tokens';
import { useRegenerateAuthToken } from '../api/regenerate-auth-token';
import type { AuthToken, AuthTokenList, NewAuthToken } from '../api/types';
import { AuthTokensTable } from './AuthTokensTable';
import type { RevealedToken } from './RevealTokenDialog';

// The dialogs arrive when first wanted: on hover or focus of a button that opens one, or at the latest on its press.
let dialogs: ReturnType<typeof importDialogs> | undefined;
const importDialogs = () => import('./dialogs');
const loadDialogs = () =>
  (dialogs ??= importDialogs().catch((err: unknown) => {
    dialogs = undefined;
    throw err;
  }));
const preloadDialogs = () => void loadDialogs().catch(() => undefined);
const GenerateTokenDialog = lazy(() => loadDialogs().then((m) => ({ default: m.GenerateTokenDialog })));
const RevealTokenDialog = lazy(() => loadDialogs().then((m) => ({ default: m.RevealTokenDialog })));
const EditTokenDialog = lazy(() => loadDialogs().then((m) => ({ default: m.EditTokenDialog })));
const ConfirmDialog = lazy(() => loadDialogs().then((m) => ({ default: m.ConfirmDialog })));

/** Auth Tokens of one user: yourself (`me`) from User Settings, or anyone from an administrator's user page. */
export function AuthTokensPanel({ userId }: { userId: string }) {
  const list = useAuthTokens(userId);
  return (
    <section className="panel" aria-labelledby="auth-tokens-heading">
      <header className="panel-header">
        <div>
          <h2 id="auth-tokens-heading">Auth Tokens</h2>
          <p className="muted">
            Tokens let scripts and tools call the Tessera API as this user. Send one as{' '}
            <code>Authorization: Bearer &lt;token&gt;</code>.
          </p>
        </div>
      </header>
      {list.isPending ? <Loading label="Loading tokens…" /> : null}
      {list.isError ? (
        <ErrorAlert title="The tokens could not be loaded.">{errorMessage(list.error)}</ErrorAlert>
      ) : null}
      {list.data ? <AuthTokensContent userId={userId} data={list.data} /> : null}
    </section>
  );
}

function AuthTokensContent({ userId, data }: { userId: string; data: AuthTokenList }) {
  const queryClient = useQueryClient();
  const session = useSession();
  const reasonId = useId();
  const generateButton = useRef<HTMLButtonElement>(null);
  const [generateOpen, setGenerateOpen] = useState(false);
  const [editing, setEditing] = useState<AuthToken | null>(null);
  const [regenerating, setRegenerating] = useState<AuthToken | null>(null);
  const [deleting, setDeleting] = useState<AuthToken | null>(null);
  // The secret's only home: this state, cleared when the reveal dialog closes.
  const [revealed, setRevealed] = useState<RevealedToken | null>(null);
  const regenerate = useRegenerateAuthToken(userId);
  const remove = useDeleteAuthToken(userId);
  // Once a dialog has been opened they all stay mounted, so Radix can run its closing focus return as usual.
  const [dialogsMounted, setDialogsMounted] = useState(false);
  const anyOpen = generateOpen || editing !== null || regenerating !== null || deleting !== null || revealed !== null;
  if (anyOpen && !dialogsMounted) setDialogsMounted(true);

  const { policy, user, items } = data;
  const forSomeoneElse = session.data !== undefined && session.data?.user.id !== user.id;
  const atLimit = policy.used >= policy.maxTokensPerUser;
  const blockedReason = !user.apiTokensEnabled
    ? `API tokens are turned off for ${forSomeoneElse ? user.displayName || user.username : 'you'}. ${
        forSomeoneElse ? 'Turn them on in the user details to generate tokens; existing tokens' : 'Existing tokens'
      } are refused until an administrator turns API tokens on again.`
    : atLimit
      ? `You have reached the limit of ${policy.maxTokensPerUser} tokens. Delete a token to generate a new one.`
      : undefined;

  const reveal = (t: NewAuthToken) =>
    setRevealed({
      token: t.token,
      description: t.description,
      expiresAt: t.expiresAt,
      forUser: forSomeoneElse ? user.displayName || user.username : undefined,
    });

  const closeReveal = () => {
    setRevealed(null);
    void queryClient.invalidateQueries({ queryKey: authTokenKeys.all });
  };

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
      <div className="toolbar">
        <Button
          ref={generateButton}
          variant="primary"
          onClick={() => setGenerateOpen(true)}
          onPointerEnter={preloadDialogs}
          onFocus={preloadDialogs}
          disabled={blockedReason !== undefined}
          aria-describedby={blockedReason ? reasonId : undefined}
        >
          Generate Token
        </Button>
        <p className="usage" aria-live="polite">
          <strong>
            {policy.used} of {policy.maxTokensPerUser}
          </strong>{' '}
          tokens used
          <span className="usage-bar" aria-hidden="true">
            <span style={{ width: `${Math.min(100, (policy.used / Math.max(1, policy.maxTokensPerUser)) * 100)}%` }} />
          </span>
        </p>
      </div>
      {blockedReason ? (
        <Notice tone="warning" id={reasonId}>
          {blockedReason}
        </Notice>
      ) : null}

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
        <Suspense fallback={null}>
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
        </Suspense>
      ) : null}
    </>
  );
}
