/** Every application-credential query key is built here; `userId` may be `me`. */
export const applicationCredentialKeys = {
  all: ['application-credentials'] as const,
  list: (userId: string) => [...applicationCredentialKeys.all, 'list', userId] as const,
  /** The projects a credential may be bound to, with the user's roles there (the Create dialog's choices). */
  projects: (userId: string) => [...applicationCredentialKeys.all, 'projects', userId] as const,
};
