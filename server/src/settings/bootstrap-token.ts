import type { AuditContext } from '../audit/context.js';
import type { AuditService } from '../audit/service.js';
import type { SettingsRepository } from '../store/store.js';

/** Whether the bootstrap token is accepted: a boolean; absent means on (as configured). */
const ENABLED = 'bootstrap_token.enabled';
/** Its last accepted use: `{ at, ip }`, written with the use's audit row. */
const LAST_USE = 'bootstrap_token.last_use';

export interface BootstrapTokenStatus {
  /** TESSERA_BOOTSTRAP_TOKEN is set. */
  configured: boolean;
  /** An administrator has not turned it off (the switch is kept even while no token is configured). */
  enabled: boolean;
  lastUsedAt: string | null;
  lastUsedIp: string | null;
}

/** One use of the bootstrap token as the verifier saw it: where from, and what it asked for. */
export interface BootstrapTokenUse {
  ip: string | null;
  userAgent: string | null;
  method: string;
  /** The request's path, already redacted (http/redact-path.ts). */
  path: string;
  /** The account it acts as: `admin`, or null for the synthetic administrator. */
  actingAs: { id: string; username: string } | null;
}

/**
 * GoodData's bootstrap token as a run-time setting: administrators turn it off and on without a restart (kept in the
 * database, so every replica reads the same switch on every use), and each use is audited and shown as "last used".
 */
export class BootstrapTokenService {
  constructor(
    private readonly settings: SettingsRepository,
    private readonly audit: AuditService,
    private readonly configured: boolean,
  ) {}

  async status(): Promise<BootstrapTokenStatus> {
    const [enabled, lastUse] = await Promise.all([
      this.settings.get<boolean>(ENABLED),
      this.settings.get<{ at: string; ip: string | null }>(LAST_USE),
    ]);
    return {
      configured: this.configured,
      enabled: enabled ?? true,
      lastUsedAt: lastUse?.at ?? null,
      lastUsedIp: lastUse?.ip ?? null,
    };
  }

  /** Turns the token off or on; audited `bootstrap_token.update` with the value before and after. */
  async setEnabled(ctx: AuditContext, enabled: boolean): Promise<BootstrapTokenStatus> {
    const was = (await this.settings.get<boolean>(ENABLED)) ?? true;
    const event = this.audit.event(ctx, {
      action: 'bootstrap_token.update',
      details: { enabled, was, configured: this.configured },
    });
    await this.settings.set(ENABLED, enabled, event.at, event);
    this.audit.logged(event);
    return this.status();
  }

  /**
   * The verifier's question once the secret matched: may it act now? Yes unless turned off. Either way the use is
   * audited (`bootstrap_token.use`, the bootstrap token as the actor), and an accepted one becomes "last used".
   */
  async admit(use: BootstrapTokenUse): Promise<boolean> {
    const enabled = (await this.settings.get<boolean>(ENABLED)) ?? true;
    const ctx: AuditContext = {
      actor: null,
      ip: use.ip,
      userAgent: use.userAgent,
      credential: null,
    };
    const input = {
      action: 'bootstrap_token.use' as const,
      outcome: enabled ? ('success' as const) : ('failure' as const),
      actor: { id: null, username: BOOTSTRAP_ACTOR },
      targetUserId: use.actingAs?.id ?? null,
      details: {
        via: 'bootstrap-token',
        method: use.method,
        path: use.path,
        ...(use.actingAs ? { actingAs: use.actingAs.username } : {}),
        ...(enabled ? {} : { reason: 'turned_off' }),
      },
    };
    if (!enabled) {
      await this.audit.record(ctx, input);
      return false;
    }
    const event = this.audit.event(ctx, input);
    await this.settings.set(LAST_USE, { at: event.at, ip: use.ip }, event.at, event);
    this.audit.logged(event);
    return true;
  }
}

/** The actor's name in the audit log for the bootstrap token's own rows: no username can have a space. */
export const BOOTSTRAP_ACTOR = 'bootstrap token';
