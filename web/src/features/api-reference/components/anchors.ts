import type { DocumentedOperation } from '../api/types';

/** A fragment id from a tag or an operation, stable across reloads so links to `#…` keep working. */
export const slug = (s: string): string =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

export const operationAnchor = (op: DocumentedOperation): string => op.operationId ?? slug(`${op.method} ${op.path}`);
