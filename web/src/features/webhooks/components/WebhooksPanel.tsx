import { useRef, useState } from 'react';
import { useRevealed } from '../../../components/credentials/revealed';
import { Button } from '../../../components/ui/Button';
import { ConfirmDialog } from '../../../components/ui/ConfirmDialog';
import { EmptyState, ErrorAlert, Loading } from '../../../components/ui/Feedback';
import { useRowConfirmation, type ConfirmationText } from '../../../components/ui/row-confirmation';
import { toast } from '../../../components/ui/toast';
import { errorMessage } from '../../../lib/api-client';
import { useDeleteWebhook, useRotateWebhookSecret, useUpdateWebhook } from '../api/change-webhook';
import { useSendTest } from '../api/deliveries';
import { useWebhooks } from '../api/list-webhooks';
import type { Webhook, WebhookWithSecret } from '../api/types';
import { displayUrl } from './event-labels';
import { RevealWebhookSecretDialog } from './RevealWebhookSecretDialog';
import { WebhookFormDialog } from './WebhookFormDialog';
import { WebhooksTable, type WebhookAction } from './WebhooksTable';
import './webhooks.css';

const CONFIRM = {
  rotate: {
    title: 'Replace the signing secret?',
    label: 'Replace secret',
    tone: 'primary',
    text: (_w: Webhook) =>
      'The current secret stops signing at once: deliveries fail your receiver’s signature check until it has the new one, which is shown once.',
  },
  disable: {
    title: 'Turn off this webhook?',
    label: 'Turn off',
    tone: 'primary',
    text: (_w: Webhook) =>
      'No events are delivered while it is off; deliveries already queued wait and are sent when you turn it on again.',
  },
  delete: {
    title: 'Delete this webhook?',
    label: 'Delete',
    tone: 'danger',
    text: (_w: Webhook) =>
      'Its delivery log and any deliveries still waiting are deleted with it. The receiver gets nothing more.',
  },
} as const satisfies Record<string, ConfirmationText<Webhook>>;

/** Identity → Webhooks: the endpoints, Add webhook, and each one's Edit, test, secret, on/off and Delete. */
export function WebhooksPanel() {
  const list = useWebhooks();
  const [editing, setEditing] = useState<Webhook | 'new' | null>(null);
  const addButton = useRef<HTMLButtonElement>(null);
  const secret = useRevealed<WebhookWithSecret>({ username: '' }, () => undefined);
  const update = useUpdateWebhook();
  const remove = useDeleteWebhook();
  const rotate = useRotateWebhookSecret();
  const test = useSendTest();
  // Focus goes back to the confirmed row's Actions button (or, once it is gone, to Add webhook).
  const confirmation = useRowConfirmation(CONFIRM, [update, remove, rotate], addButton, (action, w, done) => {
    if (action === 'disable')
      update.mutate(
        { id: w.id, enabled: false },
        { onSuccess: () => done(`Turned off the webhook to ${displayUrl(w.url)}.`) },
      );
    if (action === 'delete')
      remove.mutate(w.id, { onSuccess: () => done(`Deleted the webhook to ${displayUrl(w.url)}.`) });
    if (action === 'rotate')
      rotate.mutate(w.id, {
        onSuccess: (rotated) => {
          rotate.reset(); // the secret lives in the reveal dialog's state only
          done(); // the reveal dialog takes over, with no toast
          secret.reveal(rotated);
        },
      });
  });

  const act = (action: WebhookAction, w: Webhook) => {
    if (action === 'edit') return setEditing(w);
    if (action === 'enable')
      return update.mutate(
        { id: w.id, enabled: true },
        {
          onSuccess: (s) => toast.success(`Turned on the webhook to ${displayUrl(s.url)}.`),
          onError: (e) => toast.error(`The webhook to ${displayUrl(w.url)} could not be turned on: ${errorMessage(e)}`),
        },
      );
    if (action === 'test')
      return test.mutate(w.id, {
        onSuccess: () => toast.success(`Sent a test event to ${displayUrl(w.url)}: see its delivery log.`),
        onError: (e) => toast.error(errorMessage(e)),
      });
    confirmation.ask(action, w);
  };

  const items = list.data?.items ?? [];
  return (
    <section aria-labelledby="webhooks-heading" className="stack">
      <div className="page-header">
        <div>
          <h1 id="webhooks-heading">Webhooks</h1>
          <p className="muted">
            Endpoints that receive the organisation’s events — tokens generated, revoked or expiring, OAuth clients and
            users changed — signed so the receiver can trust them.
          </p>
        </div>
        <Button ref={addButton} variant="primary" onClick={() => setEditing('new')}>
          Add webhook
        </Button>
      </div>
      {list.isPending ? <Loading label="Loading webhooks…" /> : null}
      {list.isError ? <ErrorAlert>{errorMessage(list.error)}</ErrorAlert> : null}
      {list.isSuccess && items.length === 0 ? (
        <EmptyState title="No webhooks yet">
          Add one to send events to your SIEM, chat or automation as they happen.
        </EmptyState>
      ) : null}
      {items.length > 0 ? <WebhooksTable webhooks={items} onAction={act} /> : null}

      <WebhookFormDialog
        editing={editing}
        onClose={() => setEditing(null)}
        onCreated={(created) => {
          setEditing(null);
          toast.success(`Added the webhook to ${displayUrl(created.url)}.`);
          secret.reveal(created);
        }}
      />
      <RevealWebhookSecretDialog revealed={secret.revealed} onClose={secret.close} returnFocusTo={addButton} />
      <ConfirmDialog {...confirmation.dialog}>
        {confirmation.confirming ? (
          <>
            <strong className="webhook-url">{displayUrl(confirmation.confirming.row.url)}</strong>
            {'. '}
            {confirmation.text}
          </>
        ) : null}
      </ConfirmDialog>
    </section>
  );
}
