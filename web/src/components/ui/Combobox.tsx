import { useEffect, useId, useRef, useState, type KeyboardEvent, type ReactNode, type Ref } from 'react';
import { FieldFrame, describedBy } from './Field';
import { comboboxKey } from './combobox-keys';

export interface ComboboxOption {
  value: string;
  label: string;
}

export interface ComboboxFieldProps {
  label: string;
  hint?: ReactNode;
  error?: string;
  /** What the popup lists for the text typed so far (the owner searches with `onSearch`). */
  options: readonly ComboboxOption[];
  /** The chosen option's value, and its label, which the box shows while nobody is typing. */
  value: string;
  valueLabel: string;
  onChoose: (option: ComboboxOption) => void;
  /** The text typed; '' when the popup closes, so it lists its first options again next time. */
  onSearch: (text: string) => void;
  /** The options are for an older text than the box holds: Enter waits for the new ones. */
  pending?: boolean;
  /** Under the box while the popup is open, announced politely: "No people match.", "The first 10 of 240 …". */
  status?: ReactNode;
  placeholder?: string;
  name?: string;
  onBlur?: () => void;
  ref?: Ref<HTMLInputElement>;
}

/**
 * A labelled text box that searches and a listbox of what it found (the WAI-ARIA editable combobox): type to search,
 * Down/Up to highlight, Enter or a click to choose, Escape to close. Only a listed option can be chosen: leaving the
 * box without choosing shows the chosen option again. The popup sits in the flow, so a dialog's scrolling never
 * clips it.
 */
export function ComboboxField({
  label,
  hint,
  error,
  options,
  value,
  valueLabel,
  onChoose,
  onSearch,
  pending = false,
  status,
  placeholder,
  name,
  onBlur,
  ref,
}: ComboboxFieldProps) {
  const id = useId();
  const listId = `${id}-listbox`;
  const optionId = (i: number) => `${id}-option-${i}`;
  // null: nobody is typing, so the box shows the chosen option's label.
  const [text, setText] = useState<string | null>(null);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const shown = open && options.length > 0;
  const highlighted = shown && active >= 0 && active < options.length ? active : -1;
  const selected = options.findIndex((o) => o.value === value);
  const input = useRef<HTMLInputElement | null>(null);
  // After Escape the box shows the chosen option again, selected, so typing replaces it as after focus.
  const [reselect, setReselect] = useState(false);
  useEffect(() => {
    if (!reselect) return;
    input.current?.select();
    setReselect(false);
  }, [reselect]);

  useEffect(() => {
    if (highlighted >= 0) document.getElementById(optionId(highlighted))?.scrollIntoView({ block: 'nearest' });
    // optionId is derived from id, which never changes.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [highlighted]);

  const close = () => {
    setOpen(false);
    setActive(-1);
    if (text !== null) onSearch('');
    setText(null);
  };
  const choose = (option: ComboboxOption) => {
    close();
    onChoose(option);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.nativeEvent.isComposing) return;
    const outcome = comboboxKey(
      { open, active: highlighted },
      { key: e.key, altKey: e.altKey, count: options.length, selected, pending },
    );
    if (outcome.kind === 'ignore') return;
    e.preventDefault();
    if (outcome.kind === 'move') {
      setOpen(outcome.state.open);
      setActive(outcome.state.active);
    } else if (outcome.kind === 'choose') choose(options[outcome.index]!);
    else {
      close();
      setReselect(true);
    }
  };

  return (
    <FieldFrame id={id} label={label} hint={hint} error={error}>
      <div className="combobox">
        <input
          id={id}
          ref={(el) => {
            input.current = el;
            if (typeof ref === 'function') ref(el);
            else if (ref) ref.current = el;
          }}
          name={name}
          type="text"
          role="combobox"
          className="input combobox-input"
          aria-expanded={shown}
          // Open with its list or only its status ("No people match."): Escape closes that, not the dialog around.
          data-open={open || undefined}
          aria-controls={listId}
          aria-autocomplete="list"
          aria-activedescendant={highlighted >= 0 ? optionId(highlighted) : undefined}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy(id, hint, error)}
          autoComplete="off"
          autoCapitalize="none"
          spellCheck={false}
          placeholder={placeholder}
          value={text ?? valueLabel}
          onChange={(e) => {
            setText(e.target.value);
            setOpen(true);
            // The first match is highlighted, so Enter takes it (the APG's automatic selection).
            setActive(0);
            onSearch(e.target.value);
          }}
          onKeyDown={onKeyDown}
          onClick={() => {
            if (open) return;
            setOpen(true);
            setActive(selected);
          }}
          // Typing replaces the chosen option's label rather than adding to it.
          onFocus={(e) => text === null && e.currentTarget.select()}
          onBlur={() => {
            close();
            onBlur?.();
          }}
        />
      </div>
      <ul
        id={listId}
        role="listbox"
        aria-labelledby={`${id}-label`}
        className="combobox-list"
        hidden={!shown}
        aria-busy={pending || undefined}
        // A click in the list (an option, its scroll bar) keeps the focus in the box.
        onMouseDown={(e) => e.preventDefault()}
      >
        {options.map((o, i) => (
          // The keyboard reaches options through the box (aria-activedescendant), so an option answers clicks only.
          // eslint-disable-next-line jsx-a11y/click-events-have-key-events
          <li
            key={o.value}
            id={optionId(i)}
            role="option"
            aria-selected={i === highlighted}
            className={`combobox-option${o.value === value ? ' combobox-option-chosen' : ''}`}
            onClick={() => choose(o)}
          >
            {o.label}
          </li>
        ))}
      </ul>
      {/* Always in the page, so a screen reader is listening before the first message. */}
      <p className={open && status ? 'field-hint' : 'sr-only'} role="status">
        {open ? status : null}
      </p>
    </FieldFrame>
  );
}
