import { useEffect, useRef, useState, type ReactNode } from 'react';
import { z } from 'zod';
import { Button } from '../ui/Button';
import { Dialog, DialogFooter } from '../ui/Dialog';
import { ErrorAlert } from '../ui/Feedback';
import { Form, FormTextField, useZodForm } from '../ui/form';
import { errorMessage } from '../../lib/api-client';
import {
  getOwnMfaStatus,
  organisationSignIn,
  reauthenticate,
  reauthenticateWithPasskey,
  type MfaStatus,
} from './reauthenticate';
import './confirm-its-you.css';

export const CONFIRM_ITS_YOU_TITLE = "Confirm it's you";

export interface ConfirmItsYouDialogProps {
  open: boolean;
  /** Called once per opening: true when the server accepted the proof, false on Cancel, Escape or close. */
  onResult: (confirmed: boolean) => void;
}

/**
 * Step-up (ASVS 7.5.3): asked by the API client when a change answers 401 reauthentication_required; on success the
 * change is retried by the client, transparently to the page that made it. Loaded lazily (ask-confirm-its-you.tsx).
 *
 * Each way of proving it's you is one "proof" form below: the password, and the second factors the user has (a code
 * from the authenticator app, a recovery code, a passkey), offered beneath it.
 */
export default function ConfirmItsYouDialog({ open, onResult }: ConfirmItsYouDialogProps) {
  const settled = useRef(false);
  const finish = (confirmed: boolean) => {
    if (settled.current) return;
    settled.current = true;
    onResult(confirmed);
  };
  return (
    <Dialog
      open={open}
      onOpenChange={(o) => !o && finish(false)}
      title={CONFIRM_ITS_YOU_TITLE}
      description="This change needs you to sign in again. Nothing else is lost: it goes ahead once you confirm."
    >
      {open ? <Proofs onConfirmed={() => finish(true)} /> : null}
    </Dialog>
  );
}

type ProofKind = 'password' | 'organisation' | 'totp' | 'recovery_code' | 'webauthn';
const OTHER_WAYS: Record<ProofKind, string> = {
  password: 'Use your password',
  organisation: 'Sign in again with your organisation',
  totp: 'Use your authenticator app',
  recovery_code: 'Use a recovery code',
  webauthn: 'Use a passkey',
};

/**
 * One attempt at a proof, shared by every way: busy while the server checks it, its error shown in the form, and
 * `onConfirmed` once it is accepted; `afterFailure` readies the form for the next try.
 */
function useProof(onConfirmed: () => void) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const attempt = async (send: () => Promise<void>, afterFailure: (e: unknown) => unknown = (e) => e) => {
    setBusy(true);
    setError(null);
    try {
      await send();
      onConfirmed();
    } catch (e) {
      setError(afterFailure(e));
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, attempt };
}

/** The password first; the user's second factors as the other ways (read with the status the MFA section shows). */
function Proofs({ onConfirmed }: { onConfirmed: () => void }) {
  // 'first' until another way is chosen: the password, or the organisation's sign-in for a session that came from it.
  const [kind, setKind] = useState<ProofKind | 'first'>('first');
  // The dialog has a React root of its own (no query client): read the status once per opening. Without an answer,
  // the password alone is offered.
  const [s, setStatus] = useState<MfaStatus | undefined>(undefined);
  // Signed in through the organisation's OpenID provider: no password here, so signing in there again comes first.
  const [organisation, setOrganisation] = useState<{ name: string; href: string } | undefined>(undefined);
  useEffect(() => {
    const abort = new AbortController();
    getOwnMfaStatus(abort.signal).then(setStatus, () => undefined);
    organisationSignIn(abort.signal).then(setOrganisation, () => undefined);
    return () => abort.abort();
  }, []);
  const first: ProofKind = organisation ? 'organisation' : 'password';
  const current = kind === 'first' ? first : kind;
  const available: ProofKind[] = [
    first,
    ...(s?.totp.enabled ? (['totp'] as const) : []),
    ...(s?.passkeys.length ? (['webauthn'] as const) : []),
    ...(s?.enabled && s.recoveryCodesRemaining > 0 ? (['recovery_code'] as const) : []),
  ];
  return (
    <>
      {current === 'password' ? <PasswordProof onConfirmed={onConfirmed} /> : null}
      {current === 'organisation' && organisation ? <OrganisationProof {...organisation} /> : null}
      {current === 'totp' || current === 'recovery_code' ? (
        <CodeProof key={current} kind={current} onConfirmed={onConfirmed} />
      ) : null}
      {current === 'webauthn' ? <PasskeyProof onConfirmed={onConfirmed} /> : null}
      {available.length > 1 ? (
        <div className="confirm-other-ways" role="group" aria-label="Other ways to confirm">
          {available
            .filter((k) => k !== current)
            .map((k) => (
              <Button key={k} variant="ghost" size="sm" onClick={() => setKind(k)}>
                {OTHER_WAYS[k]}
              </Button>
            ))}
        </div>
      ) : null}
    </>
  );
}

/** Proof by the organisation's sign-in: this page is left for the provider's, and comes back when it is done. */
function OrganisationProof({ name, href }: { name: string; href: string }) {
  return (
    <div className="form">
      <p>Sign in again with {name}. You come back to this page; then make the change again.</p>
      <DialogFooter>
        {/* eslint-disable-next-line jsx-a11y/no-autofocus -- the dialog's one action */}
        <a className="btn btn-primary" href={href} autoFocus>
          Sign in with {name}
        </a>
      </DialogFooter>
    </div>
  );
}

/** Under every proof: why the last try failed, then its action. */
function ProofActions({ error, children }: { error: unknown; children: ReactNode }) {
  return (
    <>
      {error ? <ErrorAlert>{errorMessage(error)}</ErrorAlert> : null}
      <DialogFooter>{children}</DialogFooter>
    </>
  );
}

const codeProofSchema = z.object({ code: z.string().trim().min(1, 'is required').max(32) });
type CodeProofValues = z.input<typeof codeProofSchema>;

/** Proof by a code from the authenticator app (field Verification code) or a recovery code (field Recovery code). */
function CodeProof({ kind, onConfirmed }: { kind: 'totp' | 'recovery_code'; onConfirmed: () => void }) {
  const form = useZodForm(codeProofSchema, { defaultValues: { code: '' } });
  const { busy, error, attempt } = useProof(onConfirmed);
  const submit = ({ code }: z.output<typeof codeProofSchema>) =>
    attempt(
      () => reauthenticate(kind === 'totp' ? { otp: code } : { recoveryCode: code }),
      (e) => {
        form.resetField('code');
        form.setFocus('code');
        return e;
      },
    );
  return (
    <Form form={form} onSubmit={submit} aria-label={CONFIRM_ITS_YOU_TITLE}>
      <FormTextField<CodeProofValues>
        name="code"
        label={kind === 'totp' ? 'Verification code' : 'Recovery code'}
        autoComplete="one-time-code"
        inputMode={kind === 'totp' ? 'numeric' : 'text'}
        spellCheck={false}
        // eslint-disable-next-line jsx-a11y/no-autofocus -- the user just chose this way: its one field is next
        autoFocus
        required
      />
      <ProofActions error={error}>
        <Button type="submit" variant="primary" busy={busy}>
          Confirm
        </Button>
      </ProofActions>
    </Form>
  );
}

/** Proof by passkey: the browser asks the authenticator when the button is pressed. */
function PasskeyProof({ onConfirmed }: { onConfirmed: () => void }) {
  const { busy, error, attempt } = useProof(onConfirmed);
  const run = () =>
    attempt(reauthenticateWithPasskey, (e) =>
      e instanceof DOMException || (e instanceof Error && e.name === 'WebAuthnError')
        ? new Error('The passkey request was cancelled or timed out. Try again.')
        : e,
    );
  return (
    <div className="form">
      <p>Confirm with your device’s screen lock or security key.</p>
      <ProofActions error={error}>
        {/* eslint-disable-next-line jsx-a11y/no-autofocus -- the user just chose this way: its one action is next */}
        <Button variant="primary" busy={busy} onClick={() => void run()} autoFocus>
          Use a passkey
        </Button>
      </ProofActions>
    </div>
  );
}

const passwordProofSchema = z.object({ password: z.string().min(1, 'is required') });
type PasswordProofValues = z.input<typeof passwordProofSchema>;

/** Proof by password: field Password, buttons Cancel and Confirm. */
function PasswordProof({ onConfirmed }: { onConfirmed: () => void }) {
  const form = useZodForm(passwordProofSchema, { defaultValues: { password: '' } });
  const { busy, error, attempt } = useProof(onConfirmed);
  const submit = ({ password }: z.output<typeof passwordProofSchema>) =>
    attempt(
      () => reauthenticate({ password }),
      (e) => {
        form.resetField('password');
        form.setFocus('password');
        return e;
      },
    );
  return (
    <Form form={form} onSubmit={submit} aria-label={CONFIRM_ITS_YOU_TITLE}>
      <FormTextField<PasswordProofValues>
        name="password"
        label="Password"
        type="password"
        autoComplete="current-password"
        required
      />
      <ProofActions error={error}>
        <Button type="submit" variant="primary" busy={busy}>
          Confirm
        </Button>
      </ProofActions>
    </Form>
  );
}
