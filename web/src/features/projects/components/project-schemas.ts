import { projectDescriptionSchema, projectNameSchema } from '@tessera/rules';
import { z } from 'zod';
import type { ProjectRole } from '../api/types';

/** Create project and Edit project: name and description as the server checks them (@tessera/rules). */
export const projectFormSchema = z.object({ name: projectNameSchema, description: projectDescriptionSchema });
export type ProjectFormValues = z.input<typeof projectFormSchema>;

/** Add member: someone chosen in the picker, and a role. */
export const addMemberSchema = z.object({
  userId: z.string({ error: 'Choose a user.' }).min(1, 'Choose a user.'),
  role: z.enum(['member', 'admin']),
});
export type AddMemberValues = z.input<typeof addMemberSchema>;

export const ROLES: readonly ProjectRole[] = ['member', 'admin'];

/** The roles as the console names them (Keystone's own names are `member` and `admin`). */
export const ROLE_LABELS: Record<ProjectRole, string> = { member: 'Member', admin: 'Admin' };

export const ROLE_HINTS: Record<ProjectRole, string> = {
  member: 'Uses the project: Keystone tokens scoped to it carry this role.',
  admin: 'Administers the project in OpenStack tools that check for the admin role.',
};

export const projectPagePath = (projectId: string) => `/identity/projects/${encodeURIComponent(projectId)}`;
