import type { Request } from 'express';

/**
 * What Express's req.ip and req.secure answer, without their cost when there is nothing for them to decide. Both
 * look up the app's 'trust proxy' function on every call, and req.ip parses X-Forwarded-For into an array first;
 * without the forwarding header their answer is the socket's, whatever 'trust proxy' says. With the header, Express
 * decides, believing it only from a trusted proxy. Every token request asks for the address.
 */
export function clientAddress(req: Request): string | undefined {
  return req.headers['x-forwarded-for'] === undefined ? req.socket.remoteAddress : req.ip;
}

/** Whether the request came over TLS, to this server or (X-Forwarded-Proto from a trusted proxy) to the one in front. */
export function isSecure(req: Request): boolean {
  if ((req.socket as { encrypted?: boolean }).encrypted === true) return true;
  return req.headers['x-forwarded-proto'] !== undefined && req.secure;
}
