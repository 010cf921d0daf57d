import { describe, expect, it } from 'vitest';
import type { UserProject } from '../../../lib/user-projects';
import { bindableProjects } from './credential-projects';

const project = (name: string, enabled: boolean): UserProject => ({
  id: `${name}-id`,
  domainId: 'default',
  name,
  description: '',
  enabled,
  createdAt: '2026-01-01T00:00:00.000Z',
  createdBy: null,
  updatedAt: '2026-01-01T00:00:00.000Z',
  memberCount: 1,
  roles: ['member'],
});

describe('bindableProjects', () => {
  it('offers the enabled projects, in the order the server lists them, and no disabled one', () => {
    const items = [project('alpha', true), project('beta', false), project('gamma', true)];
    expect(bindableProjects({ items }).map((p) => p.name)).toEqual(['alpha', 'gamma']);
    expect(bindableProjects({ items: [project('off', false)] })).toEqual([]);
  });
});
