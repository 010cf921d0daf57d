import { networksText, sameList } from '../../../components/credentials/networks';
import {
  projectIds,
  projectLimit,
  projectOptions,
  projectsChanged,
  type ProjectRef,
} from '../../../components/credentials/projects';
import { Dialog } from '../../../components/ui/Dialog';
import { toast } from '../../../components/ui/toast';
import { useUpdateOAuth2Client } from '../api/update-client';
import type { OAuth2Client, ScopePair } from '../api/types';
import { ClientForm } from './ClientForm';

export interface EditClientDialogProps {
  userId: string;
  client: OAuth2Client | null;
  onClose: () => void;
  /** The pairs of the user's other clients, offered as scopes. */
  otherPairs: ScopePair[];
  /** The owner is an administrator: Tessera's administrators' scopes are offered too. */
  ownerIsAdmin: boolean;
  /** The owner's projects the client may be limited to; those it is limited to already are offered too. */
  projectChoices: readonly ProjectRef[];
  /** Back to the row's Actions button, which the menu item that opened this has left. */
  onCloseAutoFocus?: (event: Event) => void;
}

/** Name, title and scopes change in place; the secret and the client ID stay. */
export function EditClientDialog(props: EditClientDialogProps) {
  const { userId, client, onClose, otherPairs, ownerIsAdmin, projectChoices, onCloseAutoFocus } = props;
  return (
    <Dialog
      open={client !== null}
      onOpenChange={(open) => !open && onClose()}
      title="Edit OAuth 2.0 client credential"
      description="Access tokens already issued keep their scopes until they expire (at most one hour)."
      size="lg"
      onCloseAutoFocus={onCloseAutoFocus}
    >
      {client ? (
        <EditClientForm
          userId={userId}
          client={client}
          onDone={onClose}
          otherPairs={otherPairs}
          ownerIsAdmin={ownerIsAdmin}
          projects={projectOptions(projectChoices, client.projects)}
        />
      ) : null}
    </Dialog>
  );
}

interface EditClientFormProps {
  userId: string;
  client: OAuth2Client;
  onDone: () => void;
  otherPairs: ScopePair[];
  ownerIsAdmin: boolean;
  projects: readonly ProjectRef[];
}

function EditClientForm({ userId, client, onDone, otherPairs, ownerIsAdmin, projects }: EditClientFormProps) {
  const update = useUpdateOAuth2Client(userId);
  return (
    <ClientForm
      initial={{
        name: client.name,
        description: client.description,
        scopes: client.scopes,
        allowedNetworks: networksText(client.allowedNetworks),
        projects: projectIds(client.projects),
      }}
      submitLabel="Save"
      mutation={update}
      otherPairs={otherPairs}
      ownerIsAdmin={ownerIsAdmin}
      projectOptions={projects}
      onSubmit={({ allowedNetworks, projects: chosen, ...input }, onFailed) =>
        update.mutate(
          {
            clientId: client.id,
            // Networks and projects only when changed, so an edit of the name is not also audited as their change.
            input: {
              ...input,
              ...(sameList(allowedNetworks, client.allowedNetworks) ? {} : { allowedNetworks }),
              ...(projectsChanged(chosen, client.projects) ? { projects: projectLimit(chosen) } : {}),
            },
          },
          {
            onSuccess: (saved) => {
              toast.success(`Saved the OAuth 2.0 client credential “${saved.name}”.`);
              onDone();
            },
            onError: onFailed,
          },
        )
      }
    />
  );
}
