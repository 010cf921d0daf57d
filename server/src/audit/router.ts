import { Router, type Response } from 'express';
import { parse } from '../http/validate.js';
import type { UserService } from '../users/service.js';
import { assertAdmin, resolveSubjectUserId } from '../users/policy.js';
import { userIdParam } from '../users/schema.js';
import { presentEvent, toCsv, type PresentedEvent } from './presenter.js';
import { activityQuery, type ActivityQuery } from './schema.js';
import type { AuditEvent, AuditQuery, AuditService } from './service.js';

// An export walks every page, up to a bound that keeps one request's memory and time in check.
const EXPORT_MAX_EVENTS = 10_000;
const EXPORT_PAGE = 200;

/** `GET /api/activity` (administrators) and `GET /api/users/{id|me}/activity` (the owner or an administrator). */
export function activityRouters(audit: AuditService, users: UserService): { organisation: Router; perUser: Router } {
  async function withUsernames(events: AuditEvent[]): Promise<PresentedEvent[]> {
    const names = await audit.targetUsernames(events);
    return events.map((e) => presentEvent(e, names));
  }

  async function respond(res: Response, q: ActivityQuery, userId: string | undefined, what: string) {
    const base: Omit<AuditQuery, 'limit' | 'cursor'> = {
      ...(userId ? { userId } : {}),
      ...(q.action ? { action: q.action } : {}),
      ...(q.since ? { since: q.since } : {}),
      ...(q.until ? { until: q.until } : {}),
    };
    if (!q.format) {
      const page = await audit.list({ ...base, limit: q.limit, ...(q.cursor ? { cursor: q.cursor } : {}) });
      res.json({ items: await withUsernames(page.events), nextCursor: page.nextCursor });
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
    else res.type('application/json').send(JSON.stringify({ exportedAt: new Date().toISOString(), items }, null, 2));
  }

  const organisation = Router();
  organisation.get('/', async (req, res) => {
    assertAdmin(req.principal);
    const q = parse(activityQuery, req.query, 'query');
    await respond(res, q, await audit.resolveUserFilter(q.user), 'all');
  });

  const perUser = Router({ mergeParams: true });
  perUser.get('/', async (req, res) => {
    const param = parse(userIdParam, (req.params as { userId?: string }).userId, 'userId');
    const id = resolveSubjectUserId(req.principal, param);
    const user = await users.get(id);
    const q = parse(activityQuery, req.query, 'query');
    await respond(res, q, id, user.username);
  });

  return { organisation, perUser };
}
