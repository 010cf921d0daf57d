import type { Express, Response } from 'express';

type WriteHead = (this: Response, status: number, a?: unknown, b?: unknown) => Response;

/**
 * Counts every response of `app` by status in `counts` (indexed by status): one increment in `writeHead`, which Node
 * calls for every response (an implicit header too). Patched on the app's response prototype, as the access log is
 * (docs/decisions/0004-performance-deviations.md §2), so no `finish` listener is added to any response; the arguments
 * are passed on by name, not gathered into an array.
 */
export function countResponses(app: Express, counts: Float64Array): void {
  const inner = app.response.writeHead as unknown as WriteHead;
  const writeHead: WriteHead = function writeHead(this: Response, status: number, a?: unknown, b?: unknown) {
    if (status >= 100 && status < counts.length) counts[status]!++;
    return inner.call(this, status, a, b);
  };
  app.response.writeHead = writeHead as unknown as Response['writeHead'];
}
