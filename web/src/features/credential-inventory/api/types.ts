import type { components } from '../../../lib/api-types';

type Schemas = components['schemas'];

export type InventoryOwner = Schemas['InventoryOwner'];
/** Why a token is revoked: an administrator's bulk revocation, or the inactivity job. */
export type TokenRevocation = Schemas['AuthTokenRevocation'];
export type TokenStatus = Schemas['AuthTokenStatus'];
/** A token of the inventory: the owner's AuthToken with its owner. */
export type InventoryToken = Schemas['InventoryAuthToken'];

/** A page of either inventory (their answers share the shape: items, nextCursor, total, totalIsLowerBound). */
export type InventoryPage<T> = Omit<Schemas['AuthTokenInventory'], 'items'> & { items: T[] };

export type InventoryClient = Schemas['InventoryOAuth2Client'];

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
