import {
  MAX_AUDIENCE_LENGTH,
  MAX_CLIENT_NAME_LENGTH,
  MAX_DESCRIPTION_LENGTH,
  MAX_SCOPE_LENGTH,
  MAX_SCOPE_PAIRS,
  fullyQualifiedScope,
} from '@tessera/rules';
import { useEffect, useId, useRef } from 'react';
import { useFieldArray, useWatch } from 'react-hook-form';
import { Button } from '../../../components/ui/Button';
import { FormTextField, applyServerErrors, useFieldError, useZodForm } from '../../../components/ui/form';
import { DialogForm } from '../../../components/ui/DialogForm';
import type { ScopePair } from '../api/types';
import { clientFormSchema, type ClientFormValues } from './client-schema';
import { scopeSuggestions } from './scope-suggestions';

export type { ClientFormValues };

export interface ClientFormProps {
  initial: ClientFormValues;
  submitLabel: string;
  /** The create or update request: its failure and whether it runs. */
  mutation: { error: unknown; isPending: boolean };
  /** Sends the values; `onFailed` puts the server's field errors on the fields. */
  onSubmit: (values: ClientFormValues, onFailed: (error: unknown) => void) => void;
  /** The pairs of the user's other clients, whose scopes the Scope field offers for the same audience. */
  otherPairs: ScopePair[];
}

/** Name, Title and the audience/scope pairs: one form for Generate and Edit. */
export function ClientForm({ initial, submitLabel, mutation, onSubmit, otherPairs }: ClientFormProps) {
  const form = useZodForm(clientFormSchema, { defaultValues: initial });
  const submit = (values: ClientFormValues) => onSubmit(values, (e) => applyServerErrors(form, e));
  return (
    <DialogForm form={form} onSubmit={submit} mutation={mutation} submitLabel={submitLabel}>
      <FormTextField<ClientFormValues>
        name="name"
        label="Name"
        required
        maxLength={MAX_CLIENT_NAME_LENGTH}
        autoComplete="off"
        hint="How you recognise the client, e.g. “reports-exporter”."
      />
      <FormTextField<ClientFormValues>
        name="description"
        label="Title"
        maxLength={MAX_DESCRIPTION_LENGTH}
        autoComplete="off"
        hint="Optional: what the client does."
      />
      <ScopePairs otherPairs={otherPairs} />
    </DialogForm>
  );
}

/**
 * The "+ Another scope" list: each pair is an audience (the API) and a scope the client may ask it for. Each pair is
 * its own group ("Scope pair 2"), so its fields keep the plain labels Audience and Scope.
 */
function ScopePairs({ otherPairs }: { otherPairs: ScopePair[] }) {
  const { fields, append, remove } = useFieldArray<ClientFormValues, 'scopes'>({ name: 'scopes' });
  const pairs = useWatch<ClientFormValues, 'scopes'>({ name: 'scopes' });
  const scopesError = useFieldError('scopes', 'Scopes');
  const listId = useId();
  const addButton = useRef<HTMLButtonElement>(null);
  // After Remove, focus goes to "+ Another scope" rather than to the page behind the dialog.
  const focusAdd = useRef(false);
  useEffect(() => {
    if (focusAdd.current) addButton.current?.focus();
    focusAdd.current = false;
  }, [fields.length]);
  const origin = window.location.origin;

  return (
    <fieldset className="scope-pairs">
      <legend className="field-label">Scopes</legend>
      <p className="field-hint">
        Each scope belongs to an audience (the API that will accept the token). A client asks for the fully-qualified
        scope: audience + scope. To call Tessera’s own API, use the audience {origin}; Scope then offers its scopes.
      </p>
      {fields.map((field, i) => {
        const pair = pairs[i];
        const n = i + 1;
        const suggestions = scopeSuggestions(pair?.audience ?? '', otherPairs, origin);
        return (
          <fieldset key={field.id} className="scope-pair-group">
            <legend className={fields.length > 1 ? 'scope-pair-legend' : 'sr-only'}>Scope pair {n}</legend>
            <div className="scope-pair">
              <FormTextField<ClientFormValues>
                name={`scopes.${i}.audience`}
                label="Audience"
                required
                maxLength={MAX_AUDIENCE_LENGTH}
                autoComplete="off"
                placeholder="https://api.example.com"
              />
              <FormTextField<ClientFormValues>
                name={`scopes.${i}.scope`}
                label="Scope"
                required
                maxLength={MAX_SCOPE_LENGTH}
                autoComplete="off"
                placeholder={suggestions[0] ?? 'reports.read'}
                // A native combobox: the scopes known for this audience, and any other scope typed freely.
                list={`${listId}-${n}`}
                hint={pair?.audience && pair.scope ? `Fully qualified: ${fullyQualifiedScope(pair)}` : undefined}
              />
              <datalist id={`${listId}-${n}`}>
                {suggestions.map((s) => (
                  <option key={s} value={s} />
                ))}
              </datalist>
              {fields.length > 1 ? (
                <Button
                  size="sm"
                  variant="ghost"
                  aria-label={`Remove scope pair ${n}`}
                  onClick={() => {
                    focusAdd.current = true;
                    remove(i);
                  }}
                >
                  Remove
                </Button>
              ) : null}
            </div>
          </fieldset>
        );
      })}
      {scopesError ? <p className="field-error">{scopesError}</p> : null}
      {fields.length < MAX_SCOPE_PAIRS ? (
        <div>
          <Button
            ref={addButton}
            size="sm"
            // The new pair keeps the last audience, so its scope is what is left to type.
            onClick={() =>
              append(
                { audience: pairs.at(-1)?.audience ?? '', scope: '' },
                { focusName: `scopes.${fields.length}.scope` },
              )
            }
          >
            + Another scope
          </Button>
        </div>
      ) : null}
    </fieldset>
  );
}
