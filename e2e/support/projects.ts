import type { APIRequestContext } from '@playwright/test';
import { uniqueName, type Credentials } from './api.js';

/**
 * A new project with `userId` holding `roles` in it, made through Keystone's own API as the administrator (a password
 * token, `POST /v3/projects`, `PUT /v3/projects/{id}/users/{userId}/roles/{role}`); undefined when the deployment has
 * no `/v3/projects` (issue 21, point 2). `enabled: false` makes it disabled from the start.
 */
export async function projectWithMember(
  api: APIRequestContext,
  admin: Credentials,
  userId: string,
  roles: string[] = ['member'],
  { enabled = true }: { enabled?: boolean } = {},
): Promise<{ id: string; name: string } | undefined> {
  const issued = await api.post('/v3/auth/tokens', {
    data: {
      auth: {
        identity: {
          methods: ['password'],
          password: { user: { name: admin.username, password: admin.password, domain: { id: 'default' } } },
        },
        scope: { domain: { id: 'default' } },
      },
    },
  });
  if (issued.status() !== 201) throw new Error(`Keystone password token: HTTP ${issued.status()}`);
  const headers = { 'X-Auth-Token': issued.headers()['x-subject-token']! };
  const name = uniqueName('project');
  const made = await api.post('/v3/projects', { headers, data: { project: { name, domain_id: 'default', enabled } } });
  if (made.status() === 404) return undefined;
  if (made.status() !== 201) throw new Error(`Creating a project: HTTP ${made.status()}`);
  const { project } = (await made.json()) as { project: { id: string } };
  for (const role of roles) {
    const put = await api.put(`/v3/projects/${project.id}/users/${userId}/roles/${role}`, { headers });
    if (put.status() !== 204) throw new Error(`Granting ${role}: HTTP ${put.status()}`);
  }
  return { id: project.id, name };
}
