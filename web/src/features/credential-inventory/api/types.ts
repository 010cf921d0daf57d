import type { components } from '../../../lib/api-types';

type Schemas = components['schemas'];

// Until issue 19's revocations (H2) and OAuth client inventory (H1) are merged, their shapes are written here from the
// helpers' contract; at the merge each becomes its generated schema (`Schemas['…']`) and this note goes.

export type InventoryOwner = Schemas['InventoryOwner'];

/** Why a token is revoked: an administrator's bulk revocation, or the inactivity job. */
export interface TokenRevocation {
  id: string;
  kind: 'administrator' | 'inactive';
  reason: string;
  revokedAt: string;
  revokedBy: { id: string; username: string } | null;
  undoUntil: string;
}

export type TokenStatus = 'active' | 'expired' | 'suspended' | 'revoked';

/** A token of the inventory: the owner's AuthToken with its owner (and, once revoked, why). */
export type InventoryToken = Omit<Schemas['InventoryAuthToken'], 'status'> & {
  status: TokenStatus;
  revocation?: TokenRevocation | null;
};

export interface InventoryPage<T> {
  items: T[];
  nextCursor: string | null;
  total: number;
  /** More than `total` match: the server stopped counting. */
  totalIsLowerBound?: boolean;
}

export type InventoryClient = Schemas['OAuth2Client'] & { owner: InventoryOwner };

/** `POST /api/auth-tokens/revocations?dryRun=true`: how many, and up to 10 of them. */
export interface RevocationPreview {
  count: number;
  sample: InventoryToken[];
}

/** The 202 of a revocation: undo is possible until `undoUntil`. */
export interface RevocationStarted {
  id: string;
  count: number;
  undoUntil: string;
}

export interface RevocationUndone {
  id: string;
  count: number;
  status: 'undone';
}

export interface Revocation {
  id: string;
  kind: 'administrator' | 'inactive';
  reason: string;
  count: number;
  createdAt: string;
  createdBy: { id: string; username: string } | null;
  undoUntil: string;
  /** pending: inside the undo window. */
  status: 'pending' | 'undone' | 'final';
}

/** Exactly one of filter and ids, with the reason the owners will read. */
export type RevocationRequest =
  { filter: Record<string, string | number | boolean>; reason: string } | { ids: string[]; reason: string };
