import type { InventoryClient, InventoryToken } from '../api/types';
import { toCsv, type CsvValue } from './csv';

// What an export holds: what the tables show, whole, with ids for scripts. There is no secret to leave out: the API
// never sends one after creation.

const TOKEN_HEADER = [
  'id',
  'description',
  'hint',
  'owner_id',
  'owner_username',
  'owner_display_name',
  'status',
  'scopes',
  'allowed_networks',
  'created_at',
  'created_by',
  'expires_at',
  'last_used_at',
  'last_used_ip',
  'suspended_at',
  'revocation_reason',
];

export function tokensCsv(tokens: InventoryToken[]): string {
  return toCsv(
    TOKEN_HEADER,
    tokens.map((t): CsvValue[] => [
      t.id,
      t.description,
      t.hint,
      t.owner.id,
      t.owner.username,
      t.owner.displayName,
      t.status,
      t.fullAccess ? 'full access' : t.scopes.join(' '),
      t.allowedNetworks.join(' '),
      t.createdAt,
      t.creator?.username ?? '',
      t.expiresAt,
      t.lastUsedAt,
      t.lastUsedIp,
      t.suspendedAt,
      t.revocation?.reason ?? '',
    ]),
  );
}

const CLIENT_HEADER = [
  'id',
  'client_id',
  'name',
  'description',
  'owner_id',
  'owner_username',
  'owner_display_name',
  'status',
  'scopes',
  'allowed_networks',
  'created_at',
  'created_by',
  'expires_at',
  'last_used_at',
  'suspended_at',
];

export function clientsCsv(clients: InventoryClient[]): string {
  return toCsv(
    CLIENT_HEADER,
    clients.map((c): CsvValue[] => [
      c.id,
      c.clientId,
      c.name,
      c.description,
      c.owner.id,
      c.owner.username,
      c.owner.displayName,
      c.status,
      c.fullyQualifiedScopes.join(' '),
      c.allowedNetworks.join(' '),
      c.createdAt,
      c.creator?.username ?? '',
      c.expiresAt,
      c.lastUsedAt,
      c.suspendedAt,
    ]),
  );
}

/** `auth-tokens-2026-12-06.csv`: what and when, in the local day. */
export function exportFileName(what: string, now = new Date()): string {
  const day = [now.getFullYear(), now.getMonth() + 1, now.getDate()].map((n) => String(n).padStart(2, '0')).join('-');
  return `${what}-${day}.csv`;
}
