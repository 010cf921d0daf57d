import type { Request, RequestHandler } from 'express';
import { rateLimit, type Store } from 'express-rate-limit';
import { clientAddressKey, tooManyRequestsHandler } from '../security/rate-limit.js';

const WINDOW_MS = 60_000;
const NOT_COUNTED = Symbol('tessera.oidcNotCounted');
type Marked = Request & { [NOT_COUNTED]?: true };

export interface OidcAttemptLimit {
  /** Route middleware, before the start and the callback. */
  perAddress: RequestHandler;
  /** An answer that is no attempt to count: someone signed in, or the provider cannot be reached (a browser's 303). */
  notCounted(req: Request): void;
}

/**
 * OpenID Connect sign-in attempts per client address (IPv6 by its /56) per minute, in the sign-in counters' store
 * (Redis, shared by the replicas, with REDIS_URL). Counted: every start (it keeps a sign-in under way in a new session
 * and sends the browser to the provider) and every refused answer (each is audited). Not counted, as for password
 * sign-in: a sign-in that succeeds, an answer 429, and the provider being away (503, or a browser's 303 to the sign-in
 * page). Past the limit: 429 problem+json with Retry-After, the provider never asked and nothing audited. While Redis
 * is unreachable the counts are this process's own (session/redis-sign-in-counters.ts).
 */
export function oidcAttemptLimit(store: Store, perMinute: number): OidcAttemptLimit {
  return {
    perAddress: rateLimit({
      windowMs: WINDOW_MS,
      limit: perMinute,
      store,
      keyGenerator: clientAddressKey,
      skipSuccessfulRequests: true,
      // A 429 never reached the route: it kept no session and asked no provider.
      requestWasSuccessful: (req, res) => res.statusCode === 429 || (req as Marked)[NOT_COUNTED] === true,
      standardHeaders: 'draft-8',
      legacyHeaders: false,
      handler: tooManyRequestsHandler('Too many sign-in attempts from this address.', WINDOW_MS),
    }),
    notCounted(req) {
      (req as Marked)[NOT_COUNTED] = true;
    },
  };
}
