import type { InventoryClient, InventoryToken } from '../api/types';
import { toCsv, type CsvValue } from './csv';

// What an export holds: what the tables show, whole, with ids for scripts. There is no secret to leave out: the API
// never sends one after creation.

/** A column: its header and how a row gives its cell. Kept together, a header cannot drift from its values. */
type Column<T> = readonly [header: string, cell: (row: T) => CsvValue];

function csvOf<T>(columns: readonly Column<T>[], rows: T[]): string {
  return toCsv(
    columns.map(([header]) => header),
    rows.map((row) => columns.map(([, cell]) => cell(row))),
  );
}

type Credential = InventoryToken | InventoryClient;

const OWNER: readonly Column<Credential>[] = [
  ['owner_id', (r) => r.owner.id],
  ['owner_username', (r) => r.owner.username],
  ['owner_display_name', (r) => r.owner.displayName],
  ['status', (r) => r.status],
];

const LIFE: readonly Column<Credential>[] = [
  ['allowed_networks', (r) => r.allowedNetworks.join(' ')],
  // Issue 21: empty for all projects; a limited credential's projects by name ("; " between: names may hold spaces).
  ['projects', (r) => (r.projects === null ? '' : r.projects.map((p) => p.name).join('; '))],
  ['created_at', (r) => r.createdAt],
  ['created_by', (r) => r.creator?.username ?? ''],
  ['expires_at', (r) => r.expiresAt],
  ['last_used_at', (r) => r.lastUsedAt],
];

const TOKEN_COLUMNS: readonly Column<InventoryToken>[] = [
  ['id', (t) => t.id],
  ['description', (t) => t.description],
  ['hint', (t) => t.hint],
  ...OWNER,
  ['scopes', (t) => (t.fullAccess ? 'full access' : t.scopes.join(' '))],
  ...LIFE,
  ['last_used_ip', (t) => t.lastUsedIp],
  ['suspended_at', (t) => t.suspendedAt],
  ['revocation_reason', (t) => t.revocation?.reason ?? ''],
];

const CLIENT_COLUMNS: readonly Column<InventoryClient>[] = [
  ['id', (c) => c.id],
  ['client_id', (c) => c.clientId],
  ['name', (c) => c.name],
  ['description', (c) => c.description],
  ...OWNER,
  ['scopes', (c) => c.fullyQualifiedScopes.join(' ')],
  ...LIFE,
  ['suspended_at', (c) => c.suspendedAt],
];

export const tokensCsv = (tokens: InventoryToken[]): string => csvOf(TOKEN_COLUMNS, tokens);

export const clientsCsv = (clients: InventoryClient[]): string => csvOf(CLIENT_COLUMNS, clients);

/** `auth-tokens-2026-12-06.csv`: what and when, in the local day. */
export function exportFileName(what: string, now = new Date()): string {
  const day = [now.getFullYear(), now.getMonth() + 1, now.getDate()].map((n) => String(n).padStart(2, '0')).join('-');
  return `${what}-${day}.csv`;
}
