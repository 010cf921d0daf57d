import { useState, type RefObject } from 'react';
import { Notice } from '../../../components/ui/Feedback';
import { toast } from '../../../components/ui/toast';
import { ApiError, errorMessage } from '../../../lib/api-client';
import { useCredentialAction } from '../api/credential-actions';
import { CLIENTS_PATH, PAGE_SIZE, useClientInventory } from '../api/list-inventory';
import type { InventoryClient } from '../api/types';
import { CLIENT_COLUMNS, ClientRows, type ClientRowAction } from './ClientRows';
import { ExportCsvButton } from './ExportCsvButton';
import { InventoryFilters } from './InventoryFilters';
import { InventoryStates } from './InventoryStates';
import { CredentialImpact } from './CredentialImpact';
import { SuspendOrDeleteDialog } from './SuspendOrDeleteDialog';
import { InventoryTable } from './InventoryTable';
import { clientsCsv, exportFileName } from './inventory-csv';
import { apiQuery, CLIENT_INVENTORY, countLabel, hasFilter } from './inventory-filter';
import { Pagination } from '../../../components/ui/Pagination';
import { useInventoryView } from './use-inventory-view';
import { useRowReturn } from './row-return';
import './inventory.css';

const named = (c: InventoryClient) => `“${c.name}” (${c.clientId}) of ${c.owner.username}`;

/** Identity → OAuth 2.0 client credentials: every client of the organisation, filtered, exported, suspended. */
export function ClientInventory({ heading }: { heading: RefObject<HTMLHeadingElement | null> }) {
  const view = useInventoryView(CLIENT_INVENTORY, PAGE_SIZE);
  const clients = useClientInventory(view.query);
  const focus = useRowReturn(heading);
  const [confirming, setConfirming] = useState<{ action: 'suspend' | 'delete'; client: InventoryClient } | null>(null);
  const act = useCredentialAction('oauth2-client-credentials');
  const items = clients.data?.items ?? [];
  const filtered = hasFilter(view.applied);

  // A deployment without the feature (TESSERA_DISABLED_FEATURES) does not mount its routes. The feature-flag query
  // is not used here: importing it from this lazy route made the bundler split the entry (see row-return.ts).
  if (clients.error instanceof ApiError && clients.error.status === 404)
    return <Notice tone="info">OAuth 2.0 client credentials are not available in this deployment.</Notice>;

  const onAction = (action: ClientRowAction, c: InventoryClient) => {
    if (action === 'resume')
      return act.mutate(
        { action, target: c },
        {
          onSuccess: () => toast.success(`Resumed the client ${named(c)}. It can get access tokens again.`),
          onError: (err) => toast.error(`The client could not be resumed: ${errorMessage(err)}`),
        },
      );
    focus.from(c.id);
    setConfirming({ action, client: c });
  };

  const confirm = () => {
    if (!confirming) return;
    const { action, client } = confirming;
    act.mutate(
      { action, target: client },
      {
        onSuccess: () => {
          setConfirming(null);
          toast.success(
            action === 'delete'
              ? `Deleted the client ${named(client)}.`
              : `Suspended the client ${named(client)}. Its token requests and access tokens are refused until resumed.`,
          );
        },
      },
    );
  };

  return (
    <>
      <InventoryFilters
        label="Filter clients"
        kind={CLIENT_INVENTORY}
        filter={view.filter}
        onChange={view.setParam}
        onClear={view.clear}
        searchPlaceholder="Search name or client ID"
        count={
          clients.data
            ? countLabel(clients.data.total, Boolean(clients.data.totalIsLowerBound), ['client', 'clients'], filtered)
            : undefined
        }
      />
      <div className="bulk-bar">
        <ExportCsvButton<InventoryClient>
          path={CLIENTS_PATH}
          query={(cursor, limit) => apiQuery(view.applied, view.sort, cursor, limit)}
          toCsv={clientsCsv}
          fileName={() => exportFileName('oauth2-client-credentials')}
          noun={['client', 'clients']}
        />
      </div>
      <InventoryStates
        query={clients}
        noun={['client', 'clients']}
        filtered={filtered}
        onClear={view.clear}
        none="Nobody in the organisation has an OAuth 2.0 client credential yet."
      />
      {items.length > 0 ? (
        <InventoryTable
          caption="OAuth 2.0 client credentials of the organisation"
          columns={CLIENT_COLUMNS}
          sort={view.sort}
          onSort={(s) => view.setParam('sort', s)}
          busy={clients.isPlaceholderData}
        >
          <ClientRows clients={items} onAction={onAction} now={Date.now()} />
        </InventoryTable>
      ) : null}
      {clients.data ? (
        <Pagination
          page={view.page}
          nextCursor={clients.data.nextCursor}
          stale={clients.isPlaceholderData}
          onNext={view.next}
          onPrevious={view.previous}
        />
      ) : null}
      <SuspendOrDeleteDialog
        confirming={confirming && { action: confirming.action, named: `the client ${named(confirming.client)}` }}
        noun="client"
        mutation={act}
        onConfirm={confirm}
        onClose={() => setConfirming(null)}
        onCloseAutoFocus={focus.returnFocus}
        impact={
          confirming ? (
            <CredentialImpact kind="client" ownerId={confirming.client.owner.id} id={confirming.client.id} />
          ) : null
        }
      />
    </>
  );
}
