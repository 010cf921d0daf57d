/** The URL without its query (which may carry the receiver's token): what logs, errors and audit rows may show. */
export function urlForLogs(url: string): string {
  try {
    const u = new URL(url);
    return u.origin + u.pathname;
  } catch {
    return '(invalid URL)';
  }
}
