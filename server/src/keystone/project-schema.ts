import { z } from 'zod';
import { projectDescriptionSchema, projectNameSchema } from '../contract/rules.js';
import { PROJECT_ROLES } from '../store/project-types.js';
import { DOMAIN_ID } from './domain.js';

// Keystone's own shapes for projects, roles and role assignments (Identity API v3); clients send fields Tessera does
// not model (options, extra attributes), so request bodies are loose and what they may not change is refused.

const thisDomain = z
  .literal(DOMAIN_ID, { error: `the only domain here is "${DOMAIN_ID}"` })
  .describe('the one domain: `default`');
const noTags = z.array(z.string()).max(0, 'tags are not supported').optional();

export const keystoneProjectCreate = z
  .looseObject({
    project: z.looseObject({
      name: projectNameSchema,
      description: projectDescriptionSchema.optional(),
      domain_id: thisDomain.optional(),
      enabled: z.boolean().optional(),
      is_domain: z.literal(false, { error: 'projects here are never domains' }).optional(),
      parent_id: z.union([thisDomain, z.null()]).optional(),
      tags: noTags,
    }),
  })
  .meta({ id: 'KeystoneProjectCreate' });

export const keystoneProjectUpdate = z
  .looseObject({
    project: z.looseObject({
      name: projectNameSchema.optional(),
      description: projectDescriptionSchema.optional(),
      enabled: z.boolean().optional(),
      domain_id: thisDomain.optional(),
      tags: noTags,
    }),
  })
  .meta({ id: 'KeystoneProjectUpdate' });

const selfLink = z.object({ self: z.string() });
const listLinks = z.object({ self: z.string(), previous: z.null(), next: z.null() });

export const keystoneProject = z
  .object({
    id: z.string(),
    name: z.string(),
    description: z.string(),
    domain_id: z.string(),
    enabled: z.boolean(),
    is_domain: z.literal(false),
    parent_id: z.string(),
    tags: z.array(z.string()),
    links: selfLink,
  })
  .meta({ id: 'KeystoneProject' });

export const keystoneProjectResponse = z.object({ project: keystoneProject }).meta({ id: 'KeystoneProjectResponse' });
export const keystoneProjectList = z
  .object({ projects: z.array(keystoneProject), links: listLinks })
  .meta({ id: 'KeystoneProjectList' });

export const keystoneRole = z
  .object({
    id: z.enum(PROJECT_ROLES),
    name: z.enum(PROJECT_ROLES),
    domain_id: z.null(),
    description: z.string(),
    options: z.object({}),
    links: selfLink,
  })
  .meta({ id: 'KeystoneRole' });

export const keystoneRoleResponse = z.object({ role: keystoneRole }).meta({ id: 'KeystoneRoleResponse' });
export const keystoneRoleList = z
  .object({ roles: z.array(keystoneRole), links: listLinks })
  .meta({ id: 'KeystoneRoleList' });

const named = z.object({ id: z.string(), name: z.string() });
const withDomain = z.object({ id: z.string(), name: z.string().optional(), domain: named.optional() });

export const keystoneRoleAssignmentList = z
  .object({
    role_assignments: z.array(
      z.object({
        role: z.object({ id: z.string(), name: z.string().optional() }),
        scope: z.object({ project: withDomain }),
        user: withDomain,
        links: z.object({ assignment: z.string() }),
      }),
    ),
    links: listLinks,
  })
  .meta({ id: 'KeystoneRoleAssignmentList' });

const id = z.string().min(1).max(64);
const flag = z
  .enum(['', 'true', 'false', '1', '0', 'True', 'False'])
  .transform((v) => v === '' || v === 'true' || v === '1' || v === 'True');

export const projectListQuery = z.looseObject({
  name: z.string().max(255).optional().describe('exact name (regardless of case)'),
  enabled: flag.optional(),
});
export const roleListQuery = z.looseObject({ name: z.string().max(64).optional() });
export const roleAssignmentQuery = z.looseObject({
  'user.id': id.optional(),
  'scope.project.id': id.optional(),
  'role.id': id.optional(),
  include_names: flag.optional().describe('add the names of users, projects and roles'),
  effective: flag.optional().describe('accepted; with no groups or inheritance every assignment is effective'),
});

export const projectPath = z.object({ projectId: id });
export const rolePath = z.object({ roleId: id });
export const userPath = z.object({ userId: id });
export const grantPath = z.object({ projectId: id, userId: id, roleId: id });
export const userProjectsPath = z.object({ projectId: id, userId: id });
