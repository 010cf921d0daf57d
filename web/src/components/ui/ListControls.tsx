import { useId } from 'react';
import './list-controls.css';

/** A list's search box: its label for screen readers only, the placeholder saying what it searches. */
export function ListSearch(props: {
  label: string;
  placeholder: string;
  value: string;
  onChange: (v: string) => void;
}) {
  const id = useId();
  return (
    <div className="list-controls-search">
      <label htmlFor={id} className="sr-only">
        {props.label}
      </label>
      <input
        id={id}
        type="search"
        className="input"
        placeholder={props.placeholder}
        autoComplete="off"
        value={props.value}
        onChange={(e) => props.onChange(e.target.value)}
      />
    </div>
  );
}

export interface ListSelectProps<T extends string> {
  label: string;
  value: T;
  options: readonly { value: T; label: string }[];
  onChange: (value: T) => void;
}

/** A list's filter or order, labelled beside it on the controls' row. */
export function ListSelect<T extends string>({ label, value, options, onChange }: ListSelectProps<T>) {
  const id = useId();
  return (
    <div className="list-controls-field">
      <label htmlFor={id}>{label}</label>
      <select id={id} className="input select" value={value} onChange={(e) => onChange(e.target.value as T)}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}
