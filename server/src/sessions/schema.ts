import { z } from 'zod';
import { instant } from '../http/schemas.js';
import { userPath } from '../users/schema.js';

export const sessionHandleSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,64}$/, 'is not a session id')
  .describe('the session’s opaque id from the sessions list (never the cookie’s session id)');

export const sessionPath = userPath.extend({ sessionId: sessionHandleSchema });

export const userSessionSchema = z
  .strictObject({
    id: z.string().describe('an opaque random handle, never the session cookie’s secret'),
    createdAt: instant.describe('when the session was signed in'),
    lastSeenAt: instant.describe('the last request made with it, to the minute'),
    ip: z.string().nullable().describe('the address it signed in from'),
    userAgent: z.string().nullable().describe('the browser it signed in with'),
    current: z.boolean().describe('whether this is the session making the request'),
  })
  .meta({ id: 'UserSession' });

export const userSessionListSchema = z
  .strictObject({ items: z.array(userSessionSchema) })
  .meta({ id: 'UserSessionList' });

export const endedSessionsSchema = z
  .strictObject({ ended: z.number().int().describe('how many sessions were signed out') })
  .meta({ id: 'EndedSessions' });
