import { useState, type FormEvent } from 'react';
import { Button } from '../../../components/ui/Button';
import { Dialog, DialogActions, DialogClose } from '../../../components/ui/Dialog';
import { ErrorAlert } from '../../../components/ui/Feedback';
import { TextField, focusFirstInvalid } from '../../../components/ui/Field';
import { errorMessage } from '../../../lib/api-client';
import { useUpdateAuthToken } from '../api/update-auth-token';
import type { AuthToken } from '../api/types';
import { descriptionSchema } from './expiry';

export interface EditTokenDialogProps {
  userId: string;
  token: AuthToken | null;
  onClose: () => void;
}

export function EditTokenDialog({ userId, token, onClose }: EditTokenDialogProps) {
  return (
    <Dialog open={token !== null} onOpenChange={(open) => !open && onClose()} title="Edit token">
      {token ? <EditTokenForm userId={userId} token={token} onDone={onClose} /> : null}
    </Dialog>
  );
}

function EditTokenForm({ userId, token, onDone }: { userId: string; token: AuthToken; onDone: () => void }) {
  const [description, setDescription] = useState(token.description);
  const [error, setError] = useState<string>();
  const update = useUpdateAuthToken(userId);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const parsed = descriptionSchema.safeParse(description);
    setError(parsed.success ? undefined : parsed.error.issues[0]?.message);
    if (!parsed.success) return focusFirstInvalid(e.currentTarget as HTMLFormElement);
    update.mutate({ tokenId: token.id, description: parsed.data }, { onSuccess: onDone });
  };

  return (
    <form className="form" onSubmit={submit} noValidate>
      <p className="muted">
        Token <code>{token.hint}</code>. Only the description changes; the token itself stays the same.
      </p>
      <TextField
        label="Description"
        name="description"
        required
        maxLength={255}
        autoComplete="off"
        value={description}
        onChange={(e) => setDescription(e.target.value)}
        error={error}
      />
      {update.isError ? <ErrorAlert>{errorMessage(update.error)}</ErrorAlert> : null}
      <DialogActions>
        <DialogClose asChild>
          <Button>Cancel</Button>
        </DialogClose>
        <Button type="submit" variant="primary" busy={update.isPending}>
          Save
        </Button>
      </DialogActions>
    </form>
  );
}
