import type { Request } from 'express';

/** The issuer (and Tessera's own audience): the configured public URL, else the origin the request came to. */
export const issuerOf = (publicUrl: string | undefined, req: Request): string =>
  publicUrl ?? `${req.protocol}://${req.get('host')}`;
