import type { components } from '../../../lib/api-types';

export type Project = components['schemas']['Project'];
export type ProjectPage = components['schemas']['ProjectPage'];
export type ProjectRole = components['schemas']['ProjectRole'];
export type ProjectMember = components['schemas']['ProjectMember'];
export type ProjectMembers = components['schemas']['ProjectMembers'];
/** Request bodies, as the server validates them (a field with a server default may be left out). */
export type CreateProjectBody = components['schemas']['CreateProject'];
export type UpdateProjectBody = components['schemas']['UpdateProject'];
/** The users the Add member picker offers. */
export type UserPage = components['schemas']['UserPage'];
