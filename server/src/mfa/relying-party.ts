import type { Request } from 'express';
import type { PublicOrigin } from '../http/public-origin.js';

/** Who the passkeys belong to: the RP ID (a host name, no port) and the origin the browser reports in clientData. */
export interface RelyingParty {
  id: string;
  name: string;
  origin: string;
}

/**
 * The console's own origin as Tessera names itself everywhere (http/public-origin.ts: TESSERA_PUBLIC_URL, else a
 * loopback or configured Host, never a hostile one); the RP ID is its host name.
 */
export function relyingParty(req: Request, origin: PublicOrigin): RelyingParty {
  const own = new URL(origin(req)).origin;
  return { id: new URL(own).hostname, name: 'Tessera', origin: own };
}
