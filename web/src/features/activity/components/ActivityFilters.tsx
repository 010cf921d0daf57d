import { useId } from 'react';
import { useFormContext } from 'react-hook-form';
import { z } from 'zod';
import { Button } from '../../../components/ui/Button';
import { Form, FormTextField, useZodForm } from '../../../components/ui/form';
import type { ActivityAction, ActivityFilters } from '../api/types';
import { ACTION_GROUPS, ACTION_LABELS } from './labels';

const ACTIONS = Object.keys(ACTION_LABELS) as [ActivityAction, ...ActivityAction[]];

// The server's rules for the same query parameters, so a bad value is explained here instead of by a 400.
const filterSchema = z
  .object({
    user: z
      .string()
      .trim()
      .max(64, 'must be at most 64 characters')
      .regex(/^[A-Za-z0-9._@-]*$/, 'must be a username or a user ID'),
    action: z.union([z.literal(''), z.enum(ACTIONS)]),
    since: z.string(),
    until: z.string(),
  })
  .refine((f) => !f.since || !f.until || f.since <= f.until, { path: ['until'], message: 'must not be before From' });

const EMPTY: ActivityFilters = { user: '', action: '', since: '', until: '' };

/** The filter bar: one toolbar row on a wide screen, wrapping on a phone; Apply puts the filters in the address. */
export function ActivityFilterBar({
  filters,
  showUser,
  onApply,
}: {
  filters: ActivityFilters;
  showUser: boolean;
  onApply: (f: ActivityFilters) => void;
}) {
  const form = useZodForm(filterSchema, { defaultValues: filters });
  return (
    <div role="search" aria-label="Filter activity" className="activity-filters">
      <Form form={form} onSubmit={onApply}>
        <div className={`activity-filter-fields ${showUser ? 'with-user' : ''}`}>
          {showUser ? <FormTextField name="user" label="User" placeholder="Username or ID" autoComplete="off" /> : null}
          <ActionSelect />
          <FormTextField name="since" label="From" type="date" max={form.watch('until') || undefined} />
          <FormTextField name="until" label="To" type="date" min={form.watch('since') || undefined} />
          <div className="activity-filter-buttons">
            <Button type="submit" variant="primary">
              Apply
            </Button>
            <Button
              onClick={() => {
                form.reset(EMPTY);
                onApply(EMPTY);
              }}
            >
              Clear
            </Button>
          </div>
        </div>
      </Form>
    </div>
  );
}

/** Every recorded action, grouped; a native select keeps keyboard and screen-reader behaviour for free. */
function ActionSelect() {
  const id = useId();
  const { register } = useFormContext<z.input<typeof filterSchema>>();
  return (
    <div className="field">
      <label htmlFor={id} className="field-label">
        Action
      </label>
      <select id={id} className="input select" {...register('action')}>
        <option value="">All actions</option>
        {ACTION_GROUPS.map((g) => (
          <optgroup key={g.label} label={g.label}>
            {g.actions.map((a) => (
              <option key={a} value={a}>
                {ACTION_LABELS[a]}
              </option>
            ))}
          </optgroup>
        ))}
      </select>
    </div>
  );
}
