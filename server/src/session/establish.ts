import { randomBytes } from 'node:crypto';
import type { Request } from 'express';
import type { SessionData } from 'express-session';
import { clientAddress } from '../http/client.js';

/** An opaque name for a session in its owner's sessions list: random, so it says nothing about the session id. */
export const newSessionHandle = () => randomBytes(16).toString('base64url');

const USER_AGENT_MAX = 256;

/**
 * Starts a browser session for a user who has just proved who they are (password, and a second factor when enrolled):
 * a fresh session id defeats session fixation. Everything a session records about itself is set here, once.
 */
export async function establishSession(
  req: Request,
  userId: string,
  /** What the way of signing in adds (OpenID Connect: the method and the logout hint). */
  extra: Partial<Pick<SessionData, 'signInMethod' | 'oidcSealedIdToken'>> = {},
): Promise<void> {
  await new Promise<void>((resolve, reject) => req.session.regenerate((e) => (e ? reject(e) : resolve())));
  req.session.userId = userId;
  req.session.createdAt = Date.now();
  req.session.authenticatedAt = req.session.createdAt;
  req.session.lastSeenAt = req.session.createdAt;
  req.session.handle = newSessionHandle();
  req.session.ip = clientAddress(req) ?? null;
  req.session.userAgent = req.get('user-agent')?.slice(0, USER_AGENT_MAX) ?? null;
  Object.assign(req.session, extra);
  await new Promise<void>((resolve, reject) => req.session.save((e) => (e ? reject(e) : resolve())));
}

/**
 * After a re-authentication (step-up): a new session id with the same contents (ASVS 7.2.4), so an id seen before the
 * user proved themselves again is worth nothing after it; `authenticatedAt` starts over.
 */
export async function renewSession(req: Request): Promise<void> {
  const { cookie: _cookie, ...data } = req.session;
  await new Promise<void>((resolve, reject) => req.session.regenerate((e) => (e ? reject(e) : resolve())));
  Object.assign(req.session, data, { authenticatedAt: Date.now() });
  await new Promise<void>((resolve, reject) => req.session.save((e) => (e ? reject(e) : resolve())));
}
