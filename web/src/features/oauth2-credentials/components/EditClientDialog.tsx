import { Dialog } from '../../../components/ui/Dialog';
import { useUpdateOAuth2Client } from '../api/update-client';
import type { OAuth2Client } from '../api/types';
import { ClientForm } from './ClientForm';

export interface EditClientDialogProps {
  userId: string;
  client: OAuth2Client | null;
  onClose: () => void;
}

/** Name, title and scopes change in place; the secret and the client ID stay. */
export function EditClientDialog({ userId, client, onClose }: EditClientDialogProps) {
  return (
    <Dialog
      open={client !== null}
      onOpenChange={(open) => !open && onClose()}
      title="Edit OAuth 2.0 client credential"
      description="Access tokens already issued keep their scopes until they expire (at most one hour)."
      size="lg"
    >
      {client ? <EditClientForm userId={userId} client={client} onDone={onClose} /> : null}
    </Dialog>
  );
}

function EditClientForm({ userId, client, onDone }: { userId: string; client: OAuth2Client; onDone: () => void }) {
  const update = useUpdateOAuth2Client(userId);
  return (
    <ClientForm
      initial={{ name: client.name, description: client.description, scopes: client.scopes }}
      submitLabel="Save"
      mutation={update}
      onSubmit={(input, onFailed) =>
        update.mutate({ clientId: client.id, input }, { onSuccess: onDone, onError: onFailed })
      }
    />
  );
}
