import { Router, type Request } from 'express';
import { auditContext } from '../http/audit-context.js';
import { parse } from '../http/validate.js';
import { resolveSubjectUserId } from '../users/policy.js';
import { userIdParam } from '../users/schema.js';
import { presentAuthToken, presentNewAuthToken } from './presenter.js';
import { createAuthTokenSchema, tokenIdParam, updateAuthTokenSchema } from './schema.js';
import type { AuthTokenService } from './service.js';

/** `/api/users/:userId/auth-tokens`: the owner or an administrator; anyone else gets 404. */
export function authTokensRouter(tokens: AuthTokenService): Router {
  const r = Router({ mergeParams: true });

  const subject = async (req: Request) => {
    const id = resolveSubjectUserId(
      req.principal,
      parse(userIdParam, (req.params as { userId?: string }).userId, 'userId'),
    );
    return tokens.owner(id);
  };

  r.get('/', async (req, res) => {
    const owner = await subject(req);
    const list = await tokens.list(owner.id);
    res.json({
      items: list.map(presentAuthToken),
      user: {
        id: owner.id,
        username: owner.username,
        displayName: owner.displayName,
        apiTokensEnabled: owner.apiTokensEnabled,
      },
      policy: { ...tokens.policy(), used: list.length },
    });
  });

  r.post('/', async (req, res) => {
    const owner = await subject(req);
    const input = parse(createAuthTokenSchema, req.body);
    const { token, secret } = await tokens.create(auditContext(req), owner, input);
    res.status(201).location(`/api/users/${owner.id}/auth-tokens/${token.id}`).json(presentNewAuthToken(token, secret));
  });

  r.get('/:tokenId', async (req, res) => {
    const owner = await subject(req);
    const token = await tokens.get(owner.id, parse(tokenIdParam, req.params.tokenId, 'tokenId'));
    res.json(presentAuthToken(token));
  });

  r.patch('/:tokenId', async (req, res) => {
    const owner = await subject(req);
    const tokenId = parse(tokenIdParam, req.params.tokenId, 'tokenId');
    const { description } = parse(updateAuthTokenSchema, req.body);
    const token = await tokens.updateDescription(auditContext(req), owner.id, tokenId, description);
    res.json(presentAuthToken(token));
  });

  r.post('/:tokenId/regenerate', async (req, res) => {
    const owner = await subject(req);
    const tokenId = parse(tokenIdParam, req.params.tokenId, 'tokenId');
    const { token, secret } = await tokens.regenerate(auditContext(req), owner, tokenId);
    res.json(presentNewAuthToken(token, secret));
  });

  r.delete('/:tokenId', async (req, res) => {
    const owner = await subject(req);
    const tokenId = parse(tokenIdParam, req.params.tokenId, 'tokenId');
    await tokens.delete(auditContext(req), owner.id, tokenId);
    res.status(204).end();
  });

  return r;
}
