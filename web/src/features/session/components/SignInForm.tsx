import { useForm } from 'react-hook-form';
import { Button } from '../../../components/ui/Button';
import { Form, FormAlert, FormTextField, applyServerErrors } from '../../../components/ui/form';
import { useSignIn } from '../api/sign-in';
import type { SignInBody } from '../api/types';

/** The sign-in form; the server's message is shown as is because it names neither field on purpose. */
export function SignInForm({ onSignedIn }: { onSignedIn: () => void }) {
  // No schema: both fields are only required here (the server judges the rest), and zod stays off this page.
  const form = useForm<SignInBody>({ defaultValues: { username: '', password: '' } });
  const signIn = useSignIn();

  const submit = (input: SignInBody) =>
    signIn.mutate(input, {
      onSuccess: () => {
        form.reset();
        onSignedIn();
      },
      onError: (error) => {
        form.setValue('password', '');
        applyServerErrors(form, error);
      },
    });

  return (
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
  );
}
