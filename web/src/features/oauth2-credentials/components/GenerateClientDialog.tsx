import { Dialog } from '../../../components/ui/Dialog';
import { useIsMutating } from '@tanstack/react-query';
import { CREATE_OAUTH2_CLIENT_KEY, useCreateOAuth2Client } from '../api/create-client';
import type { NewOAuth2Client, ScopePair } from '../api/types';
import type { ProjectRef } from '../../../components/credentials/projects';
import { ClientForm } from './ClientForm';

export interface GenerateClientDialogProps {
  userId: string;
  open: boolean;
  onOpenChange: (open: boolean) => void;
  /** Receives the new credential (with its secret) to hand to the reveal dialog. */
  onGenerated: (client: NewOAuth2Client) => void;
  /** The pairs of the user's existing clients, offered as scopes. */
  otherPairs: ScopePair[];
  /** The owner is an administrator: Tessera's administrators' scopes are offered too. */
  ownerIsAdmin: boolean;
  /** The owner's projects the client may be limited to (the list's `projectChoices`). */
  projectChoices: readonly ProjectRef[];
}

export function GenerateClientDialog({ open, onOpenChange, ...rest }: GenerateClientDialogProps) {
  const busy = useIsMutating({ mutationKey: CREATE_OAUTH2_CLIENT_KEY }) > 0;
  return (
    <Dialog open={open} onOpenChange={onOpenChange} title="Generate OAuth 2.0 client credential" size="lg" busy={busy}>
      {/* Mounted only while open, so every opening starts from a clean form. */}
      {open ? <GenerateClientForm {...rest} /> : null}
    </Dialog>
  );
}

function GenerateClientForm({
  userId,
  onGenerated,
  otherPairs,
  ownerIsAdmin,
  projectChoices,
}: Omit<GenerateClientDialogProps, 'open' | 'onOpenChange'>) {
  const create = useCreateOAuth2Client(userId);
  return (
    <ClientForm
      initial={{ name: '', description: '', scopes: [{ audience: '', scope: '' }], allowedNetworks: '', projects: [] }}
      submitLabel="Generate"
      mutation={create}
      otherPairs={otherPairs}
      ownerIsAdmin={ownerIsAdmin}
      projectOptions={projectChoices}
      // None chosen: omitted, so the client works in every project (the session's own limit: none).
      onSubmit={({ projects, ...values }, onFailed) =>
        create.mutate(projects.length > 0 ? { ...values, projects } : values, {
          onSuccess: (client) => {
            create.reset();
            onGenerated(client);
          },
          onError: onFailed,
        })
      }
    />
  );
}
