import { MAX_DESCRIPTION_LENGTH } from '@tessera/rules';
import { useMemo } from 'react';
import { useWatch } from 'react-hook-form';
import { Dialog } from '../../../components/ui/Dialog';
import { FormSelectField, FormTextField, applyServerErrors, useZodForm } from '../../../components/ui/form';
import { DialogForm } from '../../../components/ui/DialogForm';
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

interface Values {
  description: string;
  choice: ExpiryChoice;
  customDate: string;
}

function expiryHint(choice: ExpiryChoice, policy: TokenPolicy): string | undefined {
  if (choice === 'never')
    return 'The token works until you delete it. Consider an expiry date: tokens that never expire are a common leak risk.';
  if (choice === 'custom')
    return policy.maxLifetimeDays !== null ? `At most ${policy.maxLifetimeDays} days from today.` : undefined;
  return `The token will expire on ${formatDate(addDays(Number(choice)))}.`;
}

function GenerateTokenForm({ userId, policy, onGenerated }: Omit<GenerateTokenDialogProps, 'open' | 'onOpenChange'>) {
  const schema = useMemo(() => generateTokenSchema(policy), [policy]);
  const form = useZodForm(schema, {
    defaultValues: {
      description: '',
      choice: defaultExpiryChoice(policy),
      customDate: toDateInputValue(addDays(policy.defaultLifetimeDays)),
    } satisfies Values,
  });
  const choice = useWatch({ control: form.control, name: 'choice' });
  const create = useCreateAuthToken(userId);
  const bounds = customDateBounds(policy);

  const submit = (values: Values) =>
    create.mutate(
      { description: values.description, expiresAt: expiresAtFor(values.choice, values.customDate, policy) },
      {
        onSuccess: (token) => {
          create.reset();
          onGenerated(token);
        },
        onError: (error) => applyServerErrors(form, error),
      },
    );

  return (
    <DialogForm form={form} onSubmit={submit} mutation={create} submitLabel="Generate Token">
      <FormTextField<Values>
        name="description"
        label="Description"
        required
        maxLength={MAX_DESCRIPTION_LENGTH}
        autoComplete="off"
        hint="What the token is for, e.g. “CI deploy” or “Backup script on db-01”."
      />
      <FormSelectField<Values>
        name="choice"
        label="Expires"
        options={expiryOptions(policy)}
        hint={expiryHint(choice, policy)}
      />
      {choice === 'custom' ? (
        <FormTextField<Values>
          name="customDate"
          label="Custom expiry date"
          type="date"
          required
          min={bounds.min}
          max={bounds.max}
        />
      ) : null}
    </DialogForm>
  );
}
