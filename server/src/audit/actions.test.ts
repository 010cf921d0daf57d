import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ACTIVITY_ACTIONS } from './actions.js';

const SRC = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The server's own source, tests and this list left out. */
function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sources(p);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') && p !== path.join(SRC, 'audit/actions.ts')
      ? [p]
      : [];
  });
}

describe('ActivityAction', () => {
  // tsc holds the other direction: the audit writer takes nothing outside the list.
  it('lists only actions the server records somewhere', () => {
    const text = sources(SRC)
      .map((f) => fs.readFileSync(f, 'utf8'))
      .join('\n');
    expect(ACTIVITY_ACTIONS.filter((a) => !text.includes(`'${a}'`))).toEqual([]);
    expect(new Set(ACTIVITY_ACTIONS).size).toBe(ACTIVITY_ACTIONS.length);
  });
});
