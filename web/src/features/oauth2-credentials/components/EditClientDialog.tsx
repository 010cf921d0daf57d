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
  /** Back to the row's Actions button, which the menu item that opened this has left. */
  onCloseAutoFocus?: (event: Event) => void;
}

/** Name, title and scopes change in place; the secret and the client ID stay. */
export function EditClientDialog({ userId, client, onClose, otherPairs, onCloseAutoFocus }: EditClientDialogProps) {
  return (
    <Dialog
      open={client !== null}
      onOpenChange={(open) => !open && onClose()}
      title="Edit OAuth 2.0 client credential"
      description="Access tokens already issued keep their scopes until they expire (at most one hour)."
      size="lg"
      onCloseAutoFocus={onCloseAutoFocus}
    >
      {client ? <EditClientForm userId={userId} client={client} onDone={onClose} otherPairs={otherPairs} /> : null}
    </Dialog>
  );
}

interface EditClientFormProps {
  userId: string;
  client: OAuth2Client;
  onDone: () => void;
  otherPairs: ScopePair[];
}

function EditClientForm({ userId, client, onDone, otherPairs }: EditClientFormProps) {
  const update = useUpdateOAuth2Client(userId);
  return (
    <ClientForm
      initial={{ name: client.name, description: client.description, scopes: client.scopes }}
      submitLabel="Save"
      mutation={update}
      otherPairs={otherPairs}
      onSubmit={(input, onFailed) =>
        update.mutate(
          { clientId: client.id, input },
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
