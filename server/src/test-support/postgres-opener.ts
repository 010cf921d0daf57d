import type { Store } from '../store/store.js';

/** Replaced by the PostgreSQL store issue: opens a store in a fresh schema and drops it afterwards. */
export async function openPostgresTestStore(_url: string): Promise<{ store: Store; cleanup(): Promise<void> }> {
  throw new Error('The PostgreSQL store is not implemented yet.');
}
