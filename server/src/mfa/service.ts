import type { AuthenticationResponseJSON, RegistrationResponseJSON } from '@simplewebauthn/server';
import type { AuditContext } from '../audit/context.js';
import type { AuditService } from '../audit/service.js';
import type { Config } from '../config.js';
import { Conflict, NotFound, TooManyRequests, invalidField } from '../errors.js';
import type { MfaRepository, MfaSummary, Role, UserRepository, WebauthnCredential } from '../store/store.js';
import type { MfaMethod } from './errors.js';
import { passkeyCeremonies } from './passkeys.js';
import type { RelyingParty } from './relying-party.js';
import { MfaSecrets, newRecoveryCodes } from './secrets.js';
import { matchingStep, newTotpSecret, totpUri } from './totp.js';

export interface MfaUser {
  id: string;
  username: string;
  displayName: string;
  role: Role;
}

/** What the console shows on the Two-factor authentication section; never a secret. */
export interface MfaStatus {
  enabled: boolean;
  required: boolean;
  totp: { enabled: boolean; confirmedAt: string | null };
  passkeys: { id: string; name: string; createdAt: string; lastUsedAt: string | null }[];
  recoveryCodesRemaining: number;
}

/** A second factor offered with a sign-in or a re-authentication. */
export interface SecondFactor {
  otp?: string | undefined;
  recoveryCode?: string | undefined;
}

export const methodsOf = (s: MfaSummary): MfaMethod[] => [
  ...(s.totpConfirmedAt ? (['totp'] as const) : []),
  ...(s.passkeys.length > 0 ? (['webauthn'] as const) : []),
  ...((s.totpConfirmedAt || s.passkeys.length > 0) && s.recoveryCodesRemaining > 0 ? (['recovery_code'] as const) : []),
];

const ISSUER = 'Tessera';

/** TOTP, recovery codes and passkeys: enrolment, removal, verification, and an administrator's reset. */
export class MfaService {
  private readonly secrets: MfaSecrets;

  constructor(
    private readonly repo: MfaRepository,
    private readonly users: Pick<UserRepository, 'get'>,
    private readonly audit: AuditService,
    private readonly config: Pick<Config, 'requireMfa' | 'signIn'>,
    sessionSecret: string,
  ) {
    this.secrets = new MfaSecrets(sessionSecret);
  }

  /**
   * Wrong second factors per account, from any address: whoever holds the password could otherwise guess codes from
   * many addresses, each within the per-address sign-in limit. TESSERA_SIGN_IN_MAX_FAILURES wrong answers within
   * TESSERA_SIGN_IN_WINDOW_MINUTES and the account's second factor is refused (429) until the window ends; a right
   * answer starts the count over. Kept in this process's memory (per replica), like the per-address token throttle.
   */
  private readonly wrongAnswers = new Map<string, { count: number; until: number }>();

  private refuseWhileGuessed(userId: string): void {
    const w = this.wrongAnswers.get(userId);
    if (!w) return;
    const now = Date.now();
    if (w.until <= now) this.wrongAnswers.delete(userId);
    else if (w.count >= this.config.signIn.maxFailures)
      throw new TooManyRequests(Math.ceil((w.until - now) / 1000), 'Too many wrong codes for this account.');
  }

  private answered(userId: string, ok: boolean): boolean {
    if (ok) this.wrongAnswers.delete(userId);
    else {
      const now = Date.now();
      const w = this.wrongAnswers.get(userId);
      if (w && w.until > now) w.count++;
      else this.wrongAnswers.set(userId, { count: 1, until: now + this.config.signIn.windowMinutes * 60_000 });
      if (this.wrongAnswers.size > 10_000)
        for (const [id, e] of this.wrongAnswers) if (e.until <= now) this.wrongAnswers.delete(id);
    }
    return ok;
  }

  /** Whether TESSERA_REQUIRE_MFA asks this role for a second factor. */
  requiredFor(role: Role): boolean {
    return this.config.requireMfa === 'all' || (this.config.requireMfa === 'admins' && role === 'admin');
  }

  /** The user's role, or undefined when there is no such user. */
  async roleOf(userId: string): Promise<Role | undefined> {
    return (await this.users.get(userId))?.role;
  }

  /** A wrong second factor at sign-in, audited as the sign-in's failure (never the code itself). */
  recordFailure(
    ctx: AuditContext,
    user: Pick<MfaUser, 'id' | 'username'>,
    method: 'totp' | 'recovery_code' | 'webauthn',
  ) {
    return this.audit.record(ctx, {
      action: 'session.sign_in',
      outcome: 'failure',
      targetUserId: user.id,
      actor: { id: null, username: user.username },
      details: { reason: 'mfa_invalid', method },
    });
  }

  /** The second factors the user can sign in with now; empty when they have none. */
  async methods(userId: string): Promise<MfaMethod[]> {
    return methodsOf(await this.repo.summary(userId));
  }

  async status(user: Pick<MfaUser, 'id' | 'role'>): Promise<MfaStatus> {
    const s = await this.repo.summary(user.id);
    return {
      enabled: methodsOf(s).length > 0,
      required: this.requiredFor(user.role),
      totp: { enabled: s.totpConfirmedAt !== null, confirmedAt: s.totpConfirmedAt },
      passkeys: s.passkeys.map((p) => ({ id: p.id, name: p.name, createdAt: p.createdAt, lastUsedAt: p.lastUsedAt })),
      recoveryCodesRemaining: s.recoveryCodesRemaining,
    };
  }

  /** A new secret, not active until confirmed with a code; answered once with its URI and QR code, never again. */
  async startTotp(user: MfaUser): Promise<{ secret: string; otpauthUri: string; qrCode: string }> {
    const secret = await newTotpSecret();
    const started = await this.repo.startTotp(user.id, this.secrets.seal(secret, user.id), new Date().toISOString());
    if (!started)
      throw new Conflict(
        'An authenticator app is already set up: turn it off first to set up another.',
        'totp_enrolled',
      );
    const otpauthUri = await totpUri(ISSUER, user.username, secret);
    // Loaded when someone sets up an app, not at start.
    const { default: QRCode } = await import('qrcode');
    const svg = await QRCode.toString(otpauthUri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
    return { secret, otpauthUri, qrCode: `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}` };
  }

  /** Activates the pending app with its first code; new recovery codes when the account had none left. */
  async confirmTotp(ctx: AuditContext, userId: string, code: string): Promise<{ recoveryCodes?: string[] }> {
    const pending = await this.repo.getTotp(userId);
    if (!pending || pending.confirmedAt)
      throw new Conflict('Start setting up an authenticator app first.', 'totp_not_started');
    const step = await matchingStep(this.secrets.open(pending.secretEncrypted, userId), code, null);
    if (step === undefined) throw invalidField('code', 'is not the current code of your authenticator app');
    const summary = await this.repo.summary(userId);
    const codes = summary.recoveryCodesRemaining === 0 ? newRecoveryCodes() : undefined;
    const event = this.audit.event(ctx, {
      action: 'mfa.totp_enable',
      targetUserId: userId,
      details: codes ? { recoveryCodesIssued: codes.length } : {},
    });
    const now = new Date().toISOString();
    const ok = await this.repo.confirmTotp(userId, step, now, codes && this.digests(userId, codes), event);
    if (!ok) throw new Conflict('Start setting up an authenticator app first.', 'totp_not_started');
    this.audit.logged(event);
    return codes ? { recoveryCodes: codes } : {};
  }

  async disableTotp(ctx: AuditContext, user: MfaUser): Promise<void> {
    const s = await this.repo.summary(user.id);
    if (!s.totpConfirmedAt) throw new NotFound('No authenticator app is set up.');
    const last = s.passkeys.length === 0;
    this.refuseLastFactor(user, last);
    const event = this.audit.event(ctx, { action: 'mfa.totp_disable', targetUserId: user.id });
    if (!(await this.repo.deleteTotp(user.id, last, event))) throw new NotFound('No authenticator app is set up.');
    this.audit.logged(event);
  }

  async regenerateRecoveryCodes(ctx: AuditContext, userId: string): Promise<string[]> {
    const s = await this.repo.summary(userId);
    if (!s.totpConfirmedAt && s.passkeys.length === 0)
      throw new Conflict('Set up an authenticator app or a passkey first.', 'mfa_not_enabled');
    const codes = newRecoveryCodes();
    const event = this.audit.event(ctx, { action: 'mfa.recovery_codes_regenerate', targetUserId: userId });
    await this.repo.replaceRecoveryCodes(userId, this.digests(userId, codes), new Date().toISOString(), event);
    this.audit.logged(event);
    return codes;
  }

  registrationOptions(rp: RelyingParty, user: MfaUser) {
    return this.repo
      .listPasskeys(user.id)
      .then((existing) => passkeyCeremonies.registrationOptions(rp, user, existing));
  }

  /** Stores a verified new passkey; recovery codes come with the account's first second factor. */
  async addPasskey(
    ctx: AuditContext,
    rp: RelyingParty,
    userId: string,
    name: string,
    response: RegistrationResponseJSON,
    challenge: string,
  ): Promise<{ passkey: MfaStatus['passkeys'][number]; recoveryCodes?: string[] }> {
    const verified = await passkeyCeremonies.verifyRegistration(rp, response, challenge);
    if (!verified) throw new Conflict('The passkey could not be verified. Try again.', 'webauthn_invalid');
    if (await this.repo.getPasskey(verified.id)) throw new Conflict('This passkey is already registered.', 'conflict');
    const s = await this.repo.summary(userId);
    const codes = s.recoveryCodesRemaining === 0 ? newRecoveryCodes() : undefined;
    const now = new Date().toISOString();
    const passkey: WebauthnCredential = { ...verified, userId, name, createdAt: now, lastUsedAt: null };
    const event = this.audit.event(ctx, {
      action: 'mfa.passkey_add',
      targetUserId: userId,
      details: { passkeyName: name, ...(codes ? { recoveryCodesIssued: codes.length } : {}) },
    });
    await this.repo.addPasskey(passkey, codes && this.digests(userId, codes), event);
    this.audit.logged(event);
    return {
      passkey: { id: passkey.id, name, createdAt: now, lastUsedAt: null },
      ...(codes ? { recoveryCodes: codes } : {}),
    };
  }

  async renamePasskey(ctx: AuditContext, userId: string, id: string, name: string) {
    const existing = await this.repo.getPasskey(id);
    if (!existing || existing.userId !== userId) throw new NotFound('No such passkey.');
    const event = this.audit.event(ctx, {
      action: 'mfa.passkey_rename',
      targetUserId: userId,
      details: { from: existing.name, to: name },
    });
    if (!(await this.repo.renamePasskey(userId, id, name, event))) throw new NotFound('No such passkey.');
    this.audit.logged(event);
    return { id, name, createdAt: existing.createdAt, lastUsedAt: existing.lastUsedAt };
  }

  async removePasskey(ctx: AuditContext, user: MfaUser, id: string) {
    const s = await this.repo.summary(user.id);
    const existing = s.passkeys.find((p) => p.id === id);
    if (!existing) throw new NotFound('No such passkey.');
    const last = !s.totpConfirmedAt && s.passkeys.length === 1;
    this.refuseLastFactor(user, last);
    const event = this.audit.event(ctx, {
      action: 'mfa.passkey_remove',
      targetUserId: user.id,
      details: { passkeyName: existing.name },
    });
    if (!(await this.repo.deletePasskey(user.id, id, last, event))) throw new NotFound('No such passkey.');
    this.audit.logged(event);
  }

  /** An administrator's reset: every second factor and recovery code of the user gone, audited. */
  async reset(ctx: AuditContext, userId: string): Promise<boolean> {
    const event = this.audit.event(ctx, { action: 'mfa.reset', targetUserId: userId });
    const done = await this.repo.resetAll(userId, event);
    if (done) this.audit.logged(event);
    return done;
  }

  /**
   * Checks a code from the authenticator app (each time step accepted once, atomically) or a recovery code (each used
   * once, audited): true when it is good. Nothing here says which part was wrong.
   */
  async verify(ctx: AuditContext, user: Pick<MfaUser, 'id' | 'username'>, factor: SecondFactor): Promise<boolean> {
    this.refuseWhileGuessed(user.id);
    return this.answered(user.id, await this.check(ctx, user, factor));
  }

  private async check(ctx: AuditContext, user: Pick<MfaUser, 'id' | 'username'>, factor: SecondFactor) {
    if (factor.otp !== undefined) {
      const totp = await this.repo.getTotp(user.id);
      if (!totp?.confirmedAt) return false;
      const step = await matchingStep(this.secrets.open(totp.secretEncrypted, user.id), factor.otp, totp.lastUsedStep);
      return step !== undefined && (await this.repo.acceptTotpStep(user.id, step));
    }
    if (factor.recoveryCode !== undefined) {
      const event = this.audit.event(ctx, {
        action: 'mfa.recovery_code_use',
        targetUserId: user.id,
        actor: { id: user.id, username: user.username },
      });
      const used = await this.repo.useRecoveryCode(
        user.id,
        this.secrets.codeDigest(user.id, factor.recoveryCode),
        new Date().toISOString(),
        event,
      );
      if (used) this.audit.logged(event);
      return used;
    }
    return false;
  }

  async authenticationOptions(rp: RelyingParty, userId: string) {
    const passkeys = await this.repo.listPasskeys(userId);
    return passkeys.length ? passkeyCeremonies.authenticationOptions(rp, passkeys) : undefined;
  }

  /** True when the assertion is good for one of the user's passkeys; its counter and last use are recorded. */
  async verifyPasskey(
    rp: RelyingParty,
    userId: string,
    response: AuthenticationResponseJSON,
    challenge: string,
  ): Promise<boolean> {
    this.refuseWhileGuessed(userId);
    const passkey = await this.repo.getPasskey(response.id);
    if (!passkey || passkey.userId !== userId) return this.answered(userId, false);
    const counter = await passkeyCeremonies.verifyAuthentication(rp, response, challenge, passkey);
    if (counter === undefined) return this.answered(userId, false);
    await this.repo.recordPasskeyUse(passkey.id, counter, new Date().toISOString());
    return this.answered(userId, true);
  }

  private digests(userId: string, codes: string[]) {
    return codes.map((c) => this.secrets.codeDigest(userId, c));
  }

  private refuseLastFactor(user: Pick<MfaUser, 'role'>, last: boolean) {
    if (last && this.requiredFor(user.role))
      throw new Conflict(
        'Two-factor authentication is required for your account: add another method before removing this one.',
        'mfa_required_by_policy',
      );
  }
}
