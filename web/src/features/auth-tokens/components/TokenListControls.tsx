import { useId } from 'react';
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
import '../../../components/ui/list-controls.css';

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
}

export function TokenListControls({ view, onChange, shown, total }: TokenListControlsProps) {
  const id = useId();
  return (
    <div className="list-controls" role="search" aria-label="Filter tokens">
      <div className="list-controls-search">
        <label htmlFor={`${id}-q`} className="sr-only">
          Search tokens
        </label>
        <input
          id={`${id}-q`}
          type="search"
          className="input"
          placeholder="Search description or hint"
          autoComplete="off"
          value={view.search}
          onChange={(e) => onChange({ search: e.target.value })}
        />
      </div>
      <div className="list-controls-field">
        <label htmlFor={`${id}-status`}>Status</label>
        <select
          id={`${id}-status`}
          className="input select"
          value={view.status}
          onChange={(e) => onChange({ status: e.target.value as StatusFilter })}
        >
          {STATUS_FILTERS.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      </div>
      <div className="list-controls-field">
        <label htmlFor={`${id}-sort`}>Sort by</label>
        <select
          id={`${id}-sort`}
          className="input select"
          value={view.sort}
          onChange={(e) => onChange({ sort: e.target.value as TokenSort })}
        >
          {SORTS.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      </div>
      <p className="list-controls-count muted" role="status">
        {shown === total ? `${total} ${total === 1 ? 'token' : 'tokens'}` : `${shown} of ${total} tokens shown`}
      </p>
    </div>
  );
}
