import { useParams } from 'react-router';
import { OAuth2CredentialsPage } from '../../features/oauth2-credentials/OAuth2CredentialsPage';

export function Component() {
  const { userId = 'me' } = useParams();
  return (
    <>
      <title>OAuth 2.0 client credentials · Tessera</title>
      <OAuth2CredentialsPage userId={userId} />
    </>
  );
}
