import { createContext, useContext, useId, useState, type ReactNode } from 'react';
import { Button } from '../ui/Button';
import { CopyButton, type CopyButtonProps } from '../ui/CopyButton';
import { Dialog, DialogActions } from '../ui/Dialog';
import { ErrorAlert, Notice } from '../ui/Feedback';
import type { RevealDialogProps } from './revealed';

export interface RevealSecretDialogProps<T> extends RevealDialogProps<T> {
  /** The secret inside the credential; shown once, it is gone once this closes. */
  secretOf: (credential: T) => string;
  /** What the secret is, in running text: "token", "client secret". */
  noun: string;
  /** The secret field's label: "Token", "Client secret". */
  secretLabel: string;
  /** Facts about the new credential, above the secret. */
  details?: (credential: T) => ReactNode;
  /** How to use it, below the secret: a curl line, the client's ID and scopes. */
  usage?: (credential: T) => ReactNode;
}

/** Lets a Copy button inside the dialog's content count as copying the secret (e.g. a curl line that holds it). */
const SecretCopied = createContext<() => void>(() => undefined);

/** A Copy button for a value that contains the secret: once used, Escape may close the dialog. */
export function SecretCopyButton(props: CopyButtonProps) {
  return <CopyButton {...props} onCopied={useContext(SecretCopied)} />;
}

/** A command that holds the secret (a curl line), with its own Copy button; `children` follow it. */
export function SecretCommand({ label, command, children }: { label: string; command: string; children?: ReactNode }) {
  return (
    <div className="field">
      <p className="field-label">{label}</p>
      <pre className="code-block">
        <code>{command}</code>
      </pre>
      <div>
        <SecretCopyButton value={command} label="Copy curl command" size="sm" />
      </div>
      {children}
    </div>
  );
}

/** How one kind of credential is revealed: everything but what its panel hands the dialog. */
export type SecretKind<T> = Omit<RevealSecretDialogProps<T>, keyof RevealDialogProps<T>>;

/** The reveal dialog of one kind of credential (auth token, OAuth 2.0 client), taking only the panel's props. */
export function revealDialogFor<T>(kind: SecretKind<T>) {
  return function RevealDialog(props: RevealDialogProps<T>) {
    return <RevealSecretDialog {...props} {...kind} />;
  };
}

/**
 * The one place a secret is ever shown (auth tokens, OAuth client secrets). Until it has been copied, Escape does
 * not close the dialog (nor does a click outside, ever): it says why, and Close is the deliberate way out.
 */
export function RevealSecretDialog<T>(props: RevealSecretDialogProps<T>) {
  const { revealed, onClose, returnFocusTo, secretOf, noun, secretLabel, details, usage } = props;
  const [copied, setCopied] = useState(false);
  const [escapeRefused, setEscapeRefused] = useState(false);
  const close = () => {
    setCopied(false);
    setEscapeRefused(false);
    onClose();
  };
  return (
    <Dialog
      open={revealed !== null}
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
        if (!returnFocusTo?.current) return;
        e.preventDefault();
        returnFocusTo.current.focus();
      }}
    >
      {revealed !== null ? (
        <SecretCopied.Provider value={() => setCopied(true)}>
          <RevealBody
            secret={secretOf(revealed.credential)}
            noun={noun}
            secretLabel={secretLabel}
            details={details?.(revealed.credential)}
            usage={usage?.(revealed.credential)}
            forUser={revealed.forUser}
            escapeRefused={escapeRefused && !copied}
            onClose={close}
          />
        </SecretCopied.Provider>
      ) : null}
    </Dialog>
  );
}

interface RevealBodyProps {
  secret: string;
  noun: string;
  secretLabel: string;
  details: ReactNode;
  usage: ReactNode;
  forUser: string | undefined;
  escapeRefused: boolean;
  onClose: () => void;
}

function RevealBody({ secret, noun, secretLabel, details, usage, forUser, escapeRefused, onClose }: RevealBodyProps) {
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
      {usage}
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
