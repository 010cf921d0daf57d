import { useFormContext, useWatch } from 'react-hook-form';
import { FormSelectField, FormTextField } from '../ui/form';
import { addDays, formatDate } from '../../lib/format';
import { customDateBounds, expiryOptions, type ExpiryChoice, type ExpiryPolicy } from './expiry';

/** The two fields every credential's expiry is chosen with; a form that uses them has these values. */
export interface ExpiryValues {
  choice: ExpiryChoice;
  customDate: string;
}

/**
 * Expires (30, 60, 90 days, a year, a custom date or never, as the policy allows) and, for a custom date, the date
 * within the policy's bounds — the same choice for auth tokens and application credentials.
 */
export function ExpiryFields({
  policy,
  subject,
  neverHint,
}: {
  policy: ExpiryPolicy;
  /** What expires, as the hint's sentence starts: "The token", "It". */
  subject: string;
  neverHint: string;
}) {
  const { control } = useFormContext<ExpiryValues>();
  const choice = useWatch({ control, name: 'choice' });
  const bounds = customDateBounds(policy);
  const hint =
    choice === 'never'
      ? neverHint
      : choice === 'custom'
        ? policy.maxLifetimeDays !== null
          ? `At most ${policy.maxLifetimeDays} days from today.`
          : undefined
        : `${subject} will expire on ${formatDate(addDays(Number(choice)))}.`;
  return (
    <>
      <FormSelectField<ExpiryValues> name="choice" label="Expires" options={expiryOptions(policy)} hint={hint} />
      {choice === 'custom' ? (
        <FormTextField<ExpiryValues>
          name="customDate"
          label="Custom expiry date"
          type="date"
          required
          min={bounds.min}
          max={bounds.max}
        />
      ) : null}
    </>
  );
}
