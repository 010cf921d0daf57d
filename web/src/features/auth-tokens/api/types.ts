export interface AuthToken {
  id: string;
  userId: string;
  name: string;
  description: string;
  hint: string;
  createdAt: string;
  createdBy: string | null;
  expiresAt: string | null;
  lastUsedAt: string | null;
  lastUsedIp: string | null;
  regeneratedAt: string | null;
  status: 'active' | 'expired';
}

/** Only the create and regenerate answers have this shape; it must never reach the query cache. */
export type NewAuthToken = AuthToken & { token: string };

export interface TokenPolicy {
  maxTokensPerUser: number;
  defaultLifetimeDays: number;
  maxLifetimeDays: number | null;
  used: number;
}

export interface AuthTokenList {
  items: AuthToken[];
  user: { id: string; username: string; displayName: string; apiTokensEnabled: boolean };
  policy: TokenPolicy;
}
