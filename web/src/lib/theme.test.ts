import { describe, expect, it } from 'vitest';
import { chooseTheme, readTheme, THEME_STORAGE_KEY } from './theme';

// The test environment is node: a Map-backed storage and an element with attributes stand in for the browser's.
function fakeBrowser() {
  const items = new Map<string, string>();
  const storage = {
    getItem: (k: string) => items.get(k) ?? null,
    setItem: (k: string, v: string) => void items.set(k, v),
    removeItem: (k: string) => void items.delete(k),
  };
  const attrs = new Map<string, string>();
  const root = {
    setAttribute: (k: string, v: string) => void attrs.set(k, v),
    removeAttribute: (k: string) => void attrs.delete(k),
  } as unknown as HTMLElement;
  return { items, storage, attrs, root };
}

describe('theme', () => {
  it('follows the system until a theme is chosen, and remembers the choice', () => {
    const b = fakeBrowser();
    expect(readTheme(b.storage)).toBe('system');
    chooseTheme('dark', b.storage, b.root);
    expect(b.attrs.get('data-theme')).toBe('dark');
    expect(readTheme(b.storage)).toBe('dark');
    chooseTheme('system', b.storage, b.root);
    expect(b.attrs.has('data-theme')).toBe(false);
    expect(b.items.has(THEME_STORAGE_KEY)).toBe(false);
  });

  it('ignores a stored value it does not know', () => {
    const b = fakeBrowser();
    b.items.set(THEME_STORAGE_KEY, 'sepia');
    expect(readTheme(b.storage)).toBe('system');
  });
});
