import '../../../components/credentials/credential-fields.css';
import './policy.css';
import { useEffect, useId, useState, type ReactNode } from 'react';
import { useFormContext, useWatch } from 'react-hook-form';
import type { z } from 'zod';
import { scopesFor, useScopes } from '../../../components/credentials/scopes';
import { Button } from '../../../components/ui/Button';
import { Notice } from '../../../components/ui/Feedback';
import {
  Form,
  FormAlert,
  FormCheckboxField,
  FormTextField,
  applyServerErrors,
  useFieldError,
  useZodForm,
} from '../../../components/ui/form';
import { toast } from '../../../components/ui/toast';
import { usePolicyImpact } from '../api/policy-impact';
import type { Policy, PolicyImpact } from '../api/types';
import { useUpdatePolicy } from '../api/update-policy';
import {
  describeChange,
  impactText,
  policyChanges,
  policyFormSchema,
  policyToValues,
  proposedPolicy,
  type PolicyValues,
} from './policy-form';

/** The value after it has stopped changing for `ms`: the impact is counted once typing pauses, not per keystroke. */
function useSettled<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  const key = JSON.stringify(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(JSON.parse(key) as T), ms);
    return () => clearTimeout(timer);
  }, [key, ms]);
  return settled;
}

/** A field's hint: what the setting does, then what it would do to existing credentials (read with the field). */
function Hint({ what, field, impact }: { what: string; field: keyof Policy; impact: PolicyImpact | undefined }) {
  const text = impact ? impactText(field, impact) : undefined;
  return (
    <>
      {what}
      {text ? <span className="policy-impact"> {text}</span> : null}
    </>
  );
}

/** A checkbox per scope, bound to a list field (allowed or default scopes). */
function ScopeBoxes({
  name,
  label,
  hint,
}: {
  name: 'allowedScopes' | 'defaultScopes';
  label: string;
  hint: ReactNode;
}) {
  const { register } = useFormContext<PolicyValues>();
  const scopes = useScopes();
  const error = useFieldError(name, label);
  const id = useId();
  return (
    <fieldset
      className={`field scope-checklist ${error ? 'field-invalid' : ''}`}
      aria-describedby={`${id}-hint${error ? ` ${id}-error` : ''}`}
    >
      <legend className="field-label">{label}</legend>
      <p id={`${id}-hint`} className="field-hint">
        {hint}
      </p>
      <ul className="scope-checklist-items policy-scopes">
        {scopesFor(scopes.data?.items ?? [], true).map((s) => (
          <li key={s.name} className="field field-checkbox">
            <input id={`${id}-${s.name}`} type="checkbox" value={s.name} {...register(name)} />
            <label htmlFor={`${id}-${s.name}`}>
              <code>{s.name}</code>
            </label>
          </li>
        ))}
      </ul>
      {error ? (
        <p id={`${id}-error`} className="field-error">
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}

const liveTokens = (n: number) => `the ${n.toLocaleString()} live token${n === 1 ? '' : 's'}`;

/** Before Save: every rule of the proposal that touches existing credentials, counted now. */
function ImpactSummary({ impact, counting }: { impact: PolicyImpact | undefined; counting: boolean }) {
  const lines = impact
    ? (Object.keys(impact.policy) as (keyof Policy)[])
        .map((k) => impactText(k, impact))
        .filter((t): t is string => t !== undefined && !t.startsWith('0 '))
    : [];
  return (
    <div role="status" className="policy-summary">
      {!impact ? (
        <p className="muted">{counting ? 'Counting the tokens this policy would affect…' : null}</p>
      ) : lines.length === 0 ? (
        <p>
          No existing credential is affected: {liveTokens(impact.tokens)} already{' '}
          {impact.tokens === 1 ? 'meets' : 'meet'} this policy.
        </p>
      ) : (
        <>
          <p>Of {liveTokens(impact.tokens)}, with this policy:</p>
          <ul>
            {lines.map((l) => (
              <li key={l}>{l}</li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}

/** Identity → Policy: the organisation's lifecycle policy, each setting explained, its impact shown before Save. */
export function PolicyForm({ policy }: { policy: Policy }) {
  const form = useZodForm(policyFormSchema, { defaultValues: policyToValues(policy) });
  const values = useWatch({ control: form.control }) as PolicyValues;
  const proposed = useSettled(proposedPolicy(values), 300);
  const impact = usePolicyImpact(proposed);
  const shown = proposed ? impact.data : undefined;
  const update = useUpdatePolicy();

  const submit = (values: z.output<typeof policyFormSchema>) => {
    const changes = policyChanges(policy, values as Policy);
    const changed = Object.keys(changes) as (keyof Policy)[];
    if (changed.length === 0) {
      toast.success('Nothing to save: the policy is already like this.');
      return;
    }
    update.mutate(changes, {
      onSuccess: (saved) => {
        form.reset(policyToValues(saved));
        toast.success(
          `Policy saved, in force on every server within a second: ${changed.map((k) => describeChange(k, saved)).join('; ')}.`,
        );
      },
      onError: (error) => applyServerErrors(form, error),
    });
  };

  return (
    <Form form={form} onSubmit={submit} aria-label="Policy">
      <Notice>
        New tokens follow these rules when they are generated, changed or regenerated. Existing tokens keep their expiry
        and scopes: the counts below say how many of them the proposed policy would not allow today.
      </Notice>
      <section className="panel policy-section" aria-labelledby="policy-limits">
        <h2 id="policy-limits" className="panel-heading">
          Tokens per user
        </h2>
        <FormTextField<PolicyValues>
          name="maxTokensPerUser"
          label="Maximum tokens per user"
          inputMode="numeric"
          required
          hint={
            <Hint
              field="maxTokensPerUser"
              impact={shown}
              what="Suspended, expired and revoked tokens count too (a revoked one until its undo window ends). OAuth 2.0 clients have their own count with the same limit."
            />
          }
        />
      </section>
      <section className="panel policy-section" aria-labelledby="policy-lifetime">
        <h2 id="policy-lifetime" className="panel-heading">
          Lifetime
        </h2>
        <FormTextField<PolicyValues>
          name="defaultLifetimeDays"
          label="Default lifetime (days)"
          inputMode="numeric"
          required
          hint="The expiry of a token generated without an expiry date."
        />
        <FormTextField<PolicyValues>
          name="maxLifetimeDays"
          label="Maximum lifetime (days)"
          inputMode="numeric"
          hint={
            <Hint
              field="maxLifetimeDays"
              impact={shown}
              what="No token can be generated or regenerated to live longer. Leave empty for no limit."
            />
          }
        />
        <FormCheckboxField<PolicyValues>
          name="requireExpiry"
          label="Require an expiry date"
          hint={
            <Hint
              field="requireExpiry"
              impact={shown}
              what="“No expiry” is no longer offered or accepted. Required whenever a maximum lifetime is set."
            />
          }
        />
        <RequireExpiryError />
        <FormTextField<PolicyValues>
          name="revokeUnusedAfterDays"
          label="Revoke tokens unused for (days)"
          inputMode="numeric"
          hint={
            <Hint
              field="revokeUnusedAfterDays"
              impact={shown}
              what="A background job revokes tokens not used for this long (never used: since they were generated or last regenerated); owners are warned first. Leave empty to keep unused tokens."
            />
          }
        />
      </section>
      <section className="panel policy-section" aria-labelledby="policy-scopes">
        <h2 id="policy-scopes" className="panel-heading">
          Scopes
        </h2>
        <ScopeBoxes
          name="allowedScopes"
          label="Allowed scopes"
          hint={
            <Hint
              field="allowedScopes"
              impact={shown}
              what="The only scopes a new token may hold. Full access needs every scope its owner’s role can use."
            />
          }
        />
        <ScopeBoxes
          name="defaultScopes"
          label="Default scopes"
          hint="The scopes of a token generated without naming any (scripts, the GoodData API). None ticked: the creating credential’s own, which from the console is full access — only while every scope is allowed."
        />
      </section>
      <section className="panel policy-section" aria-labelledby="policy-oauth2">
        <h2 id="policy-oauth2" className="panel-heading">
          OAuth 2.0 client credentials
        </h2>
        <FormCheckboxField<PolicyValues>
          name="oauth2ClientCredentials"
          label="Allow OAuth 2.0 client credentials"
          hint={
            <Hint
              field="oauth2ClientCredentials"
              impact={shown}
              what="Off: users can’t create clients, and existing clients can’t obtain access tokens until it is on again."
            />
          }
        />
      </section>
      <ImpactSummary impact={shown} counting={impact.isFetching} />
      <FormAlert form={form} error={update.error} />
      <div className="policy-actions">
        <Button type="submit" variant="primary" busy={update.isPending}>
          Save policy
        </Button>
        <Button onClick={() => form.reset(policyToValues(policy))} disabled={update.isPending}>
          Reset
        </Button>
      </div>
    </Form>
  );
}

/** The checkbox field shows no error of its own: the rule tying it to the maximum lifetime is said here. */
function RequireExpiryError() {
  const error = useFieldError('requireExpiry', 'Require an expiry date');
  return error ? (
    <p className="field-error" role="alert">
      {error}
    </p>
  ) : null;
}
