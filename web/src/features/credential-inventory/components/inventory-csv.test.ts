import { describe, expect, it } from 'vitest';
import type { InventoryToken } from '../api/types';
import { exportFileName, tokensCsv } from './inventory-csv';

const token = (over: Partial<InventoryToken>): InventoryToken => ({
  id: 't1',
  userId: 'u1',
  name: null,
  description: 'CI',
  hint: 'tsr_…a1b2',
  createdAt: '2026-01-02T03:04:05.000Z',
  createdBy: 'a1',
  creator: { id: 'a1', username: 'admin', displayName: 'Admin' },
  expiresAt: null,
  lastUsedAt: null,
  lastUsedIp: null,
  regeneratedAt: null,
  scopes: ['profile:read', 'tokens:read'],
  fullAccess: false,
  allowedNetworks: [],
  projects: null,
  status: 'active',
  suspendedAt: null,
  revocation: null,
  grace: null,
  awaitingDelivery: false,
  deliveredAt: null,
  deliveredBy: null,
  owner: { id: 'u1', username: 'bob', displayName: 'Bob, the builder', kind: 'person' },
  ...over,
});

describe('inventory CSV', () => {
  it('has one row per token with its owner, scopes and dates, and the reason of a revoked one', () => {
    const lines = tokensCsv([
      token({}),
      token({
        id: 't2',
        description: '@import',
        fullAccess: true,
        projects: [
          { id: 'p1', name: 'EU West' },
          { id: 'p2', name: 'research' },
        ],
        status: 'revoked',
        revocation: {
          id: 'r1',
          kind: 'administrator',
          reason: 'Unused, 90 days',
          revokedAt: '2026-02-01T00:00:00.000Z',
          revokedBy: null,
          undoUntil: '2026-02-01T00:10:00.000Z',
        },
      }),
    ]).split('\r\n');
    expect(lines[0]).toBe(
      'id,description,hint,owner_id,owner_username,owner_display_name,status,scopes,allowed_networks,projects,' +
        'created_at,created_by,expires_at,last_used_at,last_used_ip,suspended_at,revocation_reason',
    );
    expect(lines[1]).toBe(
      't1,CI,tsr_…a1b2,u1,bob,"Bob, the builder",active,profile:read tokens:read,,,2026-01-02T03:04:05.000Z,admin,,,,,',
    );
    expect(lines[2]).toContain(`t2,'@import,`);
    expect(lines[2]).toContain(',revoked,full access,,EU West; research,');
    expect(lines[2]).toMatch(/,"Unused, 90 days"$/);
  });

  it('names the file after what and the local day', () => {
    expect(exportFileName('auth-tokens', new Date(2026, 11, 6, 23, 59))).toBe('auth-tokens-2026-12-06.csv');
  });
});
