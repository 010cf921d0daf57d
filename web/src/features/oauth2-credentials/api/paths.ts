export const clientsPath = (userId: string, clientId?: string) =>
  `/api/users/${encodeURIComponent(userId)}/oauth2-client-credentials${clientId ? `/${encodeURIComponent(clientId)}` : ''}`;
