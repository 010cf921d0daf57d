import { useRef, useState, type RefObject } from 'react';
import { Button } from '../../../components/ui/Button';
import { ConfirmDialog } from '../../../components/ui/ConfirmDialog';
import { EmptyState, ErrorAlert, Loading } from '../../../components/ui/Feedback';
import { toast } from '../../../components/ui/toast';
import { errorMessage } from '../../../lib/api-client';
import { formatDateTime } from '../../../lib/format';
import { useCredentialAction } from '../api/credential-actions';
import { PAGE_SIZE, TOKENS_PATH, useTokenInventory } from '../api/list-inventory';
import type { InventoryToken, RevocationStarted } from '../api/types';
import { ExportCsvButton } from './ExportCsvButton';
import { InventoryFilters } from './InventoryFilters';
import { InventoryTable } from './InventoryTable';
import {
  apiFilter,
  apiQuery,
  countLabel,
  describeFilter,
  hasFilter,
  TOKEN_SORTS,
  type FilterKey,
} from './inventory-filter';
import { exportFileName, tokensCsv } from './inventory-csv';
import { Pagination } from './Pagination';
import { RecentRevocations } from './RecentRevocations';
import { RevokeDialog, type RevokeTarget } from './RevokeDialog';
import { TOKEN_COLUMNS, TokenRows, type TokenRowAction } from './TokenRows';
import { UndoBanner } from './UndoBanner';
import { useInventoryView } from './use-inventory-view';
import { useRowReturn } from './row-return';
import { useSelection } from './use-selection';
import './inventory.css';

const FIELDS: FilterKey[] = [
  'search',
  'owner',
  'createdBy',
  'status',
  'scope',
  'neverExpires',
  'expiresBefore',
  'createdBefore',
  'unusedForDays',
];

const named = (t: InventoryToken) => `“${t.description}” (${t.hint}) of ${t.owner.username}`;

/** Identity → Auth Tokens: every token of the organisation, filtered, selected, exported and revoked with undo. */
export function TokenInventory({ heading }: { heading: RefObject<HTMLHeadingElement | null> }) {
  const view = useInventoryView(TOKEN_SORTS, PAGE_SIZE);
  const tokens = useTokenInventory(view.query);
  const selection = useSelection(view.filterKey);
  const focus = useRowReturn(heading);
  const [revoking, setRevoking] = useState<RevokeTarget | null>(null);
  const [undoable, setUndoable] = useState<(RevocationStarted & { reason: string }) | null>(null);
  const [confirming, setConfirming] = useState<{ action: 'suspend' | 'delete'; token: InventoryToken } | null>(null);
  const act = useCredentialAction('auth-tokens');
  // Where focus goes when the revoke dialog closes: Undo after a revocation, the row's Actions if a row opened it.
  const revokeFrom = useRef<'row' | 'bulk' | 'done'>('bulk');
  const now = Date.now();

  const items = tokens.data?.items ?? [];
  const pageIds = items.map((t) => t.id);
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
      {undoable ? <UndoBanner revocation={undoable} onDismiss={() => setUndoable(null)} /> : null}
      <InventoryFilters
        label="Filter tokens"
        fields={FIELDS}
        filter={view.filter}
        onChange={view.setParam}
        onClear={view.clear}
        searchPlaceholder="Search description or hint"
        count={count}
        withRevoked
      />
      <div className="bulk-bar">
        <p className="muted" role="status">
          {selection.ids.size > 0 ? `${selection.ids.size} selected` : 'None selected'}
        </p>
        <Button
          size="sm"
          variant="danger"
          disabled={selection.ids.size === 0}
          onClick={() => {
            revokeFrom.current = 'bulk';
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
          size="sm"
          variant="danger"
          disabled={!filtered || !tokens.data || tokens.data.total === 0}
          title={filtered ? undefined : 'Choose a filter first: this revokes every token that matches it.'}
          onClick={() => {
            revokeFrom.current = 'bulk';
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
      {tokens.isError ? (
        <ErrorAlert title="The tokens could not be loaded.">{errorMessage(tokens.error)}</ErrorAlert>
      ) : null}
      {tokens.isPending ? <Loading label="Loading tokens…" /> : null}
      {tokens.data && items.length === 0 ? (
        <EmptyState
          title={filtered ? 'No tokens match' : 'No tokens yet'}
          action={filtered ? <Button onClick={view.clear}>Clear filters</Button> : undefined}
        >
          {filtered ? 'No token matches these filters.' : 'Nobody in the organisation has an auth token yet.'}
        </EmptyState>
      ) : null}
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
          const undo = document.querySelector<HTMLElement>('[data-undo-latest]');
          if (revokeFrom.current === 'done' && undo) {
            e.preventDefault();
            undo.focus();
          }
        }}
      />
      <ConfirmDialog
        open={confirming !== null}
        onOpenChange={(open) => {
          if (!open) {
            setConfirming(null);
            act.reset();
          }
        }}
        title={confirming?.action === 'delete' ? 'Delete token?' : 'Suspend token?'}
        confirmLabel={confirming?.action === 'delete' ? 'Delete' : 'Suspend'}
        busy={act.isPending}
        error={act.isError ? errorMessage(act.error) : undefined}
        onConfirm={confirm}
        onCloseAutoFocus={focus.returnFocus}
      >
        {confirming
          ? confirming.action === 'delete'
            ? `Programs using the token ${named(confirming.token)} are refused at once. This can't be undone.`
            : `Programs using the token ${named(confirming.token)} are refused until it is resumed. It keeps its secret.`
          : ''}
      </ConfirmDialog>
    </>
  );
}
