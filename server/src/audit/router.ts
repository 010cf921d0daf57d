import { Router, type Response } from 'express';
import { NotFound } from '../http/errors.js';
import { parse } from '../http/validate.js';
import type { AuditEvent, AuditQuery, Store } from '../store/store.js';
import { assertAdmin, resolveSubjectUserId } from '../users/policy.js';
import { userIdParam } from '../users/schema.js';
import { presentEvent, toCsv, type PresentedEvent } from './presenter.js';
import { activityQuery, type ActivityQuery } from './schema.js';
import type { AuditService } from './service.js';

// An export walks every page, up to a bound that keeps one request's memory and time in check.
const EXPORT_MAX_EVENTS = 10_000;
const EXPORT_PAGE = 200;

/** `GET /api/activity` (administrators) and `GET /api/users/{id|me}/activity` (the owner or an administrator). */
export function activityRouters(audit: AuditService, store: Store): { organisation: Router; perUser: Router } {
  async function withUsernames(events: AuditEvent[]): Promise<PresentedEvent[]> {
    const ids = [...new Set(events.map((e) => e.targetUserId).filter((id): id is string => id !== null))];
    const users = await Promise.all(ids.map((id) => store.getUser(id)));
    const names = new Map(users.flatMap((u) => (u ? [[u.id, u.username] as const] : [])));
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

  /** The `user` filter accepts an id or a username; an unknown one simply matches nothing. */
  async function resolveUserFilter(user: string | undefined): Promise<string | undefined> {
    if (!user) return undefined;
    const byId = await store.getUser(user);
    if (byId) return byId.id;
    const byName = await store.getUserWithSecretByUsername(user.toLowerCase());
    return byName?.id ?? `unknown:${user}`;
  }

  const organisation = Router();
  organisation.get('/', async (req, res) => {
    assertAdmin(req.principal);
    const q = parse(activityQuery, req.query, 'query');
    await respond(res, q, await resolveUserFilter(q.user), 'all');
  });

  const perUser = Router({ mergeParams: true });
  perUser.get('/', async (req, res) => {
    const param = parse(userIdParam, (req.params as { userId?: string }).userId, 'userId');
    const id = resolveSubjectUserId(req.principal, param);
    const user = await store.getUser(id);
    if (!user) throw new NotFound('No such user.');
    const q = parse(activityQuery, req.query, 'query');
    await respond(res, q, id, user.username);
  });

  return { organisation, perUser };
}
