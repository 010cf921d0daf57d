import { useSearchParams } from 'react-router';
import {
  SORTS,
  STATUS_FILTERS,
  paramsForView,
  viewFromParams,
  type StatusFilter,
  type TokenListView,
  type TokenSort,
} from './token-list';
import { ListSearch, ListSelect } from '../../../components/ui/ListControls';

/** The list's search, status filter and order, kept in the address bar so a reload or a shared link keeps them. */
export function useTokenListView(): [TokenListView, (change: Partial<TokenListView>) => void] {
  const [params, setParams] = useSearchParams();
  const view = viewFromParams(params);
  const update = (change: Partial<TokenListView>) =>
    // Replace, not push: typing a search must not fill the history with one entry per key.
    setParams((current) => paramsForView({ ...viewFromParams(current), ...change }, current), {
      replace: true,
      preventScrollReset: true,
    });
  return [view, update];
}

export interface TokenListControlsProps {
  view: TokenListView;
  onChange: (change: Partial<TokenListView>) => void;
  shown: number;
  total: number;
  /** The scopes the tokens hold (scopesInUse), to filter by. */
  scopes: string[];
}

export function TokenListControls({ view, onChange, shown, total, scopes }: TokenListControlsProps) {
  // A scope from a shared link that no token holds stays chosen (and shows no token) rather than silently dropped.
  const scopeOptions = [
    { value: '', label: 'Any scope' },
    ...[...scopes, ...(view.scope && !scopes.includes(view.scope) ? [view.scope] : [])].map((s) => ({
      value: s,
      label: s,
    })),
  ];
  return (
    <div className="list-controls" role="search" aria-label="Filter tokens">
      <ListSearch
        label="Search tokens"
        placeholder="Search description or hint"
        value={view.search}
        onChange={(search) => onChange({ search })}
      />
      <ListSelect<StatusFilter>
        label="Status"
        value={view.status}
        options={STATUS_FILTERS}
        onChange={(status) => onChange({ status })}
      />
      <ListSelect label="Scope" value={view.scope} options={scopeOptions} onChange={(scope) => onChange({ scope })} />
      <ListSelect<TokenSort>
        label="Sort by"
        value={view.sort}
        options={SORTS}
        onChange={(sort) => onChange({ sort })}
      />
      <p className="list-controls-count muted" role="status">
        {shown === total ? `${total} ${total === 1 ? 'token' : 'tokens'}` : `${shown} of ${total} tokens shown`}
      </p>
    </div>
  );
}
