import { Router } from 'express';
import { auditContext } from '../http/audit-context.js';
import { parse } from '../http/validate.js';
import { presentUser } from './presenter.js';
import { assertAdmin, resolveSubjectUserId } from './policy.js';
import { createUserSchema, listUsersQuery, updateUserSchema, userIdParam } from './schema.js';
import type { LockoutLifter, UserService } from './service.js';

export type { LockoutLifter } from './service.js';

export function usersRouter(users: UserService, lockout?: LockoutLifter): Router {
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
    const user = await users.create(auditContext(req), input);
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
    const { user } = await users.update(auditContext(req), id, input);
    res.json(presentUser(user));
  });

  // An administrator lifts the temporary lockout that failed sign-ins put on a username.
  r.post('/:userId/unlock', async (req, res) => {
    assertAdmin(req.principal);
    const id = resolveSubjectUserId(req.principal, parse(userIdParam, req.params.userId, 'userId'));
    await users.unlock(auditContext(req), id, lockout);
    res.status(204).end();
  });

  return r;
}
