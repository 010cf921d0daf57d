/** Every webhook query key is built here, so mutations invalidate exactly what they change. */
export const webhookKeys = {
  all: ['webhooks'] as const,
  list: () => [...webhookKeys.all, 'list'] as const,
  detail: (id: string) => [...webhookKeys.all, 'detail', id] as const,
  deliveries: (id: string) => [...webhookKeys.all, 'deliveries', id] as const,
};

export const webhooksPath = (id?: string, rest = '') => `/api/webhooks${id ? `/${encodeURIComponent(id)}` : ''}${rest}`;
