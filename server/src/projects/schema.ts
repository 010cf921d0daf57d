import { z } from 'zod';
import { idSchema, projectDescriptionSchema, projectNameSchema } from '../contract/rules.js';
import { instant } from '../http/schemas.js';
import { PROJECT_ROLES } from '../store/project-types.js';

// Issue 21, point 1: the console's projects and the roles users hold in them.

export const projectRoleSchema = z
  .enum(PROJECT_ROLES, { error: `is not a project role (${PROJECT_ROLES.join(', ')})` })
  .describe('a role in a project, as `GET /v3/roles` lists them')
  .meta({ id: 'ProjectRole' });

export const createProjectSchema = z
  .strictObject({
    name: projectNameSchema.describe('unique in the domain regardless of case; at most 64 characters'),
    description: projectDescriptionSchema.default(''),
    enabled: z.boolean().default(true).describe('false: no Keystone token can be scoped to it'),
  })
  .meta({ id: 'CreateProject' });

export const updateProjectSchema = z
  .strictObject({
    name: projectNameSchema.optional(),
    description: projectDescriptionSchema.optional(),
    enabled: z.boolean().optional(),
  })
  .refine((b) => Object.values(b).some((v) => v !== undefined), 'must change at least one field')
  .meta({ id: 'UpdateProject' });

export const listProjectsQuery = z.object({
  search: z.string().trim().max(128).optional().describe('a part of the name or description, regardless of case'),
  cursor: z.string().max(512).optional().describe('`nextCursor` of the previous page'),
  limit: z.coerce.number().int().min(1).max(100).default(25),
});

export const projectPath = z.object({ projectId: idSchema });
export const userProjectsPath = z.object({ userId: idSchema.describe('a user id, or `me`') });
export const memberPath = z.object({ projectId: idSchema, userId: idSchema });
export const roleAssignmentPath = memberPath.extend({ role: projectRoleSchema });

// Response schemas are strict: a field a presenter starts leaking fails the recorded-response test.
export const projectSchema = z
  .strictObject({
    id: z.string().describe('32 hexadecimal characters, the id Keystone’s `/v3/projects` shows too'),
    domainId: z.string(),
    name: z.string(),
    description: z.string(),
    enabled: z.boolean(),
    createdAt: instant,
    createdBy: z
      .strictObject({ id: z.string(), username: z.string() })
      .nullable()
      .describe('null when unknown (the bootstrap token, a user since deleted)'),
    updatedAt: instant,
    memberCount: z.number().int().describe('how many users hold a role in the project'),
  })
  .meta({ id: 'Project' });

export const projectPageSchema = z
  .strictObject({ items: z.array(projectSchema), nextCursor: z.string().nullable() })
  .meta({ id: 'ProjectPage' });

export const projectMemberSchema = z
  .strictObject({
    user: z.strictObject({ id: z.string(), username: z.string(), displayName: z.string() }),
    roles: z.array(projectRoleSchema).describe('every role the user holds in the project, `member` first'),
    since: instant.describe('when the user got their first role there'),
  })
  .meta({ id: 'ProjectMember' });

export const projectMembersSchema = z
  .strictObject({ items: z.array(projectMemberSchema) })
  .meta({ id: 'ProjectMembers' });

export const userProjectSchema = projectSchema
  .extend({ roles: z.array(projectRoleSchema).describe('the roles the user holds there') })
  .meta({ id: 'UserProject' });

export const userProjectsSchema = z.strictObject({ items: z.array(userProjectSchema) }).meta({ id: 'UserProjects' });

export const roleAssignmentSchema = z
  .strictObject({ projectId: z.string(), userId: z.string(), role: projectRoleSchema })
  .meta({ id: 'ProjectRoleAssignment' });
