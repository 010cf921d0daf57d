/** Every auth-token query key is built here; `userId` may be `me`. */
export const authTokenKeys = {
  all: ['auth-tokens'] as const,
  list: (userId: string) => [...authTokenKeys.all, 'list', userId] as const,
};
