import type { z } from 'zod';
import { presentAuthToken } from '../auth-tokens/presenter.js';
import type { AuthTokenService } from '../auth-tokens/service.js';
import { invalidField } from '../errors.js';
import { decodeCursor } from '../store/auth-token-inventory.js';
import type { AuthTokenRepository, InventoryPage, InventoryQuery } from '../store/store.js';
import type { UserService } from '../users/service.js';
import type { inventoryItemSchema, inventoryPageSchema, inventoryQuery } from './schema.js';

/** The filters of the inventory's query, without its sort and page (a revocation's body names the same). */
export type InventoryFilterInput = Partial<
  Pick<
    z.output<typeof inventoryQuery>,
    | 'owner'
    | 'createdBy'
    | 'status'
    | 'scope'
    | 'neverExpires'
    | 'expiresBefore'
    | 'createdBefore'
    | 'unusedForDays'
    | 'search'
    | 'projectId'
  >
>;
export type InventoryFilter = Omit<InventoryQuery, 'sort' | 'cursor' | 'limit'>;

const DAY_MS = 86_400_000;
// Matches no token: what an owner or creator filter naming no user selects (an empty page, not an error).
const NOBODY = '00000000-0000-0000-0000-000000000000';

/** The organisation-wide inventory of auth tokens (issue 19): the filters turned into one store query, a page shown. */
export class TokenInventoryService {
  constructor(
    private readonly tokens: Pick<AuthTokenRepository, 'inventory'>,
    private readonly service: Pick<AuthTokenService, 'creators'>,
    private readonly users: Pick<UserService, 'getByIdOrUsername'>,
  ) {}

  /** A user named by id or username, as the filters take them. */
  private async userId(idOrName: string | undefined): Promise<string | undefined> {
    if (idOrName === undefined) return undefined;
    return (await this.users.getByIdOrUsername(idOrName))?.id ?? NOBODY;
  }

  /** The inventory's filters as the store's query (names resolved to ids); a revocation selects by the same. */
  async filter(query: InventoryFilterInput, now = Date.now()): Promise<InventoryFilter> {
    const q: InventoryFilter = { now: new Date(now).toISOString() };
    const ownerId = await this.userId(query.owner);
    const createdBy = await this.userId(query.createdBy);
    if (ownerId !== undefined) q.ownerId = ownerId;
    if (createdBy !== undefined) q.createdBy = createdBy;
    if (query.status !== undefined) q.status = query.status;
    if (query.scope !== undefined) q.scope = query.scope;
    if (query.neverExpires !== undefined) q.neverExpires = query.neverExpires;
    if (query.expiresBefore !== undefined) q.expiresBefore = query.expiresBefore;
    if (query.createdBefore !== undefined) q.createdBefore = query.createdBefore;
    if (query.unusedForDays !== undefined) q.unusedSince = new Date(now - query.unusedForDays * DAY_MS).toISOString();
    if (query.search !== undefined) q.search = query.search;
    if (query.projectId !== undefined) q.projectId = query.projectId;
    return q;
  }

  async page(query: z.output<typeof inventoryQuery>, now = Date.now()): Promise<z.output<typeof inventoryPageSchema>> {
    if (query.cursor !== undefined && !decodeCursor(query.cursor))
      throw invalidField('cursor', 'is not a cursor this server gave');
    const q: InventoryQuery = {
      ...(await this.filter(query, now)),
      sort: {
        by: query.sort.replace(/^-/, '') as InventoryQuery['sort']['by'],
        descending: query.sort.startsWith('-'),
      },
      limit: query.limit,
    };
    if (query.cursor !== undefined) q.cursor = query.cursor;
    return this.present(await this.tokens.inventory(q));
  }

  /** The first `limit` tokens a filter selects, newest first, as the inventory shows them (a revocation's preview). */
  async sample(filter: InventoryFilter, limit: number): Promise<z.output<typeof inventoryItemSchema>[]> {
    const page = await this.tokens.inventory({ ...filter, sort: { by: 'created', descending: true }, limit });
    return (await this.present(page)).items;
  }

  private async present(page: InventoryPage): Promise<z.output<typeof inventoryPageSchema>> {
    const creators = await this.service.creators(page.items.map((i) => i.token));
    return {
      items: page.items.map(({ token, owner }) => ({
        ...presentAuthToken(token, creators, owner.role),
        owner: { id: owner.id, username: owner.username, displayName: owner.displayName, kind: owner.kind },
      })),
      nextCursor: page.nextCursor,
      total: page.total,
      totalIsLowerBound: page.totalIsLowerBound,
    };
  }
}
