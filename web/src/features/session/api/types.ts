export interface SessionUser {
  id: string;
  username: string;
  displayName: string;
  role: 'user' | 'admin';
  disabled: boolean;
  apiTokensEnabled: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface Session {
  user: SessionUser;
  idleExpiresAt: string;
  absoluteExpiresAt: string;
}
