import type { KeyboardEvent, MouseEvent, PointerEvent } from 'react';

/** How a menu button was pressed before its menu's code arrived, if it was: the menu then opens as that press asked. */
export type EarlyPress = 'keyboard' | 'pointer' | undefined;

/**
 * The handlers of a placeholder menu button that stands in until Radix's menu code is here. It opens as Radix's
 * trigger does: a mouse on pointerdown (so a press that lands while the button is swapped reaches one of the two,
 * never neither), Enter or Space as a click with detail 0, and ArrowDown — the last two as a keyboard opening.
 */
export function earlyPressHandlers(press: (how: 'keyboard' | 'pointer') => void) {
  return {
    onPointerDown: (e: PointerEvent) => {
      if (e.button === 0 && !e.ctrlKey) press('pointer');
    },
    onClick: (e: MouseEvent) => {
      if (e.detail === 0) press('keyboard');
    },
    onKeyDown: (e: KeyboardEvent) => {
      if (e.key !== 'ArrowDown') return;
      e.preventDefault();
      press('keyboard');
    },
  };
}
