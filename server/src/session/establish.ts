import type { Request } from 'express';

/**
 * Starts a browser session for a user who has just proved who they are (password, and a second factor when enrolled):
 * a fresh session id defeats session fixation. Everything a session records about itself is set here, once.
 */
export async function establishSession(req: Request, userId: string): Promise<void> {
  await new Promise<void>((resolve, reject) => req.session.regenerate((e) => (e ? reject(e) : resolve())));
  req.session.userId = userId;
  req.session.createdAt = Date.now();
  req.session.authenticatedAt = req.session.createdAt;
  await new Promise<void>((resolve, reject) => req.session.save((e) => (e ? reject(e) : resolve())));
}
