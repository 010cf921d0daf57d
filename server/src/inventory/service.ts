import type { z } from 'zod';
import { presentAuthToken } from '../auth-tokens/presenter.js';
import type { AuthTokenService } from '../auth-tokens/service.js';
import type { AuthTokenRepository, InventoryQuery } from '../store/store.js';
import type { UserService } from '../users/service.js';
import { commonInventoryQuery } from './query.js';
import type { inventoryPageSchema, inventoryQuery } from './schema.js';

/** The organisation-wide inventory of auth tokens (issue 19): the filters turned into one store query, a page shown. */
export class TokenInventoryService {
  constructor(
    private readonly tokens: Pick<AuthTokenRepository, 'inventory'>,
    private readonly service: Pick<AuthTokenService, 'creators'>,
    private readonly users: Pick<UserService, 'getByIdOrUsername'>,
  ) {}

  async page(query: z.output<typeof inventoryQuery>, now = Date.now()): Promise<z.output<typeof inventoryPageSchema>> {
    const q: InventoryQuery = await commonInventoryQuery(query, now, this.users);
    if (query.status !== undefined) q.status = query.status;
    if (query.scope !== undefined) q.scope = query.scope;
    const page = await this.tokens.inventory(q);
    const creators = await this.service.creators(page.items.map((i) => i.token));
    return {
      items: page.items.map(({ token, owner }) => ({
        ...presentAuthToken(token, creators, owner.role),
        owner: { id: owner.id, username: owner.username, displayName: owner.displayName },
      })),
      nextCursor: page.nextCursor,
      total: page.total,
      totalIsLowerBound: page.totalIsLowerBound,
    };
  }
}
