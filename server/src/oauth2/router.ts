import { Router, type Request } from 'express';
import { auditContext } from '../http/audit-context.js';
import { Forbidden } from '../http/errors.js';
import { parse } from '../http/validate.js';
import { isAdmin, resolveSubjectUserId } from '../users/policy.js';
import { userIdParam } from '../users/schema.js';
import { presentClient, presentNewClient } from './presenter.js';
import { clientIdParam, createClientSchema, updateClientSchema } from './schema.js';
import type { OAuth2ClientService } from './service.js';
import type { SigningKeyRotation } from './key-rotation.js';

/** `/api/users/:userId/oauth2-client-credentials`: the owner or an administrator; anyone else gets 404. */
export function oauth2ClientsRouter(clients: OAuth2ClientService): Router {
  const r = Router({ mergeParams: true });

  const subject = async (req: Request) => {
    const id = resolveSubjectUserId(
      req.principal,
      parse(userIdParam, (req.params as { userId?: string }).userId, 'userId'),
    );
    return clients.owner(id);
  };
  const clientId = (req: Request) => parse(clientIdParam, req.params.clientId, 'clientId');

  r.get('/', async (req, res) => {
    const owner = await subject(req);
    const list = await clients.list(owner.id);
    res.json({
      items: list.map(presentClient),
      user: {
        id: owner.id,
        username: owner.username,
        displayName: owner.displayName,
        apiTokensEnabled: owner.apiTokensEnabled,
      },
      policy: { ...clients.policy(), used: list.length },
    });
  });

  r.post('/', async (req, res) => {
    const owner = await subject(req);
    const input = parse(createClientSchema, req.body);
    const { client, secret } = await clients.create(auditContext(req), owner, input);
    res
      .status(201)
      .location(`/api/users/${owner.id}/oauth2-client-credentials/${client.id}`)
      .json(presentNewClient(client, secret));
  });

  r.get('/:clientId', async (req, res) => {
    const owner = await subject(req);
    res.json(presentClient(await clients.get(owner.id, clientId(req))));
  });

  r.patch('/:clientId', async (req, res) => {
    const owner = await subject(req);
    const id = clientId(req);
    const patch = parse(updateClientSchema, req.body);
    const client = await clients.update(auditContext(req), owner.id, id, patch);
    res.json(presentClient(client));
  });

  r.post('/:clientId/reset-secret', async (req, res) => {
    const owner = await subject(req);
    const id = clientId(req);
    const { client, secret } = await clients.resetSecret(auditContext(req), owner, id);
    res.json(presentNewClient(client, secret));
  });

  r.delete('/:clientId', async (req, res) => {
    const owner = await subject(req);
    const id = clientId(req);
    await clients.delete(auditContext(req), owner.id, id);
    res.status(204).end();
  });

  return r;
}

/** `/api/oauth2/keys`: administrators rotate the access-token signing key. */
export function oauth2KeysRouter(rotation: SigningKeyRotation): Router {
  const r = Router();
  r.post('/rotate', async (req, res) => {
    if (!isAdmin(req.principal)) throw new Forbidden('Only administrators can rotate signing keys.');
    const kid = await rotation.rotate(auditContext(req));
    res.json({ kid });
  });
  return r;
}
