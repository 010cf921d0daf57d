import { useRef, useState, type RefObject } from 'react';
import { useIsFetching, useQueryClient } from '@tanstack/react-query';
import { CredentialToolbar } from '../../../components/credentials/CredentialPanel';
import { AdministratorsToContact } from '../../../components/credentials/AdministratorsToContact';
import { GraceChoice, graceUntil } from '../../../components/credentials/grace';
import { graceToastText } from '../../../components/credentials/grace-text';
import { scopesQueryOptions } from '../../../components/credentials/scopes';
import { useRevealed } from '../../../components/credentials/revealed';
import { useRowFocus } from '../../../components/credentials/row-focus';
import { Button } from '../../../components/ui/Button';
import { ChunkSuspense } from '../../../components/ui/ChunkBoundary';
import { confirmationFor } from '../../../components/ui/confirmation';
import { EmptyState } from '../../../components/ui/Feedback';
import { toast } from '../../../components/ui/toast';
import { errorMessage } from '../../../lib/api-client';
import { lazyWithRetry } from '../../../lib/lazy';
import { useDeleteAuthToken } from '../api/delete-auth-token';
import { authTokenKeys } from '../api/keys';
import { useEndAuthTokenGrace } from '../api/end-grace';
import { useRegenerateAuthToken } from '../api/regenerate-auth-token';
import { useResumeAuthToken } from '../api/resume-auth-token';
import { useSuspendAuthToken } from '../api/suspend-auth-token';
import type { AuthToken, AuthTokenList, NewAuthToken } from '../api/types';
import { AuthTokensTable } from './AuthTokensTable';
import { TokenListControls, useTokenListView } from './TokenListControls';
import { DEFAULT_VIEW, scopesInUse, visibleTokens } from './token-list';
import { useTokenFromLink } from './token-link';

// The dialogs arrive when first wanted (retried, then an inline error with Retry): on hover or focus of a button that
// opens one, or at the latest on its press.
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
const TokenImpact = lazyWithRetry(() => loadDialogs().then((m) => ({ default: m.TokenImpact })));

export interface AuthTokensContentProps {
  userId: string;
  viewerId: string;
  /** The tokens' owner is an administrator: the administrators' scopes are offered too. */
  ownerIsAdmin: boolean;
  data: AuthTokenList;
  heading: RefObject<HTMLHeadingElement | null>;
}

export function AuthTokensContent({ userId, viewerId, ownerIsAdmin, data, heading }: AuthTokensContentProps) {
  const queryClient = useQueryClient();
  // What Generate and Edit need: their code, and the scope vocabulary their checklist shows.
  const prepareDialogs = () => {
    preloadDialogs();
    void queryClient.prefetchQuery(scopesQueryOptions());
  };
  const generateButton = useRef<HTMLButtonElement>(null);
  const [generateOpen, setGenerateOpen] = useState(false);
  const [editing, setEditing] = useState<AuthToken | null>(null);
  const [regenerating, setRegenerating] = useState<AuthToken | null>(null);
  const [deleting, setDeleting] = useState<AuthToken | null>(null);
  const [suspending, setSuspending] = useState<AuthToken | null>(null);
  const [endingGrace, setEndingGrace] = useState<AuthToken | null>(null);
  // Issue 20: how long the old secret keeps working; each Regenerate confirmation starts at None.
  const [graceSeconds, setGraceSeconds] = useState(0);
  const [graceFor, setGraceFor] = useState<string | null>(null);
  if (regenerating && graceFor !== regenerating.id) {
    setGraceFor(regenerating.id);
    setGraceSeconds(0);
  }
  const endGrace = useEndAuthTokenGrace(userId);
  const regenerate = useRegenerateAuthToken(userId);
  const remove = useDeleteAuthToken(userId);
  const suspend = useSuspendAuthToken(userId);
  const resume = useResumeAuthToken(userId);
  // Once a dialog has been opened they all stay mounted, so Radix can run its closing focus return as usual.
  const [dialogsMounted, setDialogsMounted] = useState(false);
  const [view, setView] = useTokenListView();
  const focus = useRowFocus<AuthToken>(heading);

  const { policy, user, items, projectChoices } = data;
  // A token linked from a notification but missing from a list still being read may just be newer than the cache.
  const listSettled = useIsFetching({ queryKey: authTokenKeys.list(userId) }) === 0;
  const linked = useTokenFromLink(items, listSettled, heading, focus.fromRow(setRegenerating));
  const shown = visibleTokens(items, view);
  const forSomeoneElse = user.id !== viewerId;
  const who = user.displayName || user.username;
  const {
    revealed,
    reveal,
    close: closeReveal,
  } = useRevealed<NewAuthToken>({ forUser: forSomeoneElse ? who : undefined, username: user.username }, () => {
    void queryClient.invalidateQueries({ queryKey: authTokenKeys.all });
  });
  const anyOpen =
    generateOpen ||
    editing !== null ||
    regenerating !== null ||
    deleting !== null ||
    suspending !== null ||
    endingGrace !== null ||
    revealed !== null;
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
    const description = regenerating.description;
    regenerate.mutate(
      { tokenId: regenerating.id, graceSeconds },
      {
        onSuccess: (t) => {
          regenerate.reset();
          focus.handOver();
          setRegenerating(null);
          setGraceFor(null);
          reveal(t);
          toast.success(
            `Regenerated the token “${description}”. ${graceToastText('secret', t.grace?.until, (iso) => graceUntil(iso))}`,
          );
        },
      },
    );
  };

  const confirmEndGrace = () => {
    if (!endingGrace) return;
    const { description } = endingGrace;
    endGrace.mutate(endingGrace.id, {
      onSuccess: () => {
        setEndingGrace(null);
        toast.success(`Ended the grace window of “${description}”. Its old secret no longer works.`);
      },
    });
  };

  const confirmDelete = () => {
    if (!deleting) return;
    const { id, description } = deleting;
    focus.deleteRow(shown, id, remove.mutate, () => {
      setDeleting(null);
      toast.success(`Deleted the token “${description}”.`);
    });
  };

  const confirmSuspend = () => {
    if (!suspending) return;
    const { description } = suspending;
    suspend.mutate(suspending.id, {
      onSuccess: () => {
        setSuspending(null);
        toast.success(`Suspended the token “${description}”. It is refused until you resume it.`);
      },
    });
  };

  // Nothing to lose by resuming: no confirmation, the toast says what happened (and Suspend undoes it).
  const resumeToken = ({ id, description }: AuthToken) =>
    resume.mutate(id, {
      onSuccess: () => toast.success(`Resumed the token “${description}”. It works again.`),
      onError: (error) => toast.error(`The token “${description}” could not be resumed: ${errorMessage(error)}`),
    });

  return (
    <>
      <CredentialToolbar
        generateLabel="Generate Token"
        onGenerate={() => setGenerateOpen(true)}
        generateRef={generateButton}
        onGenerateIntent={prepareDialogs}
        blockedReason={blockedReason}
        blockedDetail={!user.apiTokensEnabled && !forSomeoneElse ? <AdministratorsToContact /> : undefined}
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
        <>
          <TokenListControls
            view={view}
            onChange={setView}
            shown={shown.length}
            total={items.length}
            scopes={scopesInUse(items)}
          />
          {shown.length === 0 ? (
            <EmptyState
              title="No tokens match"
              action={<Button onClick={() => setView(DEFAULT_VIEW)}>Clear search and filters</Button>}
            >
              No token matches the search, status and scope chosen.
            </EmptyState>
          ) : (
            <AuthTokensTable
              tokens={shown}
              highlightId={linked}
              onEdit={focus.fromRow(setEditing)}
              onRegenerate={focus.fromRow(setRegenerating)}
              onSuspend={focus.fromRow(setSuspending)}
              onResume={resumeToken}
              onDelete={focus.fromRow(setDeleting)}
              onEndGrace={focus.fromRow(setEndingGrace)}
              onActionIntent={prepareDialogs}
            />
          )}
        </>
      )}

      {dialogsMounted ? (
        <ChunkSuspense>
          <GenerateTokenDialog
            userId={userId}
            policy={policy}
            ownerIsAdmin={ownerIsAdmin}
            projectChoices={projectChoices}
            open={generateOpen}
            onOpenChange={setGenerateOpen}
            onGenerated={(t) => {
              setGenerateOpen(false);
              focus.clear();
              reveal(t);
              toast.success(`Generated the token “${t.description}”. Copy it now: it is shown only once.`);
            }}
          />
          <RevealTokenDialog
            revealed={revealed}
            onClose={closeReveal}
            // After Regenerate, back to that row's Actions; after Generate, to Generate Token (or the heading at the limit).
            onCloseAutoFocus={focus.returnFocusOr(() =>
              generateButton.current?.disabled ? heading.current : generateButton.current,
            )}
          />
          <EditTokenDialog
            userId={userId}
            token={editing}
            ownerIsAdmin={ownerIsAdmin}
            allowedScopes={policy.allowedScopes}
            projectChoices={projectChoices}
            onClose={() => setEditing(null)}
            onCloseAutoFocus={focus.returnFocus}
          />
          <ConfirmDialog
            {...confirmationFor(regenerating, setRegenerating, regenerate)}
            title="Regenerate token?"
            confirmLabel="Regenerate"
            tone="primary"
            onConfirm={confirmRegenerate}
            onCloseAutoFocus={focus.returnFocus}
          >
            A new secret replaces “{regenerating?.description}”. It keeps its description and lifetime, counted from
            now.
            <GraceChoice
              value={graceSeconds}
              onChange={setGraceSeconds}
              atOnce="The current token stops working at once, so scripts that use it are refused until you give them the new one."
              kept={(duration) =>
                `The current token keeps working for ${duration} beside the new one. Each script still using it is shown on this row and you are notified of it; End grace now stops it early.`
              }
            />
            {regenerating ? <TokenImpact userId={userId} tokenId={regenerating.id} /> : null}
          </ConfirmDialog>
          <ConfirmDialog
            {...confirmationFor(endingGrace, setEndingGrace, endGrace)}
            title="End grace now?"
            confirmLabel="End grace now"
            onConfirm={confirmEndGrace}
            onCloseAutoFocus={focus.returnFocus}
          >
            The old secret of “{endingGrace?.description}” ({endingGrace?.grace?.oldSecretHint}) stops working at once,
            on every server; scripts still using it are refused. The new secret keeps working.
          </ConfirmDialog>
          <ConfirmDialog
            {...confirmationFor(suspending, setSuspending, suspend)}
            title="Suspend token?"
            confirmLabel="Suspend"
            onConfirm={confirmSuspend}
            onCloseAutoFocus={focus.returnFocus}
          >
            Scripts that use “{suspending?.description}” ({suspending?.hint}) are refused at once, until you resume it.
            The token keeps its secret and settings.
            {suspending ? <TokenImpact userId={userId} tokenId={suspending.id} /> : null}
          </ConfirmDialog>
          <ConfirmDialog
            {...confirmationFor(deleting, setDeleting, remove)}
            title="Delete token?"
            confirmLabel="Delete"
            onConfirm={confirmDelete}
            onCloseAutoFocus={focus.returnFocus}
          >
            Scripts that use “{deleting?.description}” ({deleting?.hint}) are refused at once. This can't be undone.
            {deleting ? <TokenImpact userId={userId} tokenId={deleting.id} /> : null}
          </ConfirmDialog>
        </ChunkSuspense>
      ) : null}
    </>
  );
}
