import { describe, expect, it } from 'vitest';
import { projectLimit, projectOptions, projectsChanged, projectsSummary } from './projects';

const a = { id: 'a1', name: 'alpha' };
const b = { id: 'b1', name: 'beta' };
const gone = { id: 'c1', name: 'Charlie' };

describe('project limits in the forms', () => {
  it('offers the owner’s projects and those already chosen, by name', () => {
    expect(projectOptions([b, a], null)).toEqual([a, b]);
    expect(projectOptions([a], [gone, a])).toEqual([a, gone]);
  });

  it('sends null for none chosen, and only a real change', () => {
    expect(projectLimit([])).toBeNull();
    expect(projectLimit(['a1'])).toEqual(['a1']);
    expect(projectsChanged([], null)).toBe(false);
    expect(projectsChanged(['a1'], null)).toBe(true);
    expect(projectsChanged([], [a])).toBe(true);
    expect(projectsChanged(['b1', 'a1'], [a, b])).toBe(false);
    expect(projectsChanged(['a1'], [a, b])).toBe(true);
    // Limited to none (its projects deleted): choosing none lifts the limit, as the dialog says.
    expect(projectsChanged([], [])).toBe(true);
  });

  it('reads a limit in words', () => {
    expect(projectsSummary(null)).toBe('All projects');
    expect(projectsSummary([])).toMatch(/deleted/);
    expect(projectsSummary([a, b])).toBe('alpha, beta');
  });
});
