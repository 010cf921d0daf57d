export const tokensPath = (userId: string, tokenId?: string) =>
  `/api/users/${encodeURIComponent(userId)}/auth-tokens${tokenId ? `/${encodeURIComponent(tokenId)}` : ''}`;
