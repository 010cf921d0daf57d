import { MAX_DESCRIPTION_LENGTH, MAX_WEBHOOK_URL_LENGTH } from '@tessera/rules';
import type { z } from 'zod';
import { Dialog } from '../../../components/ui/Dialog';
import { DialogForm } from '../../../components/ui/DialogForm';
import { FormTextField, applyServerErrors, useZodForm } from '../../../components/ui/form';
import { toast } from '../../../components/ui/toast';
import { useCreateWebhook, useUpdateWebhook } from '../api/change-webhook';
import type { CreateWebhookBody, Webhook, WebhookWithSecret } from '../api/types';
import { displayUrl } from './event-labels';
import { EventsChecklist } from './EventsChecklist';
import { webhookFormSchema, type WebhookFormValues } from './webhook-schemas';

export interface WebhookFormDialogProps {
  /** `'new'` for Add webhook, an endpoint for Edit, null while closed. */
  editing: Webhook | 'new' | null;
  onClose: () => void;
  /** Added: the answer with its secret, for the reveal dialog (never the query cache). */
  onCreated: (webhook: WebhookWithSecret) => void;
  onCloseAutoFocus?: (event: Event) => void;
}

/** Add webhook and Edit webhook: URL, description and the events it takes. */
export function WebhookFormDialog({ editing, onClose, onCreated, onCloseAutoFocus }: WebhookFormDialogProps) {
  // Here, not in the form: the dialog stays open while the answer (with its one-time secret) is on its way.
  const create = useCreateWebhook();
  return (
    <Dialog
      open={editing !== null}
      onOpenChange={(open) => {
        if (open) return;
        create.reset(); // a failed add's alert does not greet the next one
        onClose();
      }}
      title={editing === 'new' ? 'Add webhook' : 'Edit webhook'}
      size="lg"
      onCloseAutoFocus={onCloseAutoFocus}
      busy={create.isPending}
    >
      {editing === 'new' ? <AddForm create={create} onCreated={onCreated} /> : null}
      {editing !== null && editing !== 'new' ? <EditForm webhook={editing} onDone={onClose} /> : null}
    </Dialog>
  );
}

function Fields() {
  return (
    <>
      <FormTextField<WebhookFormValues>
        name="url"
        label="URL"
        type="url"
        required
        maxLength={MAX_WEBHOOK_URL_LENGTH}
        autoComplete="off"
        spellCheck={false}
        placeholder="https://siem.example.com/hooks/tessera"
        hint="Deliveries are POSTed here. http or https; a query string may carry your receiver’s own token."
      />
      <FormTextField<WebhookFormValues>
        name="description"
        label="Description"
        maxLength={MAX_DESCRIPTION_LENGTH}
        autoComplete="off"
        hint="Optional: what receives these events, e.g. “SIEM”."
      />
      <EventsChecklist />
    </>
  );
}

function AddForm({
  create,
  onCreated,
}: {
  create: ReturnType<typeof useCreateWebhook>;
  onCreated: (w: WebhookWithSecret) => void;
}) {
  const form = useZodForm(webhookFormSchema, { defaultValues: { url: '', description: '', events: [] } });
  const submit = (values: z.output<typeof webhookFormSchema>) =>
    create.mutate(values as CreateWebhookBody, {
      onSuccess: (created) => {
        create.reset(); // the secret moves to the reveal dialog's state and nowhere else
        onCreated(created);
      },
      onError: (error) => applyServerErrors(form, error),
    });
  return (
    <DialogForm form={form} onSubmit={submit} mutation={create} submitLabel="Add webhook">
      <Fields />
    </DialogForm>
  );
}

function EditForm({ webhook, onDone }: { webhook: Webhook; onDone: () => void }) {
  const form = useZodForm(webhookFormSchema, {
    defaultValues: { url: webhook.url, description: webhook.description, events: [...webhook.events] },
  });
  const update = useUpdateWebhook();
  // The URL only when it changed: a new URL asks a session signed in long ago to confirm it's you, an edit of the
  // events or description does not. (The form's URL is normalised as the server stores it, so an untouched one matches.)
  const submit = (values: z.output<typeof webhookFormSchema>) => {
    const { url, ...rest } = values as CreateWebhookBody;
    return update.mutate(
      { id: webhook.id, ...rest, ...(url !== webhook.url ? { url } : {}) },
      {
        onSuccess: (saved) => {
          toast.success(`Saved the webhook to ${displayUrl(saved.url)}.`);
          onDone();
        },
        onError: (error) => applyServerErrors(form, error),
      },
    );
  };
  return (
    <DialogForm form={form} onSubmit={submit} mutation={update} submitLabel="Save">
      <Fields />
    </DialogForm>
  );
}
