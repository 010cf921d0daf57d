/** The console's colour theme: as the operating system says (no attribute on <html>), or chosen light or dark. */
export type ThemeChoice = 'system' | 'light' | 'dark';

export const THEME_STORAGE_KEY = 'tessera-theme';

export function readTheme(storage: Pick<Storage, 'getItem'> | undefined = safeStorage()): ThemeChoice {
  const value = storage?.getItem(THEME_STORAGE_KEY);
  return value === 'light' || value === 'dark' ? value : 'system';
}

/** Sets `<html data-theme>`, which the colour variables in styles follow; `system` removes it. */
export function applyTheme(choice: ThemeChoice, root: HTMLElement = document.documentElement): void {
  if (choice === 'system') root.removeAttribute('data-theme');
  else root.setAttribute('data-theme', choice);
}

/** Remembers the choice in this browser and applies it at once. */
export function chooseTheme(
  choice: ThemeChoice,
  storage: Pick<Storage, 'setItem' | 'removeItem'> | undefined = safeStorage(),
  root: HTMLElement = document.documentElement,
): void {
  try {
    if (choice === 'system') storage?.removeItem(THEME_STORAGE_KEY);
    else storage?.setItem(THEME_STORAGE_KEY, choice);
  } catch {
    // storage full or refused: the choice still holds for this page
  }
  applyTheme(choice, root);
}

// localStorage throws when the browser refuses storage (e.g. some private modes): then the theme follows the system.
function safeStorage(): Storage | undefined {
  try {
    return window.localStorage;
  } catch {
    return undefined;
  }
}
