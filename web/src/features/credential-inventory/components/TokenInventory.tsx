import { useEffect, useRef, useState, type RefObject } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { Button } from '../../../components/ui/Button';
import { toast } from '../../../components/ui/toast';
import { errorMessage } from '../../../lib/api-client';
import { formatDateTime } from '../../../lib/format';
import { useCredentialAction } from '../api/credential-actions';
import { inventoryKeys } from '../api/keys';
import { PAGE_SIZE, TOKENS_PATH, useTokenInventory } from '../api/list-inventory';
import { useRevocations } from '../api/revocations';
import type { InventoryToken, RevocationStarted } from '../api/types';
import { ExportCsvButton } from './ExportCsvButton';
import { InventoryFilters } from './InventoryFilters';
import { InventoryStates } from './InventoryStates';
import { CredentialImpact } from './CredentialImpact';
import { SuspendOrDeleteDialog } from './SuspendOrDeleteDialog';
import { InventoryTable } from './InventoryTable';
import { apiFilter, apiQuery, countLabel, describeFilter, hasFilter, TOKEN_INVENTORY } from './inventory-filter';
import { exportFileName, tokensCsv } from './inventory-csv';
import { Pagination } from '../../../components/ui/Pagination';
import { RecentRevocations } from './RecentRevocations';
import { RevokeDialog, type RevokeTarget } from './RevokeDialog';
import { TOKEN_COLUMNS, TokenRows, type TokenRowAction } from './TokenRows';
import { UndoBanner } from './UndoBanner';
import { useUndo } from './undo';
import { useInventoryView } from './use-inventory-view';
import { useRowReturn } from './row-return';
import { useSelection } from './use-selection';
import './inventory.css';

const named = (t: InventoryToken) => `“${t.description}” (${t.hint}) of ${t.owner.username}`;

/** Identity → Auth Tokens: every token of the organisation, filtered, selected, exported and revoked with undo. */
export function TokenInventory({ heading }: { heading: RefObject<HTMLHeadingElement | null> }) {
  const view = useInventoryView(TOKEN_INVENTORY, PAGE_SIZE);
  const tokens = useTokenInventory(view.query);
  const selection = useSelection(view.filterKey);
  const focus = useRowReturn(heading);
  const [revoking, setRevoking] = useState<RevokeTarget | null>(null);
  const [latest, setUndoable] = useState<(RevocationStarted & { reason: string }) | null>(null);
  // Undone elsewhere (its row in Recent revocations, another administrator): the banner's Undo would only get a 409.
  const revocations = useRevocations();
  const undoable = latest && revocations.data?.find((r) => r.id === latest.id)?.status === 'undone' ? null : latest;
  const queryClient = useQueryClient();
  // Undo and Dismiss go with the banner: focus to the page's heading, not the body.
  const closeBanner = () => {
    setUndoable(null);
    heading.current?.focus();
  };
  const bannerUndo = useUndo(closeBanner);
  const [confirming, setConfirming] = useState<{ action: 'suspend' | 'delete'; token: InventoryToken } | null>(null);
  const act = useCredentialAction('auth-tokens');
  // Where focus goes when the revoke dialog closes: Undo after a revocation, the row's Actions if a row opened it,
  // else the bulk bar's button that opened it.
  const revokeFrom = useRef<'row' | 'selected' | 'matching' | 'done'>('selected');
  const revokeSelectedButton = useRef<HTMLButtonElement>(null);
  const revokeMatchingButton = useRef<HTMLButtonElement>(null);
  const now = Date.now();

  const items = tokens.data?.items ?? [];
  const pageIds = items.map((t) => t.id);
  // A ticked row that a refetch of the same page no longer has (deleted, revoked for good, changed so it no longer
  // matches) is unticked: "Revoke selected" would otherwise count and send it. Ticks on other pages stay.
  const shown = useRef<{ query: string; ids: string[] } | null>(null);
  const settled = tokens.data && !tokens.isPlaceholderData ? tokens.data : undefined;
  useEffect(() => {
    if (!settled) return;
    const ids = settled.items.map((t) => t.id);
    const before = shown.current;
    if (before?.query === view.query) selection.drop(before.ids.filter((id) => !ids.includes(id)));
    shown.current = { query: view.query, ids };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- selection.drop is a stable state update
  }, [settled, view.query]);
  const filtered = hasFilter(view.applied);
  const count = tokens.data
    ? countLabel(tokens.data.total, Boolean(tokens.data.totalIsLowerBound), ['token', 'tokens'], filtered)
    : undefined;

  const onAction = (action: TokenRowAction, t: InventoryToken) => {
    if (action === 'revoke') {
      revokeFrom.current = 'row';
      focus.from(t.id);
      return setRevoking({ kind: 'ids', ids: [t.id], what: `The token ${named(t)}.` });
    }
    if (action === 'resume')
      return act.mutate(
        { action, target: t },
        {
          onSuccess: () => toast.success(`Resumed the token ${named(t)}. It works again.`),
          onError: (err) => toast.error(`The token could not be resumed: ${errorMessage(err)}`),
        },
      );
    focus.from(t.id);
    setConfirming({ action, token: t });
  };

  const confirm = () => {
    if (!confirming) return;
    const { action, token } = confirming;
    act.mutate(
      { action, target: token },
      {
        onSuccess: () => {
          setConfirming(null);
          if (action === 'delete') selection.toggle(token.id, false);
          toast.success(
            action === 'delete'
              ? `Deleted the token ${named(token)}.`
              : `Suspended the token ${named(token)}. It is refused until resumed.`,
          );
        },
      },
    );
  };

  const onRevoked = (started: RevocationStarted, reason: string) => {
    setRevoking(null);
    // Between the preview and the confirmation the tokens may have been used, deleted or revoked by someone else.
    if (started.count === 0) return void toast.success('Nothing was revoked: no token matches any more.');
    revokeFrom.current = 'done';
    selection.clear();
    setUndoable({ ...started, reason });
    toast.success(
      `Revoked ${started.count.toLocaleString('en')} ${started.count === 1 ? 'token' : 'tokens'}. ` +
        `Undo is possible until ${formatDateTime(started.undoUntil)}.`,
    );
  };

  return (
    <>
      {undoable ? (
        <UndoBanner
          revocation={undoable}
          onUndo={() => bannerUndo.undo(undoable.id)}
          undoing={bannerUndo.pendingId === undoable.id}
          onDismiss={closeBanner}
          onWindowClosed={() => {
            // The tokens are deleted now (within the finalise job's run): the rows and the history should say so.
            void queryClient.invalidateQueries({ queryKey: inventoryKeys.tokens() });
            void queryClient.invalidateQueries({ queryKey: inventoryKeys.revocations() });
          }}
        />
      ) : null}
      <InventoryFilters
        label="Filter tokens"
        kind={TOKEN_INVENTORY}
        filter={view.filter}
        onChange={view.setParam}
        onClear={view.clear}
        searchPlaceholder="Search description or hint"
        count={count}
      />
      <div className="bulk-bar">
        <p className="muted" role="status">
          {selection.ids.size > 0 ? `${selection.ids.size} selected` : 'None selected'}
        </p>
        <Button
          ref={revokeSelectedButton}
          size="sm"
          variant="danger"
          disabled={selection.ids.size === 0}
          onClick={() => {
            revokeFrom.current = 'selected';
            setRevoking({
              kind: 'ids',
              ids: [...selection.ids],
              what: `The ${selection.ids.size} selected ${selection.ids.size === 1 ? 'token' : 'tokens'}.`,
            });
          }}
        >
          Revoke selected
        </Button>
        <Button
          ref={revokeMatchingButton}
          size="sm"
          variant="danger"
          disabled={!filtered || !tokens.data || tokens.data.total === 0}
          title={filtered ? undefined : 'Choose a filter first: this revokes every token that matches it.'}
          onClick={() => {
            revokeFrom.current = 'matching';
            setRevoking({ kind: 'filter', filter: apiFilter(view.applied), conditions: describeFilter(view.applied) });
          }}
        >
          Revoke all matching
        </Button>
        <ExportCsvButton<InventoryToken>
          path={TOKENS_PATH}
          query={(cursor, limit) => apiQuery(view.applied, view.sort, cursor, limit)}
          toCsv={tokensCsv}
          fileName={() => exportFileName('auth-tokens')}
          noun={['token', 'tokens']}
        />
      </div>
      <InventoryStates
        query={tokens}
        noun={['token', 'tokens']}
        filtered={filtered}
        onClear={view.clear}
        none="Nobody in the organisation has an auth token yet."
      />
      {items.length > 0 ? (
        <InventoryTable
          caption="Auth tokens of the organisation"
          columns={TOKEN_COLUMNS}
          sort={view.sort}
          onSort={(s) => view.setParam('sort', s)}
          selectAll={{ ...selection.pageState(pageIds), onChange: (on) => selection.togglePage(pageIds, on) }}
          busy={tokens.isPlaceholderData}
        >
          <TokenRows
            tokens={items}
            selected={selection.ids}
            onSelect={(t, on) => selection.toggle(t.id, on)}
            onAction={onAction}
            now={now}
          />
        </InventoryTable>
      ) : null}
      {tokens.data ? (
        <Pagination
          page={view.page}
          nextCursor={tokens.data.nextCursor}
          stale={tokens.isPlaceholderData}
          onNext={view.next}
          onPrevious={view.previous}
        />
      ) : null}
      <RecentRevocations />

      <RevokeDialog
        target={revoking}
        onClose={() => setRevoking(null)}
        onRevoked={onRevoked}
        onCloseAutoFocus={(e) => {
          if (revokeFrom.current === 'row') return focus.returnFocus(e);
          e.preventDefault();
          const undo = document.querySelector<HTMLElement>('[data-undo-latest]');
          const opener = (revokeFrom.current === 'matching' ? revokeMatchingButton : revokeSelectedButton).current;
          const target = revokeFrom.current === 'done' ? undo : opener && !opener.disabled ? opener : null;
          (target ?? heading.current)?.focus();
        }}
      />
      <SuspendOrDeleteDialog
        confirming={confirming && { action: confirming.action, named: `the token ${named(confirming.token)}` }}
        noun="token"
        suspendNote="It keeps its secret."
        mutation={act}
        onConfirm={confirm}
        onClose={() => setConfirming(null)}
        onCloseAutoFocus={focus.returnFocus}
        impact={
          confirming ? (
            <CredentialImpact kind="token" ownerId={confirming.token.owner.id} id={confirming.token.id} />
          ) : null
        }
      />
    </>
  );
}
