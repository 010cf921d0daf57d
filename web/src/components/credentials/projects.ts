// Issue 21, point 4: a credential limited to projects. The forms hold the chosen project ids; none chosen is every
// project (the API's null). No zod here: the lists' chips import this, and they load with the console's first page
// (the forms' rule is in projects-schema.ts).

/** A project as the API presents it on a credential and offers it in the lists' `projectChoices`. */
export interface ProjectRef {
  id: string;
  name: string;
}

/** At most this many, as the server allows. */
export const MAX_PROJECTS = 20;

/** The projects a form offers: the owner's choices, and those the credential is limited to already (to untick). */
export function projectOptions(choices: readonly ProjectRef[], current: readonly ProjectRef[] | null): ProjectRef[] {
  const byId = new Map(choices.map((p) => [p.id, p]));
  for (const p of current ?? []) if (!byId.has(p.id)) byId.set(p.id, p);
  return [...byId.values()].sort((a, b) => a.name.localeCompare(b.name));
}

/** The ids a form starts with. */
export const projectIds = (projects: readonly ProjectRef[] | null): string[] => (projects ?? []).map((p) => p.id);

/** What a form's choice means to the API: the ids, or null (every project) when none is chosen. */
export const projectLimit = (chosen: readonly string[]): string[] | null => (chosen.length > 0 ? [...chosen] : null);

/** Whether the chosen ids differ from the credential's limit (null: every project). */
export function projectsChanged(chosen: readonly string[], current: readonly ProjectRef[] | null): boolean {
  const next = projectLimit(chosen);
  if (next === null || current === null) return next !== current;
  const was = new Set(current.map((p) => p.id));
  return next.length !== was.size || next.some((id) => !was.has(id));
}

/** How a limit reads in a sentence or a cell. */
export function projectsSummary(projects: readonly ProjectRef[] | null): string {
  if (projects === null) return 'All projects';
  if (projects.length === 0) return 'No projects (its projects were deleted)';
  return projects.map((p) => p.name).join(', ');
}
