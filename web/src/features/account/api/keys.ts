/** Every account query key is built here, so mutations invalidate exactly what they change. */
export const accountKeys = {
  all: ['account'] as const,
  sessions: (userId: string) => [...accountKeys.all, 'sessions', userId] as const,
};
