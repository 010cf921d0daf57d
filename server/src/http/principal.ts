import type { Role } from '../store/store.js';

export type AuthenticatedBy = 'session' | 'auth-token' | 'bootstrap-token' | 'oauth2' | 'keystone';
export type CredentialHeader = 'cookie' | 'bearer' | 'ssws' | 'x-auth-token' | 'basic';

/** Who made the request and with what credential; set once by the credentials middleware. */
export interface Principal {
  user: { id: string; username: string; displayName: string; role: Role };
  authenticatedBy: AuthenticatedBy;
  via: CredentialHeader;
  tokenId?: string;
}

declare module 'express-serve-static-core' {
  interface Request {
    id: string;
    principal?: Principal;
  }
}

declare module 'express-session' {
  interface SessionData {
    userId: string;
    createdAt: number;
  }
}
