import { createContext, useContext, useId, useState, type ReactNode, type RefObject } from 'react';
import { Button } from '../ui/Button';
import { CopyButton, type CopyButtonProps } from '../ui/CopyButton';
import { Dialog, DialogActions } from '../ui/Dialog';
import { ErrorAlert, Notice } from '../ui/Feedback';

export interface RevealSecretDialogProps {
  /** The secret, shown once; null closes the dialog. It lives in the caller's state and is gone once this closes. */
  secret: string | null;
  onClose: () => void;
  /** What the secret is, in running text: "token", "client secret". */
  noun: string;
  /** The secret field's label: "Token", "Client secret". */
  secretLabel: string;
  /** Facts about the new credential, above the secret. */
  details?: ReactNode;
  /** How to use it, below the secret: a curl line, the client's ID and scopes. */
  children?: ReactNode;
  /** Set when an administrator made it for someone else, who must receive it. */
  forUser?: string;
  /** The dialog that opened this one is gone by now, so focus needs somewhere sensible to land. */
  returnFocusTo?: RefObject<HTMLElement | null>;
}

/** Lets a Copy button inside the dialog's content count as copying the secret (e.g. a curl line that holds it). */
const SecretCopied = createContext<() => void>(() => undefined);

/** A Copy button for a value that contains the secret: once used, Escape may close the dialog. */
export function SecretCopyButton(props: CopyButtonProps) {
  return <CopyButton {...props} onCopied={useContext(SecretCopied)} />;
}

/**
 * The one place a secret is ever shown (auth tokens, OAuth client secrets). Until it has been copied, Escape does
 * not close the dialog (nor does a click outside, ever): it says why, and Close is the deliberate way out.
 */
export function RevealSecretDialog({ secret, onClose, noun, ...body }: RevealSecretDialogProps) {
  const [copied, setCopied] = useState(false);
  const [escapeRefused, setEscapeRefused] = useState(false);
  const close = () => {
    setCopied(false);
    setEscapeRefused(false);
    onClose();
  };
  return (
    <Dialog
      open={secret !== null}
      onOpenChange={(open) => !open && close()}
      title={`Copy your ${noun}`}
      description={
        <strong className="warning-text">
          Copy the {noun} now. You can't retrieve it again after you close this dialog.
        </strong>
      }
      modalStrict
      size="lg"
      onEscapeKeyDown={(e) => {
        if (copied) return;
        e.preventDefault();
        setEscapeRefused(true);
      }}
      onCloseAutoFocus={(e) => {
        if (!body.returnFocusTo?.current) return;
        e.preventDefault();
        body.returnFocusTo.current.focus();
      }}
    >
      {secret !== null ? (
        <SecretCopied.Provider value={() => setCopied(true)}>
          <RevealBody secret={secret} noun={noun} onClose={close} escapeRefused={escapeRefused && !copied} {...body} />
        </SecretCopied.Provider>
      ) : null}
    </Dialog>
  );
}

function RevealBody({
  secret,
  noun,
  secretLabel,
  details,
  children,
  forUser,
  escapeRefused,
  onClose,
}: Omit<RevealSecretDialogProps, 'secret' | 'returnFocusTo'> & { secret: string; escapeRefused: boolean }) {
  const fieldId = useId();
  const markCopied = useContext(SecretCopied);
  return (
    <div className="stack">
      {details}
      <div className="field">
        <label className="field-label" htmlFor={fieldId}>
          {secretLabel}
        </label>
        <div className="secret-row">
          <input
            id={fieldId}
            className="input input-mono"
            readOnly
            value={secret}
            spellCheck={false}
            autoComplete="off"
            onFocus={(e) => e.currentTarget.select()}
            // Copying by hand from the field (Ctrl+C) counts too.
            onCopy={markCopied}
          />
          <SecretCopyButton value={secret} variant="primary" />
        </div>
      </div>
      {children}
      {forUser ? (
        <Notice tone="info">
          You generated this {noun} for <strong>{forUser}</strong>. Deliver it to them securely, for example through a
          password manager's sharing feature, never by email or chat.
        </Notice>
      ) : null}
      {escapeRefused ? (
        <ErrorAlert>
          The {noun} has not been copied, so this dialog stays open. Copy it first, or choose Close if you no longer
          need it: it can't be shown again.
        </ErrorAlert>
      ) : null}
      <DialogActions>
        <Button variant="secondary" onClick={onClose}>
          Close
        </Button>
      </DialogActions>
    </div>
  );
}
