import { ServiceUnavailable } from '../errors.js';

/** A request a dependency failed: 503 with Retry-After, logged as a warning (an outage, not a bug). */
export class DependencyOutage extends ServiceUnavailable {}

/** The one answer for every such failure, made once (its problem text is then kept, as for any domain error). */
export const DEPENDENCY_OUTAGE = new DependencyOutage();

/**
 * SQLSTATEs of a database that cannot answer now: class 08 (connection exception), 57014 (the statement_timeout
 * cancelled the statement), 57P01–57P03 (shut down, crashed, starting), 53300 (too many connections).
 */
const PG_UNAVAILABLE = new Set(['57014', '57P01', '57P02', '57P03', '53300']);
/** Network errors of a connection to a dependency (the HTTP client's own socket never reaches a handler's catch). */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);
/** pg and pg-pool's own errors carry no code: their messages (pinned versions; faults/postgres-outage.test.ts). */
const PG_CLIENT_MESSAGES = new Set([
  'Connection terminated unexpectedly',
  'Connection terminated',
  'Connection terminated due to connection timeout',
  'timeout exceeded when trying to connect',
  'Query read timeout',
  'Client has encountered a connection error and is not queryable',
  'Client was closed and is not queryable',
]);

/** Whether `err` says a dependency (PostgreSQL, here) could not be reached or did not answer in time. */
export function isDependencyOutage(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string') {
    if (code.startsWith('08') || PG_UNAVAILABLE.has(code) || NETWORK_CODES.has(code)) return true;
  }
  return PG_CLIENT_MESSAGES.has(err.message);
}
