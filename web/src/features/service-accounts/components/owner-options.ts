import type { ComboboxOption } from '../../../components/ui/Combobox';
import type { Person, PersonPage } from '../api/types';
import { ADMINISTRATORS } from './service-account-schemas';

export const ADMINISTRATORS_OPTION: ComboboxOption = { value: ADMINISTRATORS, label: 'Administrators' };

/** A person as the owner choice names them: "Display name (username)", or the username when that is all there is. */
export const personLabel = (p: Person): string =>
  p.displayName && p.displayName !== p.username ? `${p.displayName} (${p.username})` : p.username;

/**
 * The owner choices for what was typed: the administrators first (while the text is empty or part of their name),
 * then the people found, less the current owner.
 */
export function ownerOptions(people: readonly Person[], search: string, exclude?: string | null): ComboboxOption[] {
  const q = search.trim().toLowerCase();
  return [
    ...(q === '' || ADMINISTRATORS_OPTION.label.toLowerCase().includes(q) ? [ADMINISTRATORS_OPTION] : []),
    ...people.filter((p) => p.id !== exclude).map((p) => ({ value: p.id, label: personLabel(p) })),
  ];
}

/** What the owner choice says under its list: still searching, none found, or that more match than are listed. */
export function ownerSearchStatus(
  page: PersonPage | undefined,
  state: { pending: boolean; error?: string | undefined; exclude?: string | null | undefined },
): string {
  if (state.error) return `Could not search people: ${state.error}`;
  if (!page) return 'Searching people…';
  const listed = page.users.filter((p) => p.id !== state.exclude).length;
  if (listed === 0) return state.pending ? 'Searching people…' : 'No people match.';
  const more = page.total - page.users.length;
  return more > 0 ? `The first ${listed} of ${page.total} people: type more of a name to narrow them.` : '';
}
