import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { Button } from '../../../components/ui/Button';
import { ErrorAlert } from '../../../components/ui/Feedback';
import { Form, FormAlert, FormTextField, applyServerErrors } from '../../../components/ui/form';
import { errorMessage, isApiError } from '../../../lib/api-client';
import { useSignIn } from '../api/sign-in';
import { useSignInWithPasskey } from '../api/sign-in-with-passkey';
import type { MfaMethod, SignInBody } from '../api/types';

type Mode = 'totp' | 'recovery_code';
interface CodeForm {
  code: string;
}

/** Words for a failed passkey step: the API client's 401 wording is about ended sessions, not this. */
function passkeyFailure(error: unknown): string {
  if (isApiError(error, 401))
    return error.code === 'mfa_invalid'
      ? 'That passkey was not accepted. Try again, or use another way to sign in.'
      : 'The sign-in took too long. Start over with your username and password.';
  if (error instanceof DOMException)
    return 'The passkey request was cancelled or timed out. Try again, or use another way to sign in.';
  return errorMessage(error);
}

/**
 * The sign-in's second step, after the password was right (401 mfa_required): a code from the authenticator app,
 * a recovery code, or a passkey, as the account has them. The password is held only until this step ends.
 */
export function SecondFactorStep({
  credentials,
  methods,
  onSignedIn,
  onCancel,
}: {
  credentials: Pick<SignInBody, 'username' | 'password'>;
  methods: MfaMethod[];
  onSignedIn: () => void;
  onCancel: () => void;
}) {
  const [mode, setMode] = useState<Mode>(methods.includes('totp') ? 'totp' : 'recovery_code');
  const form = useForm<CodeForm>({ defaultValues: { code: '' } });
  const signIn = useSignIn();
  const passkey = useSignInWithPasskey();
  const hasApp = methods.includes('totp');
  const hasPasskey = methods.includes('webauthn');
  const hasRecovery = methods.includes('recovery_code');
  // A passkey-only account starts on the passkey; the code field appears when a recovery code is asked for.
  const [showCodeField, setShowCodeField] = useState(hasApp || !hasPasskey);

  const submit = ({ code }: CodeForm) =>
    signIn.mutate(mode === 'totp' ? { ...credentials, otp: code } : { ...credentials, recoveryCode: code }, {
      onSuccess: onSignedIn,
      onError: (error) => {
        form.setValue('code', '');
        form.setFocus('code');
        applyServerErrors(form, error);
      },
    });
  const switchTo = (next: Mode) => {
    setMode(next);
    setShowCodeField(true);
    signIn.reset();
    form.reset({ code: '' });
  };
  const label = mode === 'totp' ? 'Verification code' : 'Recovery code';

  return (
    <div className="second-factor">
      <h2 className="second-factor-title">Two-factor authentication</h2>
      <p className="muted">
        {mode === 'totp'
          ? 'Enter the 6-digit code from your authenticator app.'
          : showCodeField
            ? 'Enter one of the recovery codes you saved. Each code works once.'
            : 'Use your passkey to finish signing in.'}
      </p>
      {passkey.error ? <ErrorAlert>{passkeyFailure(passkey.error)}</ErrorAlert> : null}
      {showCodeField ? (
        <Form form={form} onSubmit={submit} aria-label="Second factor">
          <FormAlert form={form} error={signIn.error} focus />
          <FormTextField<CodeForm>
            key={mode}
            name="code"
            label={label}
            rules={{
              required: 'is required',
              ...(mode === 'totp'
                ? { pattern: { value: /^\s*\d{3} ?\d{3}\s*$/, message: 'must be the 6-digit code from your app' } }
                : {}),
            }}
            autoComplete="one-time-code"
            inputMode={mode === 'totp' ? 'numeric' : 'text'}
            autoCapitalize="none"
            spellCheck={false}
            // eslint-disable-next-line jsx-a11y/no-autofocus -- the step's one field; focus would be lost otherwise
            autoFocus
          />
          <Button type="submit" variant="primary" className="btn-block" busy={signIn.isPending}>
            Verify
          </Button>
        </Form>
      ) : null}
      <div className="second-factor-others">
        {hasPasskey ? (
          <Button
            variant={showCodeField ? 'secondary' : 'primary'}
            className="btn-block"
            busy={passkey.isPending}
            // eslint-disable-next-line jsx-a11y/no-autofocus -- a passkey-only account: this is the step's one action
            autoFocus={!showCodeField}
            onClick={() => passkey.mutate(undefined, { onSuccess: onSignedIn })}
          >
            Use a passkey
          </Button>
        ) : null}
        {hasRecovery && (mode !== 'recovery_code' || !showCodeField) ? (
          <Button variant="ghost" className="btn-block" onClick={() => switchTo('recovery_code')}>
            Use a recovery code
          </Button>
        ) : null}
        {hasApp && mode !== 'totp' ? (
          <Button variant="ghost" className="btn-block" onClick={() => switchTo('totp')}>
            Use your authenticator app
          </Button>
        ) : null}
        <Button variant="ghost" className="btn-block" onClick={onCancel}>
          Start over
        </Button>
      </div>
    </div>
  );
}
