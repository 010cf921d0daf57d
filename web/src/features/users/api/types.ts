export type Role = 'user' | 'admin';

export interface User {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  disabled: boolean;
  apiTokensEnabled: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface UserPage {
  users: User[];
  nextCursor: string | null;
}
