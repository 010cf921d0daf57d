import { MAX_DESCRIPTION_LENGTH } from '@tessera/rules';
import { useIsMutating } from '@tanstack/react-query';
import { useMemo } from 'react';
import { AllowedNetworksField } from '../../../components/credentials/AllowedNetworksField';
import { withCredentialFieldErrors } from '../../../components/credentials/credential-errors';
import { ScopesChecklist } from '../../../components/credentials/ScopesChecklist';
import { ProjectsField } from '../../../components/credentials/ProjectsField';
import type { ProjectRef } from '../../../components/credentials/projects';
import { DEFAULT_TOKEN_SCOPES } from '../../../components/credentials/scopes';
import { Dialog } from '../../../components/ui/Dialog';
import { FormTextField, applyServerErrors, useZodForm } from '../../../components/ui/form';
import { ExpiryFields } from '../../../components/credentials/ExpiryFields';
import { DialogForm } from '../../../components/ui/DialogForm';
import { addDays } from '../../../lib/format';
import { CREATE_AUTH_TOKEN_KEY, useCreateAuthToken } from '../api/create-auth-token';
import type { NewAuthToken, TokenPolicy } from '../api/types';
import type { ScopeName } from '../../../components/credentials/scopes';
import {
  defaultExpiryChoice,
  expiresAtFor,
  toDateInputValue,
  type ExpiryChoice,
} from '../../../components/credentials/expiry';
import { generateTokenSchema } from './token-schemas';

export interface GenerateTokenDialogProps {
  userId: string;
  policy: TokenPolicy;
  /** The token's owner is an administrator: the administrators' scopes are offered too. */
  ownerIsAdmin: boolean;
  /** The owner's projects the token may be limited to (the list's `projectChoices`). */
  projectChoices: readonly ProjectRef[];
  open: boolean;
  onOpenChange: (open: boolean) => void;
  /** Receives the new token (with its secret) to hand to the reveal dialog. */
  onGenerated: (token: NewAuthToken) => void;
}

export function GenerateTokenDialog({ open, onOpenChange, ...rest }: GenerateTokenDialogProps) {
  const busy = useIsMutating({ mutationKey: CREATE_AUTH_TOKEN_KEY }) > 0;
  return (
    <Dialog open={open} onOpenChange={onOpenChange} title="Generate Token" size="lg" busy={busy}>
      {/* Mounted only while open, so every opening starts from a clean form. */}
      {open ? <GenerateTokenForm {...rest} /> : null}
    </Dialog>
  );
}

interface Values {
  description: string;
  choice: ExpiryChoice;
  customDate: string;
  scopes: string[];
  /** The textarea's text; the schema turns it into the list sent. */
  allowedNetworks: string;
  projects: string[];
}

interface Sent {
  description: string;
  choice: ExpiryChoice;
  customDate: string;
  scopes: string[];
  allowedNetworks: string[];
  projects: string[];
}

function GenerateTokenForm({
  userId,
  policy,
  ownerIsAdmin,
  projectChoices,
  onGenerated,
}: Omit<GenerateTokenDialogProps, 'open' | 'onOpenChange'>) {
  const schema = useMemo(() => generateTokenSchema(policy), [policy]);
  const form = useZodForm(schema, {
    defaultValues: {
      description: '',
      choice: defaultExpiryChoice(policy),
      customDate: toDateInputValue(addDays(policy.defaultLifetimeDays)),
      // The policy's default scopes when it has them, else read-only; never one the policy does not allow.
      scopes: (policy.defaultScopes ?? DEFAULT_TOKEN_SCOPES).filter((s) => policy.allowedScopes.includes(s)),
      allowedNetworks: '',
      projects: [],
    } satisfies Values,
  });
  const create = useCreateAuthToken(userId);

  const submit = (values: Sent) =>
    create.mutate(
      {
        description: values.description,
        expiresAt: expiresAtFor(values.choice, values.customDate, policy),
        scopes: values.scopes as ScopeName[],
        allowedNetworks: values.allowedNetworks,
        // None chosen: omitted, so the token works in every project (the session's own limit: none).
        ...(values.projects.length > 0 ? { projects: values.projects } : {}),
      },
      {
        onSuccess: (token) => {
          create.reset();
          onGenerated(token);
        },
        onError: (error) => applyServerErrors(form, withCredentialFieldErrors(error, values.allowedNetworks)),
      },
    );
  // The scope and network complaints show on their fields, not again above the buttons.
  const failed = {
    error: withCredentialFieldErrors(create.error, create.variables?.allowedNetworks),
    isPending: create.isPending,
  };

  return (
    <DialogForm form={form} onSubmit={submit} mutation={failed} submitLabel="Generate Token">
      <FormTextField<Values>
        name="description"
        label="Description"
        required
        maxLength={MAX_DESCRIPTION_LENGTH}
        autoComplete="off"
        hint="What the token is for, e.g. “CI deploy” or “Backup script on db-01”."
      />
      <ExpiryFields
        policy={policy}
        subject="The token"
        neverHint="The token works until you delete it. Consider an expiry date: tokens that never expire are a common leak risk."
      />
      <ScopesChecklist
        ownerIsAdmin={ownerIsAdmin}
        allowed={policy.allowedScopes}
        hint="What the token may do. Start read-only and add what a script needs: you can change them later."
      />
      <AllowedNetworksField />
      <ProjectsField options={projectChoices} noun="token" />
    </DialogForm>
  );
}
