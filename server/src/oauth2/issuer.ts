import type { Request } from 'express';
import type { PublicOrigin } from '../http/public-origin.js';

/** The issuer (and Tessera's own audience): the public origin (http/public-origin.ts), never a hostile Host. */
export const issuerOf = (origin: PublicOrigin, req: Request): string => origin(req);
