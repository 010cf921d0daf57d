import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { Button } from '../../../components/ui/Button';
import { Form, FormAlert, FormTextField, applyServerErrors } from '../../../components/ui/form';
import { isApiError } from '../../../lib/api-client';
import { useSignIn } from '../api/sign-in';
import type { MfaMethod, SignInBody } from '../api/types';
import { SecondFactorStep } from './SecondFactorStep';

const METHODS: readonly MfaMethod[] = ['totp', 'webauthn', 'recovery_code'];

/** The second factors a 401 mfa_required offers, in the server's order. */
function mfaMethods(error: unknown): MfaMethod[] | undefined {
  if (!isApiError(error, 401) || error.code !== 'mfa_required') return undefined;
  const methods = error.problem.methods;
  return Array.isArray(methods) ? METHODS.filter((m) => methods.includes(m)) : [];
}

/** The sign-in form; the server's message is shown as is because it names neither field on purpose. */
export function SignInForm({ onSignedIn }: { onSignedIn: () => void }) {
  // No schema: both fields are only required here (the server judges the rest), and zod stays off this page.
  const form = useForm<SignInBody>({ defaultValues: { username: '', password: '' } });
  const signIn = useSignIn();
  // The password was right and a second factor is due: the next step, holding the password until it ends.
  const [second, setSecond] = useState<{ credentials: SignInBody; methods: MfaMethod[] } | null>(null);

  const submit = (input: SignInBody) =>
    signIn.mutate(input, {
      onSuccess: () => {
        form.reset();
        onSignedIn();
      },
      onError: (error) => {
        const methods = mfaMethods(error);
        if (methods) {
          signIn.reset();
          setSecond({ credentials: { username: input.username, password: input.password }, methods });
          return;
        }
        form.setValue('password', '');
        applyServerErrors(form, error);
      },
    });

  if (second)
    return (
      <SecondFactorStep
        credentials={second.credentials}
        methods={second.methods}
        onSignedIn={() => {
          setSecond(null);
          form.reset();
          onSignedIn();
        }}
        onCancel={() => {
          setSecond(null);
          form.reset({ username: second.credentials.username, password: '' });
        }}
      />
    );

  return (
    <>
      <p className="muted">Use your Tessera username and password.</p>
      <Form form={form} onSubmit={submit}>
        <FormAlert form={form} error={signIn.error} focus />
        <FormTextField<SignInBody>
          name="username"
          label="Username"
          rules={{ required: 'is required' }}
          autoComplete="username"
          autoCapitalize="none"
          spellCheck={false}
          // eslint-disable-next-line jsx-a11y/no-autofocus -- signing in is this page's one task, the field is first
          autoFocus
        />
        <FormTextField<SignInBody>
          name="password"
          label="Password"
          type="password"
          rules={{ required: 'is required' }}
          autoComplete="current-password"
        />
        <Button type="submit" variant="primary" className="btn-block" busy={signIn.isPending}>
          Sign in
        </Button>
      </Form>
    </>
  );
}
