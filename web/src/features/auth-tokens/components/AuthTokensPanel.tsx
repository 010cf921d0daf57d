import { useRef } from 'react';
import { CredentialPanel } from '../../../components/credentials/CredentialPanel';
import { useAuthTokens } from '../api/list-auth-tokens';
import { AuthTokensContent } from './AuthTokensContent';

export interface AuthTokensPanelProps {
  /** `me` from User Settings, or any user's id from an administrator's user page. */
  userId: string;
  /** Who is signed in: when it is someone else's list, a new token is theirs to be delivered. */
  viewerId: string;
  /** The owner is an administrator: their tokens may be given the administrators' scopes. */
  ownerIsAdmin: boolean;
}

/** Auth Tokens of one user: yourself from User Settings, or anyone from an administrator's user page. */
export function AuthTokensPanel({ userId, viewerId, ownerIsAdmin }: AuthTokensPanelProps) {
  const list = useAuthTokens(userId);
  // Where focus goes when a delete empties the list.
  const heading = useRef<HTMLHeadingElement>(null);
  return (
    <CredentialPanel
      title="Auth Tokens"
      headingRef={heading}
      intro={
        <>
          Tokens let scripts and tools call the Tessera API as this user. Send one as{' '}
          <code>Authorization: Bearer &lt;token&gt;</code>.
        </>
      }
      loading={list.isPending}
      loadingLabel="Loading tokens…"
      error={list.error}
      errorTitle="The tokens could not be loaded."
      onRetry={() => void list.refetch()}
      retrying={list.isFetching}
    >
      {list.data ? (
        <AuthTokensContent
          userId={userId}
          viewerId={viewerId}
          ownerIsAdmin={ownerIsAdmin}
          data={list.data}
          heading={heading}
        />
      ) : null}
    </CredentialPanel>
  );
}
