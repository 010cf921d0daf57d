import { useRef, useState, type RefObject } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { FeatureCredentialPanel } from '../../components/credentials/FeatureCredentialPanel';
import { useRevealed } from '../../components/credentials/revealed';
import { useRowFocus } from '../../components/credentials/row-focus';
import { Button } from '../../components/ui/Button';
import { ConfirmDialog } from '../../components/ui/ConfirmDialog';
import { confirmationFor } from '../../components/ui/confirmation';
import { EmptyState } from '../../components/ui/Feedback';
import { toast } from '../../components/ui/toast';
import { useFeatureFlag } from '../../lib/feature-flags';
import { useDeleteApplicationCredential } from './api/delete-application-credential';
import { applicationCredentialKeys } from './api/keys';
import { useApplicationCredentials } from './api/list-application-credentials';
import type { ApplicationCredential, ApplicationCredentialList, NewApplicationCredential } from './api/types';
import { CreateCredentialDialog } from './components/CreateCredentialDialog';
import { CredentialsTable } from './components/CredentialsTable';
import { RevealCredentialDialog } from './components/RevealCredentialDialog';

export interface ApplicationCredentialsPageProps {
  /** `me` for User Settings, or the user's id on an administrator's user page. */
  userId: string | 'me';
  /** Who is signed in: when it is someone else's list, a new secret is theirs to be delivered. */
  viewerId: string;
  /** The owner's name and username, for the reveal's delivery note. */
  owner: { id: string; username: string; displayName: string };
}

/** Resources → Application credentials of one user (Keystone's): yourself, or anyone for an administrator. */
export function ApplicationCredentialsPage(props: ApplicationCredentialsPageProps) {
  const feature = useFeatureFlag('keystone');
  const heading = useRef<HTMLHeadingElement>(null);
  const list = useApplicationCredentials(props.userId, feature.enabled === true);
  return (
    <FeatureCredentialPanel
      title="Application credentials"
      headingRef={heading}
      intro={
        <>
          An ID and secret a program exchanges for a token scoped to one project, with some or all of your roles there,
          at <code>{window.location.origin}/v3/auth/tokens</code> (Keystone’s <code>application_credential</code>{' '}
          method).
        </>
      }
      loadingLabel="Loading application credentials…"
      errorTitle="The application credentials could not be loaded."
      feature={feature}
      list={list}
      unavailable="Application credentials are not available in this deployment."
    >
      {(data) => <CredentialsContent {...props} data={data} heading={heading} />}
    </FeatureCredentialPanel>
  );
}

interface CredentialsContentProps extends ApplicationCredentialsPageProps {
  data: ApplicationCredentialList;
  heading: RefObject<HTMLHeadingElement | null>;
}

function CredentialsContent({ userId, viewerId, owner, data, heading }: CredentialsContentProps) {
  const queryClient = useQueryClient();
  const createButton = useRef<HTMLButtonElement>(null);
  const [createOpen, setCreateOpen] = useState(false);
  const [deleting, setDeleting] = useState<ApplicationCredential | null>(null);
  const remove = useDeleteApplicationCredential(userId);
  const focus = useRowFocus<ApplicationCredential>(heading);
  const forSomeoneElse = owner.id !== viewerId;
  const { revealed, reveal, close } = useRevealed<NewApplicationCredential>(
    { forUser: forSomeoneElse ? owner.displayName || owner.username : undefined, username: owner.username },
    () => void queryClient.invalidateQueries({ queryKey: applicationCredentialKeys.all }),
  );

  const confirmDelete = () => {
    if (!deleting) return;
    const { id, name } = deleting;
    focus.deleteRow(data.items, id, remove.mutate, () => {
      setDeleting(null);
      toast.success(`Deleted the application credential “${name}”. Its tokens stopped working.`);
    });
  };

  return (
    <>
      <div className="toolbar">
        <Button ref={createButton} variant="primary" onClick={() => setCreateOpen(true)}>
          Create application credential
        </Button>
      </div>
      {data.items.length === 0 ? (
        <EmptyState title="No application credentials yet">
          Create one to let a program obtain tokens for one of your projects without your password.
        </EmptyState>
      ) : (
        <CredentialsTable credentials={data.items} onDelete={focus.fromRow(setDeleting)} />
      )}
      <CreateCredentialDialog
        userId={userId}
        policy={data.policy}
        open={createOpen}
        onOpenChange={setCreateOpen}
        onCreated={(credential) => {
          setCreateOpen(false);
          focus.clear();
          reveal(credential);
          toast.success(`Created the application credential “${credential.name}”. Copy the secret now.`);
        }}
      />
      <RevealCredentialDialog
        revealed={revealed}
        onClose={close}
        onCloseAutoFocus={focus.returnFocusOr(() => createButton.current)}
      />
      <ConfirmDialog
        {...confirmationFor(deleting, setDeleting, remove)}
        title="Delete application credential?"
        confirmLabel="Delete"
        onConfirm={confirmDelete}
        onCloseAutoFocus={focus.returnFocus}
      >
        <strong>{deleting?.name}</strong> and every token obtained with it stop working at once. This can't be undone.
      </ConfirmDialog>
    </>
  );
}

export default ApplicationCredentialsPage;
