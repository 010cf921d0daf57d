import type { ListServiceAccountsParams } from './list-service-accounts';

/** Every service-account query key is built here, so mutations invalidate exactly what they change. */
export const serviceAccountKeys = {
  all: ['service-accounts'] as const,
  lists: () => [...serviceAccountKeys.all, 'list'] as const,
  list: (params: ListServiceAccountsParams) => [...serviceAccountKeys.lists(), params] as const,
  detail: (id: string) => [...serviceAccountKeys.all, 'detail', id] as const,
  /** The enabled people an administrator may choose as an owner, matching what was typed. */
  people: (search: string) => [...serviceAccountKeys.all, 'people', search] as const,
};
