import { Router, type Request } from 'express';
import type { AuditService } from '../audit/service.js';
import { Unauthenticated } from '../http/errors.js';
import { parse } from '../http/validate.js';
import { resolveSubjectUserId } from '../users/policy.js';
import { userIdParam } from '../users/schema.js';
import { presentAuthToken, presentNewAuthToken } from './presenter.js';
import { createAuthTokenSchema, tokenIdParam, updateAuthTokenSchema } from './schema.js';
import type { AuthTokenService } from './service.js';

/** `/api/users/:userId/auth-tokens`: the owner or an administrator; anyone else gets 404. */
export function authTokensRouter(tokens: AuthTokenService, audit: AuditService): Router {
  const r = Router({ mergeParams: true });

  const subject = async (req: Request) => {
    const id = resolveSubjectUserId(
      req.principal,
      parse(userIdParam, (req.params as { userId?: string }).userId, 'userId'),
    );
    return tokens.owner(id);
  };
  const actor = (req: Request) => {
    if (!req.principal) throw new Unauthenticated();
    return req.principal.user.id;
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
    const { token, secret, audited } = await tokens.create(owner, actor(req), input, (t) =>
      audit.event(req, {
        action: 'auth_token.create',
        targetUserId: owner.id,
        tokenId: t.id,
        details: { description: t.description, expiresAt: t.expiresAt },
      }),
    );
    if (audited) audit.logged(audited);
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
    const token = await tokens.updateDescription(owner.id, tokenId, description);
    await audit.record(req, { action: 'auth_token.update', targetUserId: owner.id, tokenId, details: { description } });
    res.json(presentAuthToken(token));
  });

  r.post('/:tokenId/regenerate', async (req, res) => {
    const owner = await subject(req);
    const tokenId = parse(tokenIdParam, req.params.tokenId, 'tokenId');
    const { token, secret } = await tokens.regenerate(owner, tokenId);
    await audit.record(req, { action: 'auth_token.regenerate', targetUserId: owner.id, tokenId });
    res.json(presentNewAuthToken(token, secret));
  });

  r.delete('/:tokenId', async (req, res) => {
    const owner = await subject(req);
    const tokenId = parse(tokenIdParam, req.params.tokenId, 'tokenId');
    await tokens.delete(owner.id, tokenId);
    await audit.record(req, { action: 'auth_token.delete', targetUserId: owner.id, tokenId });
    res.status(204).end();
  });

  return r;
}
