import { describe, expect, it } from 'vitest';
import { comboboxKey, type KeyContext } from './combobox-keys';

const closed = { open: false, active: -1 };
const at = (active: number) => ({ open: true, active });
const key = (k: string, c: Partial<KeyContext> = {}): KeyContext => ({
  key: k,
  altKey: false,
  count: 3,
  selected: -1,
  pending: false,
  ...c,
});

describe('comboboxKey', () => {
  it('opens on Down at the chosen option, else the first; on Up at the chosen one, else the last', () => {
    expect(comboboxKey(closed, key('ArrowDown', { selected: 2 }))).toEqual({ kind: 'move', state: at(2) });
    expect(comboboxKey(closed, key('ArrowDown'))).toEqual({ kind: 'move', state: at(0) });
    expect(comboboxKey(closed, key('ArrowUp'))).toEqual({ kind: 'move', state: at(2) });
    expect(comboboxKey(closed, key('ArrowUp', { selected: 1 }))).toEqual({ kind: 'move', state: at(1) });
    // Alt+Down opens without highlighting; with nothing listed there is nothing to highlight.
    expect(comboboxKey(closed, key('ArrowDown', { altKey: true }))).toEqual({ kind: 'move', state: at(-1) });
    expect(comboboxKey(closed, key('ArrowDown', { count: 0, selected: 0 }))).toEqual({ kind: 'move', state: at(-1) });
  });

  it('moves the highlight with Down and Up, wrapping at both ends; Alt+Up closes', () => {
    expect(comboboxKey(at(-1), key('ArrowDown'))).toEqual({ kind: 'move', state: at(0) });
    expect(comboboxKey(at(1), key('ArrowDown'))).toEqual({ kind: 'move', state: at(2) });
    expect(comboboxKey(at(2), key('ArrowDown'))).toEqual({ kind: 'move', state: at(0) });
    expect(comboboxKey(at(0), key('ArrowUp'))).toEqual({ kind: 'move', state: at(2) });
    expect(comboboxKey(at(2), key('ArrowUp'))).toEqual({ kind: 'move', state: at(1) });
    expect(comboboxKey(at(1), key('ArrowUp', { altKey: true }))).toEqual({
      kind: 'move',
      state: { open: false, active: 1 },
    });
    // A highlight past the end of a list that just got shorter starts again from the top.
    expect(comboboxKey(at(7), key('ArrowDown'))).toEqual({ kind: 'move', state: at(0) });
    expect(comboboxKey(at(0), key('ArrowDown', { count: 0 }))).toEqual({ kind: 'move', state: at(-1) });
  });

  it('chooses the highlighted option on Enter, and closes without choosing when none is', () => {
    expect(comboboxKey(at(1), key('Enter'))).toEqual({ kind: 'choose', index: 1 });
    expect(comboboxKey(at(-1), key('Enter'))).toEqual({ kind: 'dismiss' });
    expect(comboboxKey(at(5), key('Enter'))).toEqual({ kind: 'dismiss' });
  });

  it('does not choose on Enter while the options are for an older text', () => {
    expect(comboboxKey(at(0), key('Enter', { pending: true }))).toEqual({ kind: 'move', state: at(0) });
  });

  it('leaves Enter and Escape of a closed popup to the form and the dialog', () => {
    expect(comboboxKey(closed, key('Enter'))).toEqual({ kind: 'ignore' });
    expect(comboboxKey(closed, key('Escape'))).toEqual({ kind: 'ignore' });
    expect(comboboxKey(at(0), key('Escape'))).toEqual({ kind: 'dismiss' });
    for (const k of ['Tab', 'Home', 'End', 'a']) expect(comboboxKey(at(0), key(k))).toEqual({ kind: 'ignore' });
  });
});
