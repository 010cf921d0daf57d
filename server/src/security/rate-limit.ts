import type { Request, RequestHandler } from 'express';
import { ipKeyGenerator } from 'express-rate-limit';
import { TooManyRequests } from '../http/errors.js';

/** The address part of every per-client limit: IPv4 as is, IPv6 by its /56 (express-rate-limit's default grouping). */
export const clientAddressKey = (req: Request): string => ipKeyGenerator(req.ip ?? req.socket.remoteAddress ?? '');

/**
 * An express-rate-limit `handler`: the one 429 answer (problem+json through the error middleware, `Retry-After` until
 * the client's window ends), its detail starting with `reason`.
 */
export function tooManyRequestsHandler(reason: string, windowMs: number): RequestHandler {
  return (req, _res, next) => {
    const reset = (req as Request & { rateLimit?: { resetTime?: Date } }).rateLimit?.resetTime;
    const seconds = reset ? Math.max(1, Math.ceil((reset.getTime() - Date.now()) / 1000)) : Math.ceil(windowMs / 1000);
    next(new TooManyRequests(seconds, reason));
  };
}
