import { revealDialogFor } from '../../../components/credentials/RevealSecretDialog';
import type { WebhookWithSecret } from '../api/types';
import { displayUrl, eventsSummary } from './event-labels';

/** After Add webhook or Replace signing secret: the secret once, and how a receiver checks signatures with it. */
export const RevealWebhookSecretDialog = revealDialogFor<WebhookWithSecret>({
  noun: 'signing secret',
  secretLabel: 'Signing secret',
  secretOf: (w) => w.secret,
  details: (w) => (
    <dl className="meta-list">
      <div>
        <dt>URL</dt>
        <dd className="webhook-url">{displayUrl(w.url)}</dd>
      </div>
      <div>
        <dt>Events</dt>
        <dd>{eventsSummary(w.events)}</dd>
      </div>
    </dl>
  ),
  usage: () => (
    <p className="muted">
      Give it to the receiver: it checks each delivery’s <code>webhook-signature</code> header with it (Standard
      Webhooks; libraries such as <code>standardwebhooks</code> do it in one call). How is in the{' '}
      <a href="/docs/api#webhooks" target="_blank" rel="noopener">
        API reference
      </a>{' '}
      (opens in a new tab).
    </p>
  ),
});
