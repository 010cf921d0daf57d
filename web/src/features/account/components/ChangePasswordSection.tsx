import './account.css';
import { MIN_PASSWORD_LENGTH, passwordLengthSchema } from '@tessera/rules';
import { useId } from 'react';
import { z } from 'zod';
import { Button } from '../../../components/ui/Button';
import { Form, FormAlert, FormTextField, applyServerErrors, useZodForm } from '../../../components/ui/form';
import { toast } from '../../../components/ui/toast';
import { isApiError } from '../../../lib/api-client';
import { useChangePassword } from '../api/change-password';

export const PASSWORD_CHANGED = 'Password changed. Your other sessions were signed out.';

const changePasswordSchema = z
  .object({
    currentPassword: z.string().min(1, 'is required'),
    newPassword: passwordLengthSchema,
    confirmPassword: z.string().min(1, 'is required'),
  })
  .refine((v) => v.confirmPassword === v.newPassword, {
    path: ['confirmPassword'],
    message: 'does not match the new password',
  })
  .refine((v) => v.newPassword !== v.currentPassword, {
    path: ['newPassword'],
    message: 'must be different from the current password',
  });
type Values = z.input<typeof changePasswordSchema>;
const EMPTY: Values = { currentPassword: '', newPassword: '', confirmPassword: '' };

/** User Settings → Security → Change password: with the current one; the other sessions end. */
export function ChangePasswordSection() {
  const headingId = useId();
  const form = useZodForm(changePasswordSchema, { defaultValues: EMPTY });
  const change = useChangePassword();
  const submit = ({ currentPassword, newPassword }: z.output<typeof changePasswordSchema>) =>
    change.mutate(
      { currentPassword, newPassword },
      {
        onSuccess: () => {
          form.reset(EMPTY);
          toast.success(PASSWORD_CHANGED);
        },
        onError: (error) => {
          if (isApiError(error, 403) && error.code === 'current_password_incorrect') {
            form.setError('currentPassword', { type: 'server', message: 'is incorrect' }, { shouldFocus: true });
            return;
          }
          applyServerErrors(form, error);
        },
      },
    );
  // The 403's words are on the field; other failures (step-up cancelled, throttled, offline) show above the button.
  const alertError =
    isApiError(change.error, 403) && change.error.code === 'current_password_incorrect' ? null : change.error;
  return (
    <section className="panel security-section" aria-labelledby={headingId}>
      <header className="panel-header">
        <div>
          <h2 id={headingId} className="panel-heading">
            Change password
          </h2>
          <p className="muted">Your other sessions are signed out, and your Keystone tokens stop working.</p>
        </div>
      </header>
      <Form form={form} onSubmit={submit} aria-label="Change password">
        <div className="security-form">
          <FormTextField<Values>
            name="currentPassword"
            label="Current password"
            type="password"
            autoComplete="current-password"
            required
          />
          <FormTextField<Values>
            name="newPassword"
            label="New password"
            type="password"
            autoComplete="new-password"
            required
            hint={`At least ${MIN_PASSWORD_LENGTH} characters; common passwords are refused.`}
          />
          <FormTextField<Values>
            name="confirmPassword"
            label="Confirm new password"
            type="password"
            autoComplete="new-password"
            required
          />
          <FormAlert form={form} error={alertError} />
          <div>
            <Button type="submit" variant="primary" busy={change.isPending}>
              Change password
            </Button>
          </div>
        </div>
      </Form>
    </section>
  );
}
