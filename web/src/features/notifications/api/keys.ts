/** Every notifications query key is built here; the bell and its menu read the same list. */
export const notificationKeys = {
  all: ['notifications'] as const,
  latest: () => [...notificationKeys.all, 'latest'] as const,
};
