import { createContext, useContext, useId, useState, type ReactNode } from 'react';
import { Button } from '../ui/Button';
import { CopyButton, type CopyButtonProps } from '../ui/CopyButton';
import { Dialog, DialogActions } from '../ui/Dialog';
import { Notice } from '../ui/Feedback';
import { CloseWithoutCopying } from './CloseWithoutCopying';
import { PasteBack, PasteBackWithDelivery, type ConfirmDelivery } from './PasteBack';
import type { DeliveredSecret, RevealDialogProps, Revealed } from './revealed';

export interface RevealSecretDialogProps<T> extends RevealDialogProps<T> {
  /** The secret inside the credential; shown once, it is gone once this closes. */
  secretOf: (credential: T) => string;
  /** What the secret is, in running text: "token", "client secret". */
  noun: string;
  /** The secret field's label: "Token", "Client secret". */
  secretLabel: string;
  /** Facts about the new credential, above the secret. */
  details?: (credential: T) => ReactNode;
  /** How to use it, below the secret: a curl line, the client's ID and scopes (the owner's username for Basic). */
  usage?: (credential: T, revealed: Revealed<T>) => ReactNode;
  /** For a credential made for someone else, how a pasted secret that matched is recorded as delivered (issue 20). */
  delivery?: {
    /** Which secret a confirmation names (its hint, never the secret). */
    secretOf: (credential: T) => DeliveredSecret;
    useConfirmDelivery: () => ConfirmDelivery;
  };
}

/** Lets a Copy button inside the dialog's content count as copying the secret (e.g. a curl line that holds it). */
const SecretCopied = createContext<() => void>(() => undefined);

/** A Copy button for a value that contains the secret: once used, Escape and Close close the dialog at once. */
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
 * The one place a secret is ever shown (auth tokens, OAuth client secrets). Until something holding it has been
 * copied, Escape and Close ask "Close without copying?" first (a click outside never closes it); after a copy both
 * close at once.
 */
export function RevealSecretDialog<T>(props: RevealSecretDialogProps<T>) {
  const { revealed, onClose, returnFocusTo, onCloseAutoFocus, secretOf, noun, secretLabel, details, usage } = props;
  const { delivery } = props;
  const [copied, setCopied] = useState(false);
  const [matched, setMatched] = useState(false);
  const [asking, setAsking] = useState(false);
  const close = () => {
    setCopied(false);
    setMatched(false);
    setAsking(false);
    onClose();
  };
  const requestClose = () => (copied ? close() : setAsking(true));
  const pasteBack = revealed && {
    secret: secretOf(revealed.credential),
    noun,
    forUser: revealed.forUser,
    onMatch: () => {
      setCopied(true);
      setMatched(true);
    },
  };
  return (
    <Dialog
      open={revealed !== null}
      onOpenChange={(open) => !open && requestClose()}
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
        setAsking(true);
      }}
      onCloseAutoFocus={(e) => {
        if (onCloseAutoFocus) return onCloseAutoFocus(e);
        if (!returnFocusTo?.current) return;
        e.preventDefault();
        returnFocusTo.current.focus();
      }}
    >
      {revealed !== null && pasteBack ? (
        <SecretCopied.Provider value={() => setCopied(true)}>
          <RevealBody
            secret={secretOf(revealed.credential)}
            noun={noun}
            secretLabel={secretLabel}
            details={details?.(revealed.credential)}
            usage={usage?.(revealed.credential, revealed)}
            forUser={revealed.forUser}
            onClose={requestClose}
            pasteBack={
              delivery ? (
                <PasteBackWithDelivery
                  {...pasteBack}
                  delivered={delivery.secretOf(revealed.credential)}
                  useConfirmDelivery={delivery.useConfirmDelivery}
                />
              ) : (
                <PasteBack {...pasteBack} />
              )
            }
            matched={matched}
          />
          <CloseWithoutCopying noun={noun} open={asking} onKeep={() => setAsking(false)} onDiscard={close} />
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
  onClose: () => void;
  /** The optional "paste it back" step. */
  pasteBack: ReactNode;
  /** The pasted secret matched: Close is the natural next step. */
  matched: boolean;
}

function RevealBody(props: RevealBodyProps) {
  const { secret, noun, secretLabel, details, usage, forUser, onClose, pasteBack, matched } = props;
  const fieldId = useId();
  const markCopied = useContext(SecretCopied);
  return (
    <div className="stack secret-reveal">
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
      {pasteBack}
      <DialogActions>
        <Button variant={matched ? 'primary' : 'secondary'} onClick={onClose}>
          Close
        </Button>
      </DialogActions>
    </div>
  );
}
