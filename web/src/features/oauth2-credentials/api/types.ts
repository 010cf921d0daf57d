export interface ScopePair {
  audience: string;
  scope: string;
}

export interface OAuth2Client {
  id: string;
  clientId: string;
  userId: string;
  name: string;
  description: string;
  scopes: ScopePair[];
  fullyQualifiedScopes: string[];
  secretHint: string;
  createdAt: string;
  createdBy: string | null;
  updatedAt: string;
  secretResetAt: string | null;
  expiresAt: string | null;
  lastUsedAt: string | null;
  status: 'active' | 'expired';
}

/** Only the create and reset-secret answers have this shape; it must never reach the query cache. */
export type NewOAuth2Client = OAuth2Client & { secret: string };

export interface OAuth2ClientList {
  items: OAuth2Client[];
  user: { id: string; username: string; displayName: string; apiTokensEnabled: boolean };
  policy: { maxPerUser: number; maxLifetimeDays: number | null; used: number };
}
