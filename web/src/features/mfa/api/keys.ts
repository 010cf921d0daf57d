/** Every two-factor query key is built here; `userId` may be `me`. */
export const mfaKeys = {
  all: ['mfa'] as const,
  status: (userId: string) => [...mfaKeys.all, 'status', userId] as const,
};

export const mfaPath = (userId: string, rest = '') => `/api/users/${encodeURIComponent(userId)}/mfa${rest}`;
