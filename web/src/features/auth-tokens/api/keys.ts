/** Every auth-token query key is built here; `userId` may be `me`. */
export const authTokenKeys = {
  all: ['auth-tokens'] as const,
  list: (userId: string) => [...authTokenKeys.all, 'list', userId] as const,
  /** The Overview's count: its own entry, so a visit there never hands the list page a 30-second-old list. */
  expiringThisWeek: () => [...authTokenKeys.all, 'expiring-this-week'] as const,
};
