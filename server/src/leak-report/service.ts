import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { AuditContext } from '../audit/context.js';
import type { AuditService } from '../audit/service.js';
import { digestToken, isWellFormedToken, KEYSTONE_TOKEN_PREFIX, TOKEN_PREFIX } from '../lib/token-format.js';
import { sourceOf } from '../notifications/messages.js';
import {
  CLIENT_SECRET_PREFIX,
  clientSecretHint,
  digestClientSecret,
  generateClientSecret,
} from '../oauth2/client-secret.js';
import { APPLICATION_CREDENTIAL_PREFIX, auditDetails } from '../application-credentials/service.js';
import type { GraceWindowService } from '../grace-windows/service.js';
import type { KeystoneTokenRepository } from '../store/keystone-tokens.js';
import type { NotificationRepository } from '../store/notifications.js';
import type { ApplicationCredentialRepository, AuthTokenRepository, OAuth2ClientRepository } from '../store/store.js';

export interface LeakReportStores {
  authTokens: Pick<AuthTokenRepository, 'findCredential' | 'findPreviousSecret' | 'get' | 'delete'>;
  oauth2Clients: Pick<OAuth2ClientRepository, 'findBySecretDigest' | 'findById' | 'resetSecret'>;
  keystoneTokens: Pick<KeystoneTokenRepository, 'find' | 'delete'>;
  notifications: Pick<NotificationRepository, 'add'>;
  applicationCredentials: Pick<ApplicationCredentialRepository, 'findByDigest' | 'delete'>;
}

type Kind = 'auth_token' | 'client_secret' | 'keystone' | 'application_credential';

/** The credential a string is by its prefix and checksum, offline; undefined for anything else. */
function kindOf(raw: string): Kind | undefined {
  if (isWellFormedToken(raw, TOKEN_PREFIX)) return 'auth_token';
  if (isWellFormedToken(raw, CLIENT_SECRET_PREFIX)) return 'client_secret';
  if (isWellFormedToken(raw, KEYSTONE_TOKEN_PREFIX)) return 'keystone';
  if (isWellFormedToken(raw, APPLICATION_CREDENTIAL_PREFIX)) return 'application_credential';
  return undefined;
}

/**
 * The public leak report (issue 20, point 5): whoever finds a Tessera credential in public (a scanner, a stranger)
 * posts it, and a real one stops working at once, for good (docs/api.md "Leak reports" says why each is done so):
 * - an auth token (`tsr_`) is deleted as its owner's delete does: audit row `auth_token.leak_report`, domain event
 *   `auth_token.deleted` with `leakReport: true`;
 * - an OAuth client secret (`tsc_`) is replaced by a new secret nobody is shown, as a reset does (its access tokens
 *   die with it; the client keeps its settings): `oauth2_client.leak_report`, event `oauth2_client.secret_reset`;
 * - a Keystone token (`tsk_`) is deleted as a Keystone revoke does (`keystone.token.revoke`);
 * - an application credential secret (`tsa_`) deletes the credential and its tokens as its owner's delete does
 *   (`application_credential.delete` with `leakReport`; issue 21, point 3).
 * Each owner is notified (the first two through their domain events, the last two directly). Nothing is answered
 * per string: the caller learns nothing.
 */
export class LeakReportService {
  constructor(
    private readonly stores: LeakReportStores,
    private readonly audit: AuditService,
    private readonly logger: Logger,
    /** A previous secret still in its grace window (issue 20, point 3) is reported too: its window ends. */
    private readonly grace?: GraceWindowService,
  ) {}

  /** Revokes every string that is a checksum-valid Tessera credential that exists; how many were (for the log only). */
  async report(ctx: AuditContext, candidates: readonly string[], source: string | undefined): Promise<number> {
    const seen = new Set<string>();
    let revoked = 0;
    for (const candidate of candidates) {
      const raw = candidate.trim();
      if (seen.has(raw)) continue;
      seen.add(raw);
      // The checksum is checked offline: a string that is no Tessera credential costs no database lookup.
      const kind = kindOf(raw);
      if (kind === undefined) continue;
      const done =
        kind === 'auth_token'
          ? await this.revokeAuthToken(ctx, raw, source)
          : kind === 'client_secret'
            ? await this.revokeClientSecret(ctx, raw, source)
            : kind === 'keystone'
              ? await this.revokeKeystoneToken(ctx, raw, source)
              : await this.revokeApplicationCredential(ctx, raw, source);
      if (done) revoked++;
    }
    // Counts only: never a token, a hint or an owner of a reported credential in the log.
    this.logger.info({ reported: candidates.length, revoked }, 'leak report');
    return revoked;
  }

  private async revokeAuthToken(ctx: AuditContext, raw: string, source: string | undefined): Promise<boolean> {
    const { authTokens } = this.stores;
    const digest = digestToken(raw);
    const credential = await authTokens.findCredential(digest);
    if (!credential) return this.endAuthTokenGrace(ctx, digest, source);
    const userId = credential.user.id;
    const token = await authTokens.get(userId, credential.tokenId);
    if (!token) return false;
    const event = this.audit.event(ctx, {
      action: 'auth_token.leak_report',
      targetUserId: userId,
      tokenId: token.id,
      details: {
        description: token.description,
        hint: token.hint,
        ...(token.name !== null ? { name: token.name } : {}),
        leakReport: true,
        ...(source ? { source } : {}),
      },
    });
    // Deleted by a concurrent report or by its owner in between: nothing more to do.
    if (!(await authTokens.delete(userId, token.id, event))) return false;
    this.audit.logged(event);
    return true;
  }

  private async revokeClientSecret(ctx: AuditContext, raw: string, source: string | undefined): Promise<boolean> {
    const { oauth2Clients } = this.stores;
    const digest = digestClientSecret(raw);
    const client = await oauth2Clients.findBySecretDigest(digest);
    if (!client) return this.endClientGrace(ctx, digest, source);
    // A fresh secret that is never shown: the reported one, and every access token it obtained, stop working.
    const replacement = generateClientSecret();
    const event = this.audit.event(ctx, {
      action: 'oauth2_client.leak_report',
      targetUserId: client.userId,
      tokenId: client.id,
      details: { name: client.name, hint: client.secretHint, leakReport: true, ...(source ? { source } : {}) },
    });
    const next = {
      secretDigest: digestClientSecret(replacement),
      secretHint: clientSecretHint(replacement),
      at: new Date().toISOString(),
    };
    if (!(await oauth2Clients.resetSecret(client.userId, client.id, next, event))) return false;
    this.audit.logged(event);
    return true;
  }

  /**
   * A token's previous secret still in its grace window: the window ends at once (the new secret, which the report
   * did not name, keeps working), audited `auth_token.end_grace` with `leakReport`, so the owner is told of a leak.
   */
  private endAuthTokenGrace(ctx: AuditContext, digest: string, source: string | undefined): Promise<boolean> {
    if (!this.grace) return Promise.resolve(false);
    return this.grace.endForLeak(
      ctx,
      'auth_token',
      digest,
      async (tokenId) => {
        const cred = await this.stores.authTokens.findPreviousSecret(digest);
        const token =
          cred && cred.tokenId === tokenId ? await this.stores.authTokens.get(cred.user.id, tokenId) : undefined;
        return token && { userId: token.userId, details: { description: token.description, hint: token.hint } };
      },
      source,
    );
  }

  /** A client's previous secret still in its grace window: the window ends, as for a token's. */
  private endClientGrace(ctx: AuditContext, digest: string, source: string | undefined): Promise<boolean> {
    if (!this.grace) return Promise.resolve(false);
    return this.grace.endForLeak(
      ctx,
      'oauth2_client',
      digest,
      async (clientId) => {
        const client = await this.stores.oauth2Clients.findById(clientId);
        return client && { userId: client.userId, details: { name: client.name, hint: client.secretHint } };
      },
      source,
    );
  }

  private async revokeKeystoneToken(ctx: AuditContext, raw: string, source: string | undefined): Promise<boolean> {
    const { keystoneTokens, notifications } = this.stores;
    const token = await keystoneTokens.find(digestToken(raw));
    if (!token) return false;
    const event = this.audit.event(ctx, {
      action: 'keystone.token.revoke',
      targetUserId: token.userId,
      details: { auditId: token.auditId, leakReport: true, ...(source ? { source } : {}) },
    });
    if (!(await keystoneTokens.delete(token.digest, event))) return false;
    this.audit.logged(event);
    // Keystone revocations are no domain event: the owner's notification is written here, keyed on the audit row.
    await notifications.add([
      {
        id: randomUUID(),
        userId: token.userId,
        kind: 'credential_leaked',
        message:
          `A Keystone token of yours (issued ${token.issuedAt}) was reported as leaked${sourceOf(event.details ?? {})} ` +
          'and revoked. Sign in again to get a new one.',
        link: null,
        tokenId: null,
        createdAt: event.at,
        dedupeKey: event.id,
      },
    ]);
    return true;
  }

  private async revokeApplicationCredential(ctx: AuditContext, raw: string, source: string | undefined) {
    const { applicationCredentials, notifications } = this.stores;
    let revoked = false;
    for (const c of await applicationCredentials.findByDigest(digestToken(raw))) {
      const event = this.audit.event(ctx, {
        action: 'application_credential.delete',
        targetUserId: c.userId,
        tokenId: c.id,
        details: { ...auditDetails(c), leakReport: true, ...(source ? { source } : {}) },
      });
      if (!(await applicationCredentials.delete(c.userId, c.id, event))) continue;
      this.audit.logged(event);
      revoked = true;
      await notifications.add([
        {
          id: randomUUID(),
          userId: c.userId,
          kind: 'credential_leaked',
          message:
            `Your application credential “${c.name}” was reported as leaked${sourceOf(event.details ?? {})} and ` +
            'deleted with its tokens. Create a new one for the programs that used it.',
          link: null,
          tokenId: null,
          createdAt: event.at,
          dedupeKey: event.id,
        },
      ]);
    }
    return revoked;
  }
}
