/** Every settings query key is built here, so mutations invalidate exactly what they change. */
export const settingsKeys = {
  all: ['settings'] as const,
  bootstrapToken: () => [...settingsKeys.all, 'bootstrap-token'] as const,
};
