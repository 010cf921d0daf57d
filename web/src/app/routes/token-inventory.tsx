import { InventoryPage } from '../../features/credential-inventory/InventoryPage';
import { TokenInventory } from '../../features/credential-inventory/components/TokenInventory';

/** Identity → Auth Tokens: every user's tokens. */
export function Component() {
  return (
    <InventoryPage
      title="Auth Tokens"
      description="Every auth token of the organisation: find the ones that never expire or lie unused, and revoke them with undo."
    >
      {(heading) => <TokenInventory heading={heading} />}
    </InventoryPage>
  );
}
