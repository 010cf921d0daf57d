import { ServiceAccountsList } from '../../features/service-accounts/components/ServiceAccountsList';

const settingsServiceAccountPath = (id: string) => `/settings/service-accounts/${encodeURIComponent(id)}`;

/** User Settings → Service accounts: the ones you own, whose credentials you manage from their page. */
export function Component() {
  return (
    <div className="stack">
      <title>Service accounts · Tessera</title>
      <div>
        <h2>Service accounts</h2>
        <p className="muted">
          Programs’ own identities that you own. You manage their auth tokens and OAuth 2.0 client credentials; an
          administrator creates them.
        </p>
      </div>
      <ServiceAccountsList
        mine
        accountPath={settingsServiceAccountPath}
        empty="You own none. Ask an administrator to create one for your program."
      />
    </div>
  );
}
