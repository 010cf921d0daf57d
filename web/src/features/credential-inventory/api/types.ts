import type { components } from '../../../lib/api-types';

type Schemas = components['schemas'];

export type InventoryOwner = Schemas['InventoryOwner'];
/** Why a token is revoked: an administrator's bulk revocation, or the inactivity job. */
export type TokenRevocation = Schemas['AuthTokenRevocation'];
export type TokenStatus = Schemas['AuthTokenStatus'];
/** A token of the inventory: the owner's AuthToken with its owner. */
export type InventoryToken = Schemas['InventoryAuthToken'];

export interface InventoryPage<T> {
  items: T[];
  nextCursor: string | null;
  total: number;
  /** More than `total` match: the server stopped counting. */
  totalIsLowerBound?: boolean;
}

// Until H1's GET /api/oauth2-client-credentials is merged, its item is written here from the helpers' contract; the
// merge makes it the generated schema.
export type InventoryClient = Schemas['OAuth2Client'] & { owner: InventoryOwner };

/** `POST /api/auth-tokens/revocations?dryRun=true`: how many, and up to 10 of them. */
export type RevocationPreview = Schemas['RevocationPreview'];
/** The 202 of a revocation: undo is possible until `undoUntil`. */
export type RevocationStarted = Schemas['RevocationAccepted'];
export type RevocationUndone = Schemas['RevocationUndone'];
export type Revocation = Schemas['Revocation'];
export type RevocationList = Schemas['RevocationList'];
/** The inventory's filters as the revocation body takes them (JSON booleans and numbers). */
export type RevocationFilter = Schemas['RevocationFilter'];
/** Exactly one of filter and ids, with the reason the owners will read. */
export type RevocationRequest = Schemas['CreateRevocation'];
