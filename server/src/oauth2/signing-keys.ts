import {
  calculateJwkThumbprint,
  exportJWK,
  generateKeyPair,
  importJWK,
  type CryptoKey,
  type JWK,
  type KeyObject,
} from 'jose';
import type { Logger } from 'pino';
import type { AuditEvent, OAuth2AccessTokenRepository, OAuth2SigningKey } from '../store/store.js';
import { PrivateKeyCipher } from './private-key-cipher.js';

export const SIGNING_ALG = 'ES256';
/** Access-token lifetime; retired keys stay published at least this long (plus skew) so their tokens verify. */
export const ACCESS_TOKEN_TTL_SECONDS = 3600;
const PUBLISH_RETIRED_MS = (ACCESS_TOKEN_TTL_SECONDS + 300) * 1000;
// Another replica may rotate: re-read the key table when it says so (PostgreSQL's change notification), else at
// most this often, and on an unknown kid.
const REFRESH_MS = 60_000;
const UNKNOWN_KID_REFRESH_MS = 5_000;

type Key = CryptoKey | KeyObject | Uint8Array;

interface LoadedKey {
  row: OAuth2SigningKey;
  publicJwk: JWK;
  publicKey: Key;
}

/** The access-token signing keys: created on first use, rotated on demand, retired keys published until their tokens lapse. */
export class SigningKeys {
  private readonly cipher: PrivateKeyCipher;
  private keys: LoadedKey[] = [];
  private loadedAt = 0;
  private loading: Promise<void> | undefined;
  private signer: { kid: string; key: Key } | undefined;
  private creating: Promise<string> | undefined;
  /** Moves on each announced change: a load that began before it does not count as fresh. */
  private changes = 0;

  constructor(
    private readonly store: Pick<OAuth2AccessTokenRepository, 'listSigningKeys' | 'rotateSigningKey'>,
    sessionSecret: string,
    private readonly logger: Logger,
  ) {
    this.cipher = new PrivateKeyCipher(sessionSecret);
  }

  private async load(): Promise<void> {
    this.loading ??= (async () => {
      const changes = this.changes;
      const rows = await this.store.listSigningKeys();
      const loaded: LoadedKey[] = [];
      for (const row of rows) {
        const publicJwk = JSON.parse(row.publicJwk) as JWK;
        loaded.push({ row, publicJwk, publicKey: await importJWK(publicJwk, row.alg) });
      }
      this.keys = loaded;
      this.loadedAt = changes === this.changes ? Date.now() : 0;
      if (this.signer && !loaded.some((k) => k.row.kid === this.signer!.kid && k.row.retiredAt === null)) {
        this.signer = undefined;
      }
    })().finally(() => {
      this.loading = undefined;
    });
    return this.loading;
  }

  /** Another replica rotated (store.onChange): the next use reads the key table again. */
  changed(): void {
    this.changes++;
    this.loadedAt = 0;
  }

  private async fresh(maxAgeMs = REFRESH_MS): Promise<void> {
    if (Date.now() - this.loadedAt > maxAgeMs) await this.load();
  }

  /** Makes a new current key and retires the others (they stay published until their tokens expire). */
  async rotate(auditFor?: (kid: string) => AuditEvent): Promise<string> {
    const { publicKey, privateKey } = await generateKeyPair(SIGNING_ALG, { extractable: true });
    const publicJwk = await exportJWK(publicKey);
    const kid = await calculateJwkThumbprint(publicJwk);
    const privateJwk = await exportJWK(privateKey);
    const audit = auditFor?.(kid);
    await this.store.rotateSigningKey(
      {
        kid,
        alg: SIGNING_ALG,
        publicJwk: JSON.stringify({ ...publicJwk, kid, alg: SIGNING_ALG, use: 'sig' }),
        privateJwkEncrypted: await this.cipher.encrypt(JSON.stringify(privateJwk), kid),
        createdAt: new Date().toISOString(),
        retiredAt: null,
      },
      audit,
    );
    this.signer = { kid, key: privateKey };
    await this.load();
    return kid;
  }

  /** The key to sign with now; makes the first one, or a new one when the current can't be decrypted. */
  async current(): Promise<{ kid: string; key: Key }> {
    await this.fresh();
    const active = this.keys.find((k) => k.row.retiredAt === null);
    if (this.signer && active && this.signer.kid === active.row.kid) return this.signer;
    if (!active) {
      // Concurrent first requests share one new key instead of each making (and retiring) their own.
      this.creating ??= this.rotate().finally(() => {
        this.creating = undefined;
      });
      await this.creating;
      return this.signer!;
    }
    try {
      const jwk = JSON.parse(await this.cipher.decrypt(active.row.privateJwkEncrypted, active.row.kid)) as JWK;
      this.signer = { kid: active.row.kid, key: await importJWK(jwk, active.row.alg) };
    } catch {
      // A changed session secret: the old key can still verify its tokens, but signing needs a new one.
      this.logger.warn({ kid: active.row.kid }, 'oauth2 signing key cannot be decrypted; rotating');
      await this.rotate();
    }
    return this.signer!;
  }

  /** The public key for a kid, if it is current or recently retired. */
  async publicKey(kid: string): Promise<{ key: Key; alg: string } | undefined> {
    await this.fresh();
    let k = this.keys.find((x) => x.row.kid === kid);
    if (!k) {
      await this.fresh(UNKNOWN_KID_REFRESH_MS);
      k = this.keys.find((x) => x.row.kid === kid);
    }
    if (!k || !this.published(k.row)) return undefined;
    return { key: k.publicKey, alg: k.row.alg };
  }

  private published(row: OAuth2SigningKey, now = Date.now()): boolean {
    return row.retiredAt === null || new Date(row.retiredAt).getTime() > now - PUBLISH_RETIRED_MS;
  }

  /** RFC 7517 key set: the current key and keys retired recently enough that tokens they signed may be live. */
  async jwks(): Promise<{ keys: JWK[] }> {
    await this.current();
    return { keys: this.keys.filter((k) => this.published(k.row)).map((k) => k.publicJwk) };
  }
}
