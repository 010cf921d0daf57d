/**
 * What logs, errors and audit rows may show of a receiver's URL: its origin only. The query may carry the receiver's
 * token, and so may the path: Slack (`/services/T…/B…/<secret>`), Discord (`/api/webhooks/<id>/<token>`) and Teams put
 * their credential there. Beside it, a log line or audit row names the webhook by its id.
 */
export function urlForLogs(url: string): string {
  try {
    const u = new URL(url);
    return u.origin;
  } catch {
    return '(invalid URL)';
  }
}
