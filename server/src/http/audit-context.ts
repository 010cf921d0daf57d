import type { Request } from 'express';
import type { AuditContext } from '../audit/context.js';
import { clientAddress } from './client.js';

/** The audit context of a request: its principal (if any), the client's address and its user agent. */
export function auditContext(req: Request): AuditContext {
  const p = req.principal;
  return {
    actor: p ? { id: p.user.id, username: p.user.username } : null,
    ip: clientAddress(req) ?? null,
    userAgent: req.get('user-agent')?.slice(0, 512) ?? null,
    credential: p
      ? {
          via: p.authenticatedBy,
          ...(p.tokenId ? { tokenId: p.tokenId } : {}),
          ...(p.expiresAt !== undefined ? { expiresAt: p.expiresAt } : {}),
          scopes: p.scopes,
          fullAccess: p.fullAccess === true,
          ...(p.networks ? { networks: p.networks } : {}),
          ...(p.projects ? { projects: p.projects } : {}),
        }
      : null,
  };
}
