/** The ready-made ways to use a new token that the reveal dialog offers to copy. */
export const COPY_AS = [
  { value: 'bearer', label: 'curl with Authorization: Bearer' },
  { value: 'x-auth-token', label: 'curl with X-Auth-Token' },
  { value: 'basic', label: 'curl with HTTP Basic (username:token)' },
  { value: 'export', label: 'Shell variable (export TESSERA_TOKEN)' },
  { value: 'netrc', label: '.netrc line' },
] as const;
export type CopyAsChoice = (typeof COPY_AS)[number]['value'];

export interface CopyAsContext {
  token: string;
  username: string;
  /** The console's origin, e.g. https://tessera.example.com */
  origin: string;
}

/** The text for one choice; every one of them holds the secret. */
export function copyAsText(choice: CopyAsChoice, { token, username, origin }: CopyAsContext): string {
  const whoami = `${origin}/api/whoami`;
  switch (choice) {
    case 'bearer':
      return `curl -H "Authorization: Bearer ${token}" ${whoami}`;
    case 'x-auth-token':
      return `curl -H "X-Auth-Token: ${token}" ${whoami}`;
    case 'basic':
      return `curl -u '${username}:${token}' ${whoami}`;
    case 'export':
      return `export TESSERA_TOKEN=${token}`;
    case 'netrc':
      return `machine ${new URL(origin).hostname} login ${username} password ${token}`;
  }
}
