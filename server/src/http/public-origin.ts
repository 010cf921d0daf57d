import type { Request } from 'express';
import type { Logger } from 'pino';
import type { Config } from '../config.js';

/**
 * The origin Tessera names itself by (OAuth issuer and metadata, `iss`, JSON:API and Keystone links, the cross-site
 * check's own origin). `TESSERA_PUBLIC_URL` when set; otherwise the request's `Host` only when it is a loopback name
 * or address or the configured `HOST`(:`PORT`), so a hostile `Host` is never reflected; else `http://HOST:PORT`.
 */
export type PublicOrigin = (req: Request) => string;

/** A Host header's syntax: a name or IPv4 address, or a bracketed IPv6 address, and an optional port. */
const HOST_HEADER = /^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(?::(\d{1,5}))?$/i;

/** `localhost` (and `*.localhost`, RFC 6761), 127.0.0.0/8, ::1. */
export function isLoopbackName(hostname: string): boolean {
  const h = hostname.toLowerCase().replace(/^\[(.*)\]$/, '$1');
  return (
    h === 'localhost' ||
    h.endsWith('.localhost') ||
    h === '::1' ||
    /^127(?:\.(?:25[0-5]|2[0-4]\d|1?\d?\d)){3}$/.test(h) ||
    /^::ffff:127(?:\.\d{1,3}){3}$/.test(h)
  );
}

/** The configured HOST as it appears in a URL (an IPv6 address in brackets), lower-cased. */
const urlHost = (host: string) => (host.includes(':') && !host.startsWith('[') ? `[${host}]` : host).toLowerCase();

export function publicOrigin(config: Pick<Config, 'publicUrl' | 'host' | 'port'>): PublicOrigin {
  const configured = config.publicUrl;
  if (configured !== undefined) return () => configured;
  const host = urlHost(config.host);
  const own = new Set([host, `${host}:${config.port}`]);
  const fallback = `http://${host}:${config.port}`;
  // The last accepted Host, so a JWT-verifying request does not re-parse the same header every time.
  let lastHeader = '';
  let lastProtocol = '';
  let lastOrigin = fallback;
  return (req) => {
    const header = req.headers.host;
    if (header === undefined) return fallback;
    const protocol = req.protocol;
    if (header === lastHeader && protocol === lastProtocol) return lastOrigin;
    const m = HOST_HEADER.exec(header);
    if (!m) return fallback;
    const lower = header.toLowerCase();
    if (!isLoopbackName(m[1]!) && !own.has(lower)) return fallback;
    lastHeader = header;
    lastProtocol = protocol;
    lastOrigin = `${protocol}://${lower}`;
    return lastOrigin;
  };
}

/** Logged at start: a server reachable by other hosts should be told its public URL instead of guessing it. */
export function warnWithoutPublicUrl(config: Pick<Config, 'publicUrl' | 'host' | 'port'>, logger: Logger): boolean {
  if (config.publicUrl !== undefined || isLoopbackName(config.host)) return false;
  logger.warn(
    { host: config.host, port: config.port },
    `TESSERA_PUBLIC_URL is not set and HOST is not a loopback address: Tessera names itself http://${urlHost(config.host)}:${config.port} (OAuth issuer, links, the cross-site check) unless a request's Host is a loopback name or exactly HOST:PORT. Set TESSERA_PUBLIC_URL to the URL users and programs reach it at.`,
  );
  return true;
}
