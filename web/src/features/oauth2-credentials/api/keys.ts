/** Every OAuth 2.0 client-credential query key is built here; `userId` may be `me`. */
export const oauth2ClientKeys = {
  all: ['oauth2-client-credentials'] as const,
  list: (userId: string) => [...oauth2ClientKeys.all, 'list', userId] as const,
};
