import type { Migration, MigrationProvider } from 'kysely';
import * as m0001 from './20261122_0001_init.js';
import * as m0100 from './20261122_0100_oauth2.js';
import * as m0200 from './20261122_0200_keystone.js';
import * as m0400 from './20261122_0400_token_usage.js';
import * as m0500 from './20261130_0500_credential_generation.js';
import * as m0600 from './20261206_0600_last_sign_in.js';
import * as m0700 from './20261207_0700_oauth2_audiences.js';
import * as m0720 from './20261207_0720_mfa.js';
import * as m0740 from './20261207_0740_settings.js';
import * as m0800 from './20261208_0800_least_privilege.js';
import * as m0900 from './20261209_0900_domain_events.js';
import * as m0910 from './20261209_0910_revocations.js';
import * as m0920 from './20261209_0920_notifications.js';
import * as m0930 from './20261209_0930_webhooks.js';
import * as m0940 from './20261209_0940_inventory_indexes.js';
import * as m1000 from './20261210_1000_credential_clients.js';
import * as m1010 from './20261210_1010_grace_windows.js';
import * as m1020 from './20261210_1020_delivery.js';
import * as m21p from './20261211_1000_projects.js';
import * as m21k from './20261211_1010_keystone_scope.js';
import * as m21a from './20261211_1020_application_credentials.js';
import * as m21l from './20261211_1030_credential_projects.js';
import * as m1100sa from './20261211_1100_service_accounts.js';
import * as m1200 from './20261211_1200_oidc_identities.js';
import * as m1300 from './20261212_1000_change_notifications.js';

/** Migrations are listed here (not read from disk) so the compiled server and the tests apply the same set. */
export const migrations: Record<string, Migration> = {
  '20261122_0001_init': m0001,
  '20261122_0100_oauth2': m0100,
  '20261122_0200_keystone': m0200,
  '20261122_0400_token_usage': m0400,
  '20261130_0500_credential_generation': m0500,
  '20261206_0600_last_sign_in': m0600,
  '20261207_0700_oauth2_audiences': m0700,
  '20261207_0720_mfa': m0720,
  '20261207_0740_settings': m0740,
  '20261208_0800_least_privilege': m0800,
  '20261209_0900_domain_events': m0900,
  '20261209_0910_revocations': m0910,
  '20261209_0920_notifications': m0920,
  '20261209_0930_webhooks': m0930,
  '20261209_0940_inventory_indexes': m0940,
  '20261210_1000_credential_clients': m1000,
  '20261210_1010_grace_windows': m1010,
  '20261210_1020_delivery': m1020,
  '20261211_1000_projects': m21p,
  '20261211_1010_keystone_scope': m21k,
  '20261211_1020_application_credentials': m21a,
  '20261211_1030_credential_projects': m21l,
  '20261211_1100_service_accounts': m1100sa,
  '20261211_1200_oidc_identities': m1200,
  '20261212_1000_change_notifications': m1300,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};
