import { DOMAIN_EVENT_TYPES, type DomainEventType } from '../events/catalog.js';

/** The resources whose events a wildcard names: `auth_token.*` is every `auth_token.…` event. */
const RESOURCES = [...new Set(DOMAIN_EVENT_TYPES.map((t) => t.slice(0, t.indexOf('.'))))];

/** What a webhook may subscribe to: an event type, a resource's wildcard, or `*` for every event. */
export const EVENT_FILTERS: readonly string[] = ['*', ...RESOURCES.map((r) => `${r}.*`), ...DOMAIN_EVENT_TYPES];

export const isEventFilter = (s: string) => EVENT_FILTERS.includes(s);

/** Whether an endpoint subscribed to `filters` takes an event of `type`. */
export function matches(filters: readonly string[], type: DomainEventType | string): boolean {
  for (const f of filters) {
    if (f === '*' || f === type) return true;
    if (f.endsWith('.*') && type.startsWith(f.slice(0, -1))) return true;
  }
  return false;
}

/** The event type of a test delivery (`POST /api/webhooks/{id}/test`): never a domain event. */
export const PING_EVENT = 'webhook.ping';
