import { MAX_DESCRIPTION_LENGTH } from '@tessera/rules';
import { AllowedNetworksField } from '../../../components/credentials/AllowedNetworksField';
import { withCredentialFieldErrors } from '../../../components/credentials/credential-errors';
import { networksText, sameList } from '../../../components/credentials/networks';
import { ScopesChecklist } from '../../../components/credentials/ScopesChecklist';
import { ProjectsField } from '../../../components/credentials/ProjectsField';
import {
  projectIds,
  projectLimit,
  projectOptions,
  projectsChanged,
  type ProjectRef,
} from '../../../components/credentials/projects';
import type { ScopeName } from '../../../components/credentials/scopes';
import { Dialog } from '../../../components/ui/Dialog';
import { FormTextField, applyServerErrors, useZodForm } from '../../../components/ui/form';
import { DialogForm } from '../../../components/ui/DialogForm';
import { toast } from '../../../components/ui/toast';
import { useUpdateAuthToken } from '../api/update-auth-token';
import type { AuthToken, UpdateAuthTokenBody } from '../api/types';
import { editTokenSchema } from './token-schemas';

export interface EditTokenDialogProps {
  userId: string;
  token: AuthToken | null;
  /** The token's owner is an administrator: the administrators' scopes are offered too. */
  ownerIsAdmin: boolean;
  /** The scopes the organisation's policy allows; a scope the token already holds is offered too, to untick. */
  allowedScopes: readonly string[];
  /** The owner's projects the token may be limited to; those it is limited to already are offered too. */
  projectChoices: readonly ProjectRef[];
  onClose: () => void;
  /** Back to the row's Actions button, which the menu item that opened this has left. */
  onCloseAutoFocus?: (event: Event) => void;
}

export function EditTokenDialog({
  userId,
  token,
  ownerIsAdmin,
  allowedScopes,
  projectChoices,
  onClose,
  onCloseAutoFocus,
}: EditTokenDialogProps) {
  return (
    <Dialog
      open={token !== null}
      onOpenChange={(open) => !open && onClose()}
      title="Edit token"
      size="lg"
      onCloseAutoFocus={onCloseAutoFocus}
    >
      {token ? (
        <EditTokenForm
          userId={userId}
          token={token}
          ownerIsAdmin={ownerIsAdmin}
          allowed={[...allowedScopes, ...token.scopes]}
          projects={projectOptions(projectChoices, token.projects)}
          onDone={onClose}
        />
      ) : null}
    </Dialog>
  );
}

interface Sent {
  description: string;
  scopes: string[];
  allowedNetworks: string[];
  projects: string[];
}

/** Only what changed is sent: an untouched full-access token stays full access. */
export function tokenChanges(token: AuthToken, values: Sent): UpdateAuthTokenBody {
  const body: UpdateAuthTokenBody = { description: values.description };
  if (!sameList(values.scopes, token.scopes)) body.scopes = values.scopes as ScopeName[];
  if (!sameList(values.allowedNetworks, token.allowedNetworks)) body.allowedNetworks = values.allowedNetworks;
  if (projectsChanged(values.projects, token.projects)) body.projects = projectLimit(values.projects);
  return body;
}

function EditTokenForm({
  userId,
  token,
  ownerIsAdmin,
  allowed,
  projects,
  onDone,
}: {
  userId: string;
  token: AuthToken;
  ownerIsAdmin: boolean;
  allowed: readonly string[];
  projects: readonly ProjectRef[];
  onDone: () => void;
}) {
  const form = useZodForm(editTokenSchema, {
    defaultValues: {
      description: token.description,
      scopes: [...token.scopes],
      allowedNetworks: networksText(token.allowedNetworks),
      projects: projectIds(token.projects),
    },
  });
  const update = useUpdateAuthToken(userId);
  const submit = (values: Sent) =>
    update.mutate(
      { tokenId: token.id, ...tokenChanges(token, values) },
      {
        onSuccess: (saved) => {
          toast.success(
            saved.description === token.description
              ? `Saved the token “${saved.description}”.`
              : `Renamed the token “${token.description}” to “${saved.description}”.`,
          );
          onDone();
        },
        onError: (error) => applyServerErrors(form, withCredentialFieldErrors(error, values.allowedNetworks)),
      },
    );
  const failed = {
    error: withCredentialFieldErrors(update.error, update.variables?.allowedNetworks),
    isPending: update.isPending,
  };

  return (
    <DialogForm form={form} onSubmit={submit} mutation={failed} submitLabel="Save">
      <p className="muted">
        Token <code>{token.hint}</code>. The token itself stays the same; scripts that use it keep working with what you
        leave ticked.
      </p>
      <FormTextField<{ description: string }>
        name="description"
        label="Description"
        required
        maxLength={MAX_DESCRIPTION_LENGTH}
        autoComplete="off"
      />
      <ScopesChecklist ownerIsAdmin={ownerIsAdmin} fullAccess={token.fullAccess} allowed={allowed} />
      <AllowedNetworksField />
      <ProjectsField options={projects} noun="token" />
    </DialogForm>
  );
}
