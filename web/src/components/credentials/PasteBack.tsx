import type { UseMutationResult } from '@tanstack/react-query';
import { useId, useRef, useState } from 'react';
import { errorMessage } from '../../lib/api-client';
import { Button } from '../ui/Button';
import { checkPasted, pasteCheckMessage, type PasteCheck } from './paste-check';
import type { DeliveredSecret } from './revealed';

export type ConfirmDelivery = UseMutationResult<unknown, Error, DeliveredSecret>;

export interface PasteBackProps {
  secret: string;
  noun: string;
  /** Set when an administrator made it for someone else: the step is open from the start and a match is recorded. */
  forUser: string | undefined;
  /** Records a match for someone else's credential; absent: the check is only the user's own (a webhook secret). */
  confirmDelivery?: ConfirmDelivery;
  /** Which secret a recorded delivery is about (no secret in it). */
  delivered?: DeliveredSecret;
  /** The pasted value matched: what was stored is the secret, so closing needs no "without copying?" question. */
  onMatch: () => void;
}

/** A credential whose delivery is recorded: the mutation is made here, so each reveal starts with a fresh one. */
export function PasteBackWithDelivery({
  useConfirmDelivery,
  ...props
}: PasteBackProps & { useConfirmDelivery: () => ConfirmDelivery }) {
  return <PasteBack {...props} confirmDelivery={useConfirmDelivery()} />;
}

/**
 * "Paste the token to confirm you stored it" (issue 20, point 6): the pasted text is compared with the secret here, in
 * the browser, and kept only in this component's state. For someone else's credential a match is recorded as
 * delivered; the request names the secret by its hint and carries nothing pasted.
 */
export function PasteBack({ secret, noun, forUser, delivered, confirmDelivery, onMatch }: PasteBackProps) {
  const recorded = forUser !== undefined && confirmDelivery !== undefined && delivered !== undefined;
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const [open, setOpen] = useState(forUser !== undefined);
  const [pasted, setPasted] = useState('');
  const [clipboardProblem, setClipboardProblem] = useState('');
  const check: PasteCheck = checkPasted(pasted, secret);

  // Confirmed in the step's own status line (announced), not also by a toast over the dialog.
  const record = () => recorded && confirmDelivery.mutate(delivered);
  const take = (value: string) => {
    setPasted(value);
    if (checkPasted(value, secret) !== 'match') return;
    onMatch();
    if (recorded && confirmDelivery.isIdle) record();
  };
  const pasteFromClipboard = async () => {
    setClipboardProblem('');
    try {
      take(await navigator.clipboard.readText());
    } catch {
      setClipboardProblem('The browser did not let this page read the clipboard: press Ctrl+V (⌘V) in the field.');
    }
    input.current?.focus();
  };

  if (!open)
    return (
      <div className="paste-back">
        <p className="field-hint">
          Optional: paste the {noun} back from where you stored it, to check that it arrived whole.
        </p>
        <div>
          <Button
            size="sm"
            onClick={() => {
              setOpen(true);
              // The field replaces this button: focus follows, so a keyboard user can paste at once.
              requestAnimationFrame(() => input.current?.focus());
            }}
          >
            Paste to confirm
          </Button>
        </div>
      </div>
    );

  const mismatch = check === 'shorter' || check === 'longer' || check === 'different';
  return (
    <div className="field paste-back">
      <label className="field-label" htmlFor={id}>
        Paste the {noun} to confirm you stored it
      </label>
      <p className="field-hint" id={`${id}-hint`}>
        {forUser !== undefined
          ? `Paste it back from where you stored it for ${forUser}. It is compared here, in your browser, and never sent${recorded ? '; only the fact that it matched is recorded' : ''}.`
          : 'Optional. It is compared here, in your browser, and never sent anywhere.'}
      </p>
      <div className="secret-row paste-back-row">
        <input
          ref={input}
          id={id}
          className="input input-mono"
          value={pasted}
          onChange={(e) => take(e.currentTarget.value)}
          spellCheck={false}
          autoComplete="off"
          autoCapitalize="off"
          aria-describedby={`${id}-hint ${id}-result`}
          aria-invalid={mismatch || undefined}
        />
        <Button onClick={() => void pasteFromClipboard()}>Paste from clipboard</Button>
      </div>
      <div role="status" id={`${id}-result`} className="paste-back-result">
        {check !== 'empty' ? (
          <p className={`notice ${check === 'match' ? 'notice-success' : 'notice-error'}`}>
            {pasteCheckMessage(check, noun)}
            {check === 'match' && recorded ? <> {deliveryText(confirmDelivery, forUser)}</> : null}
          </p>
        ) : null}
        {clipboardProblem ? <p className="notice notice-error">{clipboardProblem}</p> : null}
      </div>
      {check === 'match' && recorded && confirmDelivery.isError ? (
        <div className="notice notice-error" role="alert">
          <p>The delivery could not be recorded: {errorMessage(confirmDelivery.error)}</p>
          <Button size="sm" onClick={record}>
            Record again
          </Button>
        </div>
      ) : null}
    </div>
  );
}

function deliveryText(m: ConfirmDelivery, forUser: string): string {
  if (m.isSuccess) return `Recorded as delivered to ${forUser}.`;
  if (m.isPending) return 'Recording the delivery…';
  return '';
}
