import { InventoryPage } from '../../features/credential-inventory/InventoryPage';
import { ClientInventory } from '../../features/credential-inventory/components/ClientInventory';

/** Identity → OAuth 2.0 client credentials: every user's clients. */
export function Component() {
  return (
    <InventoryPage
      title="OAuth 2.0 client credentials"
      description="Every OAuth 2.0 client credential of the organisation, with its owner, scopes and last use."
    >
      {(heading) => <ClientInventory heading={heading} />}
    </InventoryPage>
  );
}
