import type { AuditContext } from '../audit/context.js';
import type { AuditService } from '../audit/service.js';
import type { AuditEvent } from '../store/store.js';
import type { SigningKeys } from './signing-keys.js';

/** An administrator's rotation of the access-token signing key, committed together with its audit row. */
export class SigningKeyRotation {
  constructor(
    private readonly keys: SigningKeys,
    private readonly audit: AuditService,
  ) {}

  async rotate(ctx: AuditContext): Promise<string> {
    let event: AuditEvent | undefined;
    // The row names the new key, which is known only inside rotate().
    const kid = await this.keys.rotate(
      (rotated) => (event = this.audit.event(ctx, { action: 'oauth2_keys.rotate', details: { kid: rotated } })),
    );
    if (event) this.audit.logged(event);
    return kid;
  }
}
