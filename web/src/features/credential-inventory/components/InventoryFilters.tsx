import { useId, useState } from 'react';
import { useScopes } from '../../../components/credentials/scopes';
import { Button } from '../../../components/ui/Button';
import { ListSearch, ListSelect } from '../../../components/ui/ListControls';
import type { FilterKey, InventoryFilter, InventoryKind } from './inventory-filter';

/** A labelled text, date or number filter on the controls' row. */
function ListInput(props: {
  label: string;
  value: string;
  onChange: (v: string) => void;
  type?: 'text' | 'date' | 'number';
  placeholder?: string;
  hint?: string;
}) {
  const id = useId();
  return (
    <div className="list-controls-field inventory-field">
      <label htmlFor={id}>{props.label}</label>
      <input
        id={id}
        className="input"
        type={props.type ?? 'text'}
        value={props.value}
        placeholder={props.placeholder}
        autoComplete="off"
        inputMode={props.type === 'number' ? 'numeric' : undefined}
        min={props.type === 'number' ? 1 : undefined}
        max={props.type === 'number' ? 3650 : undefined}
        title={props.hint}
        onChange={(e) => props.onChange(e.target.value)}
      />
    </div>
  );
}

const MORE: FilterKey[] = ['createdBy', 'scope', 'neverExpires', 'expiresBefore', 'createdBefore', 'unusedForDays'];

const STATUS_LABELS: Record<string, string> = {
  '': 'Any',
  active: 'Active',
  expired: 'Expired',
  suspended: 'Suspended',
  revoked: 'Revoked',
};
const EXPIRY = [
  { value: '', label: 'Any' },
  { value: 'true', label: 'Never expires' },
  { value: 'false', label: 'Has an expiry date' },
];

export interface InventoryFiltersProps {
  /** "Filter tokens": the search landmark's name. */
  label: string;
  /** The filters this inventory has, in the bar's order, and the statuses it knows. */
  kind: InventoryKind;
  filter: InventoryFilter;
  onChange: (key: FilterKey, value: string) => void;
  onClear: () => void;
  searchPlaceholder: string;
  /** "42 tokens", once known. */
  count?: string;
}

/** The inventory's filters, each kept in the address bar under the API's name for it. */
export function InventoryFilters({
  label,
  kind,
  filter,
  onChange,
  onClear,
  searchPlaceholder,
  count,
}: InventoryFiltersProps) {
  const { fields } = kind;
  const has = (k: FilterKey) => fields.includes(k);
  const scopes = useScopes();
  const scopeOptions = [
    { value: '', label: 'Any scope' },
    ...(scopes.data?.items ?? []).map((s) => ({ value: s.name, label: s.name })),
    ...(filter.scope && !scopes.data?.items.some((s) => s.name === filter.scope)
      ? [{ value: filter.scope, label: filter.scope }]
      : []),
  ];
  const anySet = fields.some((k) => filter[k] !== '');
  // The everyday filters stay in view; the rest fold away (a phone would otherwise scroll past a screen of them).
  const more = fields.filter((k) => MORE.includes(k));
  const moreSet = more.some((k) => filter[k] !== '');
  // Open at first when the address sets one of them; then as the user leaves it (clearing a filter keeps it open).
  const [moreOpen, setMoreOpen] = useState(moreSet);
  return (
    <div className="list-controls inventory-filters" role="search" aria-label={label}>
      {has('search') ? (
        <ListSearch
          label="Search"
          placeholder={searchPlaceholder}
          value={filter.search}
          onChange={(v) => onChange('search', v)}
        />
      ) : null}
      {has('owner') ? (
        <ListInput label="Owner" placeholder="Username" value={filter.owner} onChange={(v) => onChange('owner', v)} />
      ) : null}
      {has('status') ? (
        <ListSelect
          label="Status"
          value={filter.status}
          options={kind.statuses.map((value) => ({ value, label: STATUS_LABELS[value] ?? value }))}
          onChange={(v) => onChange('status', v)}
        />
      ) : null}
      {anySet ? (
        <Button size="sm" variant="ghost" onClick={onClear}>
          Clear filters
        </Button>
      ) : null}
      <p className="list-controls-count muted" role="status">
        {count}
      </p>
      {more.length > 0 ? (
        <details className="inventory-more" open={moreOpen} onToggle={(e) => setMoreOpen(e.currentTarget.open)}>
          <summary>
            {moreSet ? `More filters (${more.filter((k) => filter[k] !== '').length} set)` : 'More filters'}
          </summary>
          <div className="inventory-more-fields">
            {has('createdBy') ? (
              <ListInput
                label="Created by"
                placeholder="Username"
                value={filter.createdBy}
                onChange={(v) => onChange('createdBy', v)}
              />
            ) : null}
            {has('scope') ? (
              <ListSelect
                label="Scope"
                value={filter.scope}
                options={scopeOptions}
                onChange={(v) => onChange('scope', v)}
              />
            ) : null}
            {has('neverExpires') ? (
              <ListSelect
                label="Expiry"
                value={filter.neverExpires}
                options={EXPIRY}
                onChange={(v) => onChange('neverExpires', v)}
              />
            ) : null}
            {has('expiresBefore') ? (
              <ListInput
                label="Expires before"
                type="date"
                value={filter.expiresBefore}
                onChange={(v) => onChange('expiresBefore', v)}
              />
            ) : null}
            {has('createdBefore') ? (
              <ListInput
                label="Created before"
                type="date"
                value={filter.createdBefore}
                onChange={(v) => onChange('createdBefore', v)}
              />
            ) : null}
            {has('unusedForDays') ? (
              <ListInput
                label="Unused for days"
                type="number"
                placeholder="e.g. 90"
                hint="Not used for at least this many days; one never used counts from its creation."
                value={filter.unusedForDays}
                onChange={(v) => onChange('unusedForDays', v)}
              />
            ) : null}
          </div>
        </details>
      ) : null}
    </div>
  );
}
