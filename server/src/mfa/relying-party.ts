import type { Request } from 'express';

/** Who the passkeys belong to: the RP ID (a host name, no port) and the origin the browser reports in clientData. */
export interface RelyingParty {
  id: string;
  name: string;
  origin: string;
}

/**
 * The console's own origin: TESSERA_PUBLIC_URL when set, else the request's scheme and host, as the cross-site check
 * (http/origin-check.ts) takes it. TODO(merge): use http/public-origin.ts (H1) so a hostile Host is never taken; a
 * passkey bound to a hostile host would not verify anyway, as the browser puts the real origin in clientDataJSON.
 */
export function relyingParty(req: Request, publicUrl: string | undefined): RelyingParty {
  const origin = publicUrl ? new URL(publicUrl).origin : `${req.protocol}://${req.get('host') ?? 'localhost'}`;
  return { id: new URL(origin).hostname, name: 'Tessera', origin };
}
