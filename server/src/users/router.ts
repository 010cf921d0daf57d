import { Router } from 'express';
import type { AuditService } from '../audit/service.js';
import { parse } from '../http/validate.js';
import { presentUser } from './presenter.js';
import { assertAdmin, resolveSubjectUserId } from './policy.js';
import { createUserSchema, listUsersQuery, updateUserSchema, userIdParam } from './schema.js';
import type { UserService } from './service.js';
import { Forbidden } from '../http/errors.js';

/** Lifts a user's temporary sign-in lockout (the per-username throttle). */
export interface LockoutLifter {
  reset(username: string): Promise<void>;
}

export function usersRouter(users: UserService, audit: AuditService, lockout?: LockoutLifter): Router {
  const r = Router();

  r.get('/', async (req, res) => {
    assertAdmin(req.principal);
    const q = parse(listUsersQuery, req.query, 'query');
    const page = await users.list(q);
    res.json({ users: page.users.map(presentUser), nextCursor: page.nextCursor });
  });

  r.post('/', async (req, res) => {
    assertAdmin(req.principal);
    const input = parse(createUserSchema, req.body);
    const user = await users.create(input);
    await audit.record(req, {
      action: 'user.create',
      targetUserId: user.id,
      details: { username: user.username, role: user.role },
    });
    res.status(201).location(`/api/users/${user.id}`).json(presentUser(user));
  });

  // Anyone may read themselves (`me`); only administrators may read others.
  r.get('/:userId', async (req, res) => {
    const param = parse(userIdParam, req.params.userId, 'userId');
    if (param !== 'me') assertAdmin(req.principal);
    const id = resolveSubjectUserId(req.principal, param);
    res.json(presentUser(await users.get(id)));
  });

  r.patch('/:userId', async (req, res) => {
    assertAdmin(req.principal);
    const param = parse(userIdParam, req.params.userId, 'userId');
    const id = resolveSubjectUserId(req.principal, param);
    const input = parse(updateUserSchema, req.body);
    if (!req.principal) throw new Forbidden();
    const { user, changed } = await users.update(req.principal.user.id, id, input);
    if (changed.length > 0) await audit.record(req, { action: 'user.update', targetUserId: id, details: { changed } });
    res.json(presentUser(user));
  });

  // An administrator lifts the temporary lockout that failed sign-ins put on a username.
  r.post('/:userId/unlock', async (req, res) => {
    assertAdmin(req.principal);
    const id = resolveSubjectUserId(req.principal, parse(userIdParam, req.params.userId, 'userId'));
    const user = await users.get(id);
    await lockout?.reset(user.username);
    await audit.record(req, { action: 'user.unlock', targetUserId: user.id, details: { username: user.username } });
    res.status(204).end();
  });

  return r;
}
