/** Every application-credential query key is built here; `userId` may be `me`. */
export const applicationCredentialKeys = {
  all: ['application-credentials'] as const,
  list: (userId: string) => [...applicationCredentialKeys.all, 'list', userId] as const,
};
