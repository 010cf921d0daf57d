import type { Response } from 'express';
import type { z } from 'zod';
import { route, type AnyRoute } from '../http/route.js';
import { problems } from '../http/schemas.js';
import type { UserService } from '../users/service.js';
import { assertAdmin, resolveCredentialSubject } from '../users/policy.js';
import { userPath } from '../users/schema.js';
import { presentEvent, toCsv, type PresentedEvent } from './presenter.js';
import { activityPageSchema, activityQuery, type ActivityQuery } from './schema.js';
import type { AuditEvent, AuditQuery, AuditService } from './service.js';

// An export walks every page, up to a bound that keeps one request's memory and time in check.
const EXPORT_MAX_EVENTS = 10_000;
const EXPORT_PAGE = 200;
const TAG = 'Activity';

/**
 * Text is refused with a lone surrogate at every input (contract/rules.ts), but rows written before that, or text
 * from elsewhere (a claimed username), may hold one: JSON.stringify writes it as a `\udXXX` escape that strict parsers
 * such as jq refuse, so the export writes U+FFFD in its place, as the UTF-8 of the CSV export and the tables do.
 */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const wellFormed = (_key: string, value: unknown): unknown =>
  typeof value === 'string' ? value.replace(LONE_SURROGATE, '\ufffd') : value;

/** `GET /api/activity` (administrators) and `GET /api/users/{id|me}/activity` (the owner or an administrator). */
export function activityRoutes(audit: AuditService, users: UserService): { perUser: AnyRoute; organisation: AnyRoute } {
  async function withUsernames(events: AuditEvent[]): Promise<PresentedEvent[]> {
    const names = await audit.targetUsernames(events);
    return events.map((e) => presentEvent(e, names));
  }

  async function respond(res: Response, q: ActivityQuery, userId: string | undefined, what: string) {
    const base: Omit<AuditQuery, 'limit' | 'cursor'> = {
      ...(userId ? { userId } : {}),
      ...(q.action ? { action: q.action } : {}),
      ...(q.tokenId ? { tokenId: q.tokenId } : {}),
      ...(q.since ? { since: q.since } : {}),
      ...(q.until ? { until: q.until } : {}),
    };
    if (!q.format) {
      const page = await audit.list({ ...base, limit: q.limit, ...(q.cursor ? { cursor: q.cursor } : {}) });
      res.json({
        items: await withUsernames(page.events),
        nextCursor: page.nextCursor,
      } satisfies z.output<typeof activityPageSchema>);
      return;
    }
    const events: AuditEvent[] = [];
    let cursor: string | null = null;
    do {
      const page = await audit.list({ ...base, limit: EXPORT_PAGE, ...(cursor ? { cursor } : {}) });
      events.push(...page.events);
      cursor = page.nextCursor;
    } while (cursor && events.length < EXPORT_MAX_EVENTS);
    const items = await withUsernames(events.slice(0, EXPORT_MAX_EVENTS));
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    const filename = `tessera-activity-${what}-${stamp}.${q.format}`;
    res.setHeader('Content-Disposition', `attachment; filename="${filename}"`);
    if (cursor) res.setHeader('X-Export-Truncated', 'true');
    if (q.format === 'csv') res.type('text/csv; charset=utf-8').send(toCsv(items));
    else
      res.type('application/json').send(JSON.stringify({ exportedAt: new Date().toISOString(), items }, wellFormed, 2));
  }

  return {
    perUser: route({
      method: 'get',
      path: '/api/users/{userId}/activity',
      tag: TAG,
      summary: 'Audit events about a user (the owner or an administrator); `format` exports CSV or JSON',
      auth: 'any',
      scope: { own: 'activity:read', others: 'admin:read' },
      request: { params: userPath, query: activityQuery },
      responses: { 200: { description: 'A page of events', schema: activityPageSchema }, ...problems(400, 401, 404) },
      handler: async ({ params, query: q }, req, res) => {
        // A service account's owner reads its activity as they manage its credentials.
        const user = await resolveCredentialSubject(req.principal, params.userId, (id) => users.get(id));
        await respond(res, q, user.id, user.username);
      },
    }),

    organisation: route({
      method: 'get',
      path: '/api/activity',
      tag: TAG,
      summary: 'Audit events of the organisation (administrators); `format` exports CSV or JSON',
      auth: 'any',
      scope: 'admin:read',
      request: { query: activityQuery },
      responses: { 200: { description: 'A page of events', schema: activityPageSchema }, ...problems(400, 401, 403) },
      handler: async ({ query: q }, req, res) => {
        assertAdmin(req.principal);
        await respond(res, q, await audit.resolveUserFilter(q.user), 'all');
      },
    }),
  };
}
