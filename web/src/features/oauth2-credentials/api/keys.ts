/** Every OAuth 2.0 client-credential query key is built here; `userId` may be `me`. */
export const oauth2ClientKeys = {
  all: ['oauth2-client-credentials'] as const,
  list: (userId: string) => [...oauth2ClientKeys.all, 'list', userId] as const,
  /** One client, for its details page. */
  detail: (userId: string, clientId: string) => [...oauth2ClientKeys.all, 'detail', userId, clientId] as const,
  /** The programs that used one client in the last `sinceDays` days (its details: 30; an impact preview: 7). */
  clients: (userId: string, clientId: string, sinceDays: number) =>
    [...oauth2ClientKeys.all, 'clients', userId, clientId, sinceDays] as const,
};
