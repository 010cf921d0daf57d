import type { z } from 'zod';
import { presentClient } from '../oauth2/presenter.js';
import type { OAuth2ClientService } from '../oauth2/service.js';
import type { ClientInventoryQuery, OAuth2ClientRepository } from '../store/store.js';
import type { UserService } from '../users/service.js';
import type { clientInventoryPageSchema, clientInventoryQuery } from './client-schema.js';
import { commonInventoryQuery } from './query.js';

/** The organisation-wide inventory of OAuth 2.0 client credentials (issue 19), as the auth tokens' is built. */
export class ClientInventoryService {
  constructor(
    private readonly clients: Pick<OAuth2ClientRepository, 'inventory'>,
    private readonly service: Pick<OAuth2ClientService, 'creators'>,
    private readonly users: Pick<UserService, 'getByIdOrUsername'>,
  ) {}

  /** A page; `issuer` is the origin the request sees (how a pre-scopes Tessera pair is shown, as in the owner's list). */
  async page(
    query: z.output<typeof clientInventoryQuery>,
    issuer: string,
    now = Date.now(),
  ): Promise<z.output<typeof clientInventoryPageSchema>> {
    const q: ClientInventoryQuery = await commonInventoryQuery(query, now, this.users);
    if (query.status !== undefined) q.status = query.status;
    const page = await this.clients.inventory(q);
    const creators = await this.service.creators(page.items.map((i) => i.client));
    return {
      items: page.items.map(({ client, owner }) => ({
        ...presentClient(client, creators, { issuer, role: owner.role }),
        owner: { id: owner.id, username: owner.username, displayName: owner.displayName, kind: owner.kind },
      })),
      nextCursor: page.nextCursor,
      total: page.total,
      totalIsLowerBound: page.totalIsLowerBound,
    };
  }
}
