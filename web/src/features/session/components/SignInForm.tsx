import { useState, type FormEvent } from 'react';
import { Button } from '../../../components/ui/Button';
import { ErrorAlert } from '../../../components/ui/Feedback';
import { TextField } from '../../../components/ui/Field';
import { errorMessage } from '../../../lib/api-client';
import { useSignIn } from '../api/sign-in';

/** The sign-in form; the server's message is shown as is because it names neither field on purpose. */
export function SignInForm({ onSignedIn }: { onSignedIn: () => void }) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const signIn = useSignIn();

  const submit = (e: FormEvent) => {
    e.preventDefault();
    signIn.mutate(
      { username, password },
      {
        onSuccess: () => {
          setPassword('');
          onSignedIn();
        },
        onError: () => setPassword(''),
      },
    );
  };

  return (
    <form className="form" onSubmit={submit} noValidate>
      {signIn.isError ? <ErrorAlert>{errorMessage(signIn.error)}</ErrorAlert> : null}
      <TextField
        label="Username"
        name="username"
        autoComplete="username"
        autoCapitalize="none"
        spellCheck={false}
        required
        autoFocus
        value={username}
        onChange={(e) => setUsername(e.target.value)}
      />
      <TextField
        label="Password"
        name="password"
        type="password"
        autoComplete="current-password"
        required
        value={password}
        onChange={(e) => setPassword(e.target.value)}
      />
      <Button type="submit" variant="primary" className="btn-block" busy={signIn.isPending}>
        Sign in
      </Button>
    </form>
  );
}
