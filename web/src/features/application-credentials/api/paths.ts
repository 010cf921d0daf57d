export const credentialsPath = (userId: string, credentialId?: string) =>
  `/api/users/${encodeURIComponent(userId)}/application-credentials${credentialId ? `/${encodeURIComponent(credentialId)}` : ''}`;
