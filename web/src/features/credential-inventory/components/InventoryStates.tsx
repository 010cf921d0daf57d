import { Button } from '../../../components/ui/Button';
import { EmptyState, ErrorAlert, Loading } from '../../../components/ui/Feedback';
import { errorMessage } from '../../../lib/api-client';

export interface InventoryStatesProps {
  /** The inventory's query: what it says while loading, on an error, and when a page is empty. */
  query: { isError: boolean; error: unknown; isPending: boolean; data?: { items: unknown[] } };
  /** ['token', 'tokens']. */
  noun: [one: string, many: string];
  filtered: boolean;
  onClear: () => void;
  /** What an empty, unfiltered inventory says. */
  none: string;
}

/** An inventory's loading, error and empty states, worded for its credential. */
export function InventoryStates({ query, noun: [one, many], filtered, onClear, none }: InventoryStatesProps) {
  return (
    <>
      {query.isError ? (
        <ErrorAlert title={`The ${many} could not be loaded.`}>{errorMessage(query.error)}</ErrorAlert>
      ) : null}
      {query.isPending ? <Loading label={`Loading ${many}…`} /> : null}
      {query.data && query.data.items.length === 0 ? (
        <EmptyState
          title={filtered ? `No ${many} match` : `No ${many} yet`}
          action={filtered ? <Button onClick={onClear}>Clear filters</Button> : undefined}
        >
          {filtered ? `No ${one} matches these filters.` : none}
        </EmptyState>
      ) : null}
    </>
  );
}
