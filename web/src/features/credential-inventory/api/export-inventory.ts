import { getInventoryPage } from './list-inventory';

/** Export stops here: a file a spreadsheet opens comfortably, and at most 50 requests of 200. */
export const EXPORT_CAP = 10_000;
const EXPORT_PAGE = 200;

export interface ExportResult<T> {
  rows: T[];
  /** More matched than the cap: the file holds the first EXPORT_CAP in the chosen order. */
  capped: boolean;
}

/** Every page of the filter, following the cursors, up to EXPORT_CAP rows. */
export async function fetchAllPages<T>(
  path: string,
  query: (cursor: string | null, limit: number) => URLSearchParams,
  onProgress?: (loaded: number) => void,
  signal?: AbortSignal,
): Promise<ExportResult<T>> {
  const rows: T[] = [];
  let cursor: string | null = null;
  do {
    const page: Awaited<ReturnType<typeof getInventoryPage<T>>> = await getInventoryPage<T>(
      path,
      query(cursor, EXPORT_PAGE).toString(),
      signal,
    );
    rows.push(...page.items);
    cursor = page.nextCursor;
    onProgress?.(rows.length);
  } while (cursor && rows.length < EXPORT_CAP);
  return { rows: rows.slice(0, EXPORT_CAP), capped: cursor !== null || rows.length > EXPORT_CAP };
}
