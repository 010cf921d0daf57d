/** Every auth-token query key is built here; `userId` may be `me`. */
export const authTokenKeys = {
  all: ['auth-tokens'] as const,
  list: (userId: string) => [...authTokenKeys.all, 'list', userId] as const,
  /** The Overview's count: its own entry, so a visit there never hands the list page a 30-second-old list. */
  expiringThisWeek: () => [...authTokenKeys.all, 'expiring-this-week'] as const,
  /** One token, for its details page. */
  detail: (userId: string, tokenId: string) => [...authTokenKeys.all, 'detail', userId, tokenId] as const,
  /** The clients that used one token in the last `sinceDays` days (its details: 30; an impact preview: 7). */
  clients: (userId: string, tokenId: string, sinceDays: number) =>
    [...authTokenKeys.all, 'clients', userId, tokenId, sinceDays] as const,
};
