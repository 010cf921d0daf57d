import { useState, type FormEvent } from 'react';
import { Button } from '../../../components/ui/Button';
import { Dialog, DialogActions, DialogClose } from '../../../components/ui/Dialog';
import { ErrorAlert } from '../../../components/ui/Feedback';
import { SelectField, TextField, focusFirstInvalid } from '../../../components/ui/Field';
import { ApiError, errorMessage } from '../../../lib/api-client';
import { addDays, formatDate } from '../../../lib/format';
import { useCreateAuthToken } from '../api/create-auth-token';
import type { NewAuthToken, TokenPolicy } from '../api/types';
import {
  customDateBounds,
  defaultExpiryChoice,
  expiresAtFor,
  expiryOptions,
  generateTokenSchema,
  toDateInputValue,
  type ExpiryChoice,
} from './expiry';

export interface GenerateTokenDialogProps {
  userId: string;
  policy: TokenPolicy;
  open: boolean;
  onOpenChange: (open: boolean) => void;
  /** Receives the new token (with its secret) to hand to the reveal dialog. */
  onGenerated: (token: NewAuthToken) => void;
}

export function GenerateTokenDialog({ open, onOpenChange, ...rest }: GenerateTokenDialogProps) {
  return (
    <Dialog open={open} onOpenChange={onOpenChange} title="Generate Token">
      {/* Mounted only while open, so every opening starts from a clean form. */}
      {open ? <GenerateTokenForm {...rest} /> : null}
    </Dialog>
  );
}

function GenerateTokenForm({ userId, policy, onGenerated }: Omit<GenerateTokenDialogProps, 'open' | 'onOpenChange'>) {
  const [description, setDescription] = useState('');
  const [choice, setChoice] = useState<ExpiryChoice>(() => defaultExpiryChoice(policy));
  const [customDate, setCustomDate] = useState(() => toDateInputValue(addDays(policy.defaultLifetimeDays)));
  const [errors, setErrors] = useState<{ description?: string; customDate?: string }>({});
  const create = useCreateAuthToken(userId);
  const bounds = customDateBounds(policy);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const parsed = generateTokenSchema.safeParse({ description, choice, customDate });
    const next: typeof errors = {};
    if (!parsed.success) {
      for (const issue of parsed.error.issues) next[issue.path[0] as 'description' | 'customDate'] ??= issue.message;
    } else if (choice === 'custom' && (customDate < bounds.min || (bounds.max && customDate > bounds.max))) {
      next.customDate = bounds.max
        ? `Choose a date between ${formatDate(new Date(`${bounds.min}T00:00`))} and ${formatDate(new Date(`${bounds.max}T00:00`))}.`
        : 'Choose a date in the future.';
    }
    setErrors(next);
    if (!parsed.success || Object.keys(next).length > 0) return focusFirstInvalid(e.currentTarget as HTMLFormElement);
    const expiresAt = expiresAtFor(parsed.data.choice, parsed.data.customDate, policy);
    create.mutate(
      { description: parsed.data.description, expiresAt },
      {
        onSuccess: (token) => {
          create.reset();
          onGenerated(token);
        },
      },
    );
  };

  const serverError = create.error instanceof ApiError ? create.error : undefined;
  const expiryHint =
    choice === 'never'
      ? 'The token works until you delete it. Consider an expiry date: tokens that never expire are a common leak risk.'
      : choice === 'custom'
        ? policy.maxLifetimeDays !== null
          ? `At most ${policy.maxLifetimeDays} days from today.`
          : undefined
        : `The token will expire on ${formatDate(addDays(Number(choice)))}.`;

  return (
    <form className="form" onSubmit={submit} noValidate>
      <TextField
        label="Description"
        name="description"
        required
        maxLength={255}
        autoComplete="off"
        value={description}
        onChange={(e) => setDescription(e.target.value)}
        hint="What the token is for, e.g. “CI deploy” or “Backup script on db-01”."
        error={errors.description ?? serverError?.fieldMessage('description')}
      />
      <SelectField
        label="Expires"
        name="expires"
        value={choice}
        onChange={(e) => setChoice(e.target.value as ExpiryChoice)}
        options={expiryOptions(policy)}
        hint={expiryHint}
      />
      {choice === 'custom' ? (
        <TextField
          label="Custom expiry date"
          name="customDate"
          type="date"
          required
          min={bounds.min}
          max={bounds.max}
          value={customDate}
          onChange={(e) => setCustomDate(e.target.value)}
          error={errors.customDate}
        />
      ) : null}
      {create.isError ? <ErrorAlert>{errorMessage(create.error)}</ErrorAlert> : null}
      <DialogActions>
        <DialogClose asChild>
          <Button>Cancel</Button>
        </DialogClose>
        <Button type="submit" variant="primary" busy={create.isPending}>
          Generate Token
        </Button>
      </DialogActions>
    </form>
  );
}
