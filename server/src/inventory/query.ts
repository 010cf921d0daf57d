import { invalidField } from '../errors.js';
import { decodeCursor } from '../store/inventory-sql.js';
import type { InventoryQuery } from '../store/store.js';
import type { UserService } from '../users/service.js';

// What the two inventories (auth tokens, OAuth clients) do alike with a request's query: users named by id or
// username, the inactivity window as an instant, the cursor checked, the sort split into field and direction.

const DAY_MS = 86_400_000;
// Matches no credential: what an owner or creator filter naming no user selects (an empty page, not an error).
const NOBODY = '00000000-0000-0000-0000-000000000000';

/** The request's fields both inventories take (validated by their zod schemas). */
export interface CommonInventoryInput {
  owner?: string | undefined;
  createdBy?: string | undefined;
  neverExpires?: boolean | undefined;
  expiresBefore?: string | undefined;
  createdBefore?: string | undefined;
  unusedForDays?: number | undefined;
  search?: string | undefined;
  projectId?: string | undefined;
  sort: string;
  cursor?: string | undefined;
  limit: number;
}

export type CommonInventoryQuery = Omit<InventoryQuery, 'scope' | 'status'>;

/** The store's query for the shared fields; a cursor this server did not make is a 400 naming `cursor`. */
export async function commonInventoryQuery(
  query: CommonInventoryInput,
  now: number,
  users: Pick<UserService, 'getByIdOrUsername'>,
): Promise<CommonInventoryQuery> {
  if (query.cursor !== undefined && !decodeCursor(query.cursor))
    throw invalidField('cursor', 'is not a cursor this server gave');
  const userId = async (idOrName: string | undefined) =>
    idOrName === undefined ? undefined : ((await users.getByIdOrUsername(idOrName))?.id ?? NOBODY);
  const q: CommonInventoryQuery = {
    sort: {
      by: query.sort.replace(/^-/, '') as InventoryQuery['sort']['by'],
      descending: query.sort.startsWith('-'),
    },
    now: new Date(now).toISOString(),
    limit: query.limit,
  };
  const ownerId = await userId(query.owner);
  const createdBy = await userId(query.createdBy);
  if (ownerId !== undefined) q.ownerId = ownerId;
  if (createdBy !== undefined) q.createdBy = createdBy;
  if (query.neverExpires !== undefined) q.neverExpires = query.neverExpires;
  if (query.expiresBefore !== undefined) q.expiresBefore = query.expiresBefore;
  if (query.createdBefore !== undefined) q.createdBefore = query.createdBefore;
  if (query.unusedForDays !== undefined) q.unusedSince = new Date(now - query.unusedForDays * DAY_MS).toISOString();
  if (query.search !== undefined) q.search = query.search;
  if (query.projectId !== undefined) q.projectId = query.projectId;
  if (query.cursor !== undefined) q.cursor = query.cursor;
  return q;
}
