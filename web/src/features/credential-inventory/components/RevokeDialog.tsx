import { CONTROL_CHARACTERS_MESSAGE, MAX_REVOCATION_REASON_LENGTH, hasNoControlCharacters } from '@tessera/rules';
import { useEffect, useRef, useState } from 'react';
import { z } from 'zod';
import { Button } from '../../../components/ui/Button';
import { Dialog, DialogActions, DialogClose } from '../../../components/ui/Dialog';
import { ErrorAlert, Notice } from '../../../components/ui/Feedback';
import { Form, FormAlert, FormTextField, applyServerErrors, useZodForm } from '../../../components/ui/form';
import { usePreviewRevocation, useStartRevocation } from '../api/revocations';
import type { RevocationFilter, RevocationPreview, RevocationRequest, RevocationStarted } from '../api/types';
import { errorMessage } from '../../../lib/api-client';

/** What the administrator asked to revoke: the rows they ticked, or everything the filter matches. */
export type RevokeTarget =
  { kind: 'ids'; ids: string[]; what: string } | { kind: 'filter'; filter: RevocationFilter; conditions: string[] };

// The reason is shown to each owner on their revoked token: required, one line, and as long as the server keeps
// (1–200; the server's rule is @tessera/rules' revocationReasonSchema, worded here for the dialog).
const reasonSchema = z.object({
  reason: z
    .string()
    .trim()
    .min(1, 'Enter the reason the owners will read.')
    .max(MAX_REVOCATION_REASON_LENGTH, `must be at most ${MAX_REVOCATION_REASON_LENGTH} characters`)
    .refine(hasNoControlCharacters, CONTROL_CHARACTERS_MESSAGE),
});

const plural = (n: number) => `${n.toLocaleString('en')} ${n === 1 ? 'token' : 'tokens'}`;

export interface RevokeDialogProps {
  target: RevokeTarget | null;
  onClose: () => void;
  /** The 202: the caller confirms it and offers Undo. */
  onRevoked: (started: RevocationStarted, reason: string) => void;
  onCloseAutoFocus?: (event: Event) => void;
}

export function RevokeDialog({ target, onClose, onRevoked, onCloseAutoFocus }: RevokeDialogProps) {
  return (
    <Dialog
      open={target !== null}
      onOpenChange={(open) => !open && onClose()}
      title="Revoke tokens"
      role="alertdialog"
      size="lg"
      onCloseAutoFocus={onCloseAutoFocus}
    >
      {target ? <RevokeSteps target={target} onRevoked={onRevoked} /> : null}
    </Dialog>
  );
}

/** First the reason and a dry run ("N tokens will be revoked", with a sample), then the revocation itself. */
function RevokeSteps({ target, onRevoked }: { target: RevokeTarget; onRevoked: RevokeDialogProps['onRevoked'] }) {
  const [previewed, setPreviewed] = useState<RevocationPreview | null>(null);
  const [reason, setReason] = useState('');
  const request = (r: string): RevocationRequest =>
    target.kind === 'ids' ? { ids: target.ids, reason: r } : { filter: target.filter, reason: r };
  if (previewed)
    return (
      <PreviewStep
        previewed={previewed}
        reason={reason}
        onBack={() => setPreviewed(null)}
        onConfirm={() => request(reason)}
        onRevoked={onRevoked}
      />
    );
  return (
    <ReasonStep
      target={target}
      reason={reason}
      request={request}
      onPreviewed={(r, p) => {
        setReason(r);
        setPreviewed(p);
      }}
    />
  );
}

function ReasonStep({
  target,
  reason,
  request,
  onPreviewed,
}: {
  target: RevokeTarget;
  reason: string;
  request: (reason: string) => RevocationRequest;
  onPreviewed: (reason: string, preview: RevocationPreview) => void;
}) {
  const form = useZodForm(reasonSchema, { defaultValues: { reason } });
  const preview = usePreviewRevocation();
  // Back from the preview: the reason is where the keyboard was going.
  useEffect(() => {
    if (reason) form.setFocus('reason');
  }, [form, reason]);
  return (
    <Form
      form={form}
      aria-label="Reason for revoking"
      onSubmit={({ reason: r }) =>
        preview.mutate(request(r), {
          onSuccess: (p) => onPreviewed(r, p),
          onError: (err) => applyServerErrors(form, err),
        })
      }
    >
      {target.kind === 'ids' ? (
        <p>{target.what}</p>
      ) : (
        <div>
          <p>Every token that matches:</p>
          <ul className="revoke-conditions">
            {target.conditions.map((c) => (
              <li key={c}>{c}</li>
            ))}
          </ul>
        </div>
      )}
      <FormTextField<z.input<typeof reasonSchema>>
        name="reason"
        label="Reason"
        maxLength={200}
        hint="Each owner sees it on their revoked token, e.g. “Unused for 90 days (security review)”."
      />
      <FormAlert form={form} error={preview.error} />
      <DialogActions>
        <DialogClose asChild>
          <Button>Cancel</Button>
        </DialogClose>
        <Button type="submit" variant="primary" busy={preview.isPending}>
          Preview
        </Button>
      </DialogActions>
    </Form>
  );
}

function PreviewStep({
  previewed,
  reason,
  onBack,
  onConfirm,
  onRevoked,
}: {
  previewed: RevocationPreview;
  reason: string;
  onBack: () => void;
  onConfirm: () => RevocationRequest;
  onRevoked: RevokeDialogProps['onRevoked'];
}) {
  const start = useStartRevocation();
  const count = useRef<HTMLParagraphElement>(null);
  // The Preview button is gone: focus goes to the count, which a screen reader then reads.
  useEffect(() => count.current?.focus(), []);
  const shownMore = previewed.count - previewed.sample.length;
  return (
    <div className="stack revoke-preview">
      <p className="revoke-count" ref={count} tabIndex={-1}>
        {previewed.count === 0
          ? 'No token matches: nothing will be revoked.'
          : `${plural(previewed.count)} will be revoked.`}
      </p>
      {previewed.sample.length > 0 ? (
        <ul className="revoke-sample" aria-label="Some of the tokens">
          {previewed.sample.map((t) => (
            <li key={t.id}>
              <span className="cell-title">{t.description}</span> <code className="hint">{t.hint}</code>{' '}
              <span className="muted">of {t.owner.username}</span>
            </li>
          ))}
          {shownMore > 0 ? <li className="muted">and {plural(shownMore)} more</li> : null}
        </ul>
      ) : null}
      <p>
        Reason the owners will read: <q>{reason}</q>
      </p>
      <Notice tone="warning">
        Programs using these tokens are refused at once. You can undo this for a few minutes; after that the tokens are
        deleted and cannot be brought back.
      </Notice>
      {start.isError ? <ErrorAlert>{errorMessage(start.error)}</ErrorAlert> : null}
      <DialogActions>
        <Button onClick={onBack}>Back</Button>
        <DialogClose asChild>
          <Button>Cancel</Button>
        </DialogClose>
        <Button
          variant="danger"
          busy={start.isPending}
          disabled={previewed.count === 0}
          onClick={() => start.mutate(onConfirm(), { onSuccess: (r) => onRevoked(r, reason) })}
        >
          {`Revoke ${plural(previewed.count)}`}
        </Button>
      </DialogActions>
    </div>
  );
}
