import {
  MAX_AUDIENCE_LENGTH,
  MAX_CLIENT_NAME_LENGTH,
  MAX_DESCRIPTION_LENGTH,
  MAX_SCOPE_LENGTH,
  MAX_SCOPE_PAIRS,
  fullyQualifiedScope,
} from '@tessera/rules';
import { useEffect, useId, useRef, useState } from 'react';
import { useFieldArray, useWatch } from 'react-hook-form';
import { AllowedNetworksField } from '../../../components/credentials/AllowedNetworksField';
import { ProjectsField } from '../../../components/credentials/ProjectsField';
import type { ProjectRef } from '../../../components/credentials/projects';
import { withCredentialFieldErrors } from '../../../components/credentials/credential-errors';
import { scopesFor, useScopes } from '../../../components/credentials/scopes';
import { Button } from '../../../components/ui/Button';
import { FormTextField, applyServerErrors, useFieldError, useZodForm } from '../../../components/ui/form';
import { DialogForm } from '../../../components/ui/DialogForm';
import type { ScopePair } from '../api/types';
import { clientFormSchema, type ClientFormOutput, type ClientFormValues } from './client-schema';
import { isTesseraAudience, scopeSuggestions } from './scope-suggestions';

export type { ClientFormOutput, ClientFormValues };

export interface ClientFormProps {
  initial: ClientFormValues;
  submitLabel: string;
  /** The create or update request: its failure and whether it runs. */
  mutation: { error: unknown; isPending: boolean };
  /** Sends the values; `onFailed` puts the server's field errors on the fields. */
  onSubmit: (values: ClientFormOutput, onFailed: (error: unknown) => void) => void;
  /** The pairs of the user's other clients, whose scopes the Scope field offers for the same audience. */
  otherPairs: ScopePair[];
  /** The owner is an administrator: Tessera's administrators' scopes are offered too. */
  ownerIsAdmin: boolean;
  /** The projects the client may be limited to (the owner's, and those it is limited to already). */
  projectOptions: readonly ProjectRef[];
}

/** Name, Title, the audience/scope pairs, the networks and the projects: one form for Generate and Edit. */
export function ClientForm(props: ClientFormProps) {
  const { initial, submitLabel, mutation, onSubmit, otherPairs, ownerIsAdmin, projectOptions } = props;
  const form = useZodForm(clientFormSchema, { defaultValues: initial });
  // The networks the last submit sent: the server names a wrong one by its position in that list.
  const [sent, setSent] = useState<string[]>([]);
  const submit = (values: ClientFormOutput) => {
    setSent(values.allowedNetworks);
    onSubmit(values, (e) => applyServerErrors(form, withCredentialFieldErrors(e, values.allowedNetworks)));
  };
  // Network and scope refusals show on their fields, not again above the buttons.
  const failed = { error: withCredentialFieldErrors(mutation.error, sent), isPending: mutation.isPending };
  return (
    <DialogForm form={form} onSubmit={submit} mutation={failed} submitLabel={submitLabel}>
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
      <ScopePairs otherPairs={otherPairs} ownerIsAdmin={ownerIsAdmin} />
      <AllowedNetworksField />
      <ProjectsField options={projectOptions} noun="client" />
    </DialogForm>
  );
}

/**
 * The "+ Another scope" list: each pair is an audience (the API) and a scope the client may ask it for. Each pair is
 * its own group ("Scope pair 2"), so its fields keep the plain labels Audience and Scope.
 */
function ScopePairs({ otherPairs, ownerIsAdmin }: { otherPairs: ScopePair[]; ownerIsAdmin: boolean }) {
  const { fields, append, remove } = useFieldArray<ClientFormValues, 'scopes'>({ name: 'scopes' });
  // Tessera's own scopes, with what each allows, come from the server's vocabulary.
  const vocabulary = scopesFor(useScopes().data?.items ?? [], ownerIsAdmin);
  const described = new Map(vocabulary.map((s) => [s.name as string, s.description]));
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
        const audience = pair?.audience ?? '';
        const suggestions = scopeSuggestions(
          audience,
          otherPairs,
          origin,
          vocabulary.map((s) => s.name),
        );
        const tessera = isTesseraAudience(audience, origin);
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
                hint={
                  pair?.audience && pair.scope
                    ? `Fully qualified: ${fullyQualifiedScope(pair)}${
                        tessera && described.has(pair.scope) ? `. ${described.get(pair.scope)}` : ''
                      }`
                    : tessera
                      ? `One of Tessera’s scopes: ${vocabulary.map((s) => s.name).join(', ')}.`
                      : undefined
                }
              />
              <datalist id={`${listId}-${n}`}>
                {suggestions.map((s) => (
                  <option key={s} value={s} label={tessera ? described.get(s) : undefined} />
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
