import type { AuditEvent } from './audit.js';
import { type Db, audited, insertAudit } from './rows.js';

/** A signing key for access tokens; the private JWK only ever stored encrypted. */
export interface OAuth2SigningKey {
  kid: string;
  alg: string;
  publicJwk: string;
  privateJwkEncrypted: string;
  createdAt: string;
  retiredAt: string | null;
}

export interface RevokedAccessToken {
  jti: string;
  clientId: string;
  revokedAt: string;
  expiresAt: string;
}

/** What access tokens rest on besides their client: the signing keys and the list of revoked tokens. */
export interface OAuth2AccessTokenRepository {
  listSigningKeys(): Promise<OAuth2SigningKey[]>;
  /** Retires every current key (retiredAt = key.createdAt) and inserts the new one, in one transaction with its audit row. */
  rotateSigningKey(key: OAuth2SigningKey, audit?: AuditEvent): Promise<void>;
  /** Records a revoked access token until it would have expired anyway; prunes entries that have. */
  revoke(entry: RevokedAccessToken, audit?: AuditEvent): Promise<void>;
  isRevoked(jti: string): Promise<boolean>;
}

export class KyselyOAuth2AccessTokenRepository implements OAuth2AccessTokenRepository {
  constructor(protected readonly db: Db) {}

  async listSigningKeys(): Promise<OAuth2SigningKey[]> {
    const rows = await this.db.selectFrom('oauth2_signing_keys').selectAll().orderBy('created_at', 'desc').execute();
    return rows.map((r) => ({
      kid: r.kid,
      alg: r.alg,
      publicJwk: r.public_jwk,
      privateJwkEncrypted: r.private_jwk_encrypted,
      createdAt: r.created_at,
      retiredAt: r.retired_at,
    }));
  }

  async rotateSigningKey(k: OAuth2SigningKey, audit?: AuditEvent) {
    await this.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('oauth2_signing_keys')
        .set({ retired_at: k.createdAt })
        .where('retired_at', 'is', null)
        .execute();
      await trx
        .insertInto('oauth2_signing_keys')
        .values({
          kid: k.kid,
          alg: k.alg,
          public_jwk: k.publicJwk,
          private_jwk_encrypted: k.privateJwkEncrypted,
          created_at: k.createdAt,
          retired_at: null,
        })
        .execute();
      if (audit) await insertAudit(trx, audit);
    });
  }

  async revoke(e: RevokedAccessToken, audit?: AuditEvent) {
    await this.db.deleteFrom('oauth2_revoked_tokens').where('expires_at', '<', e.revokedAt).execute();
    await audited(
      this.db,
      audit,
      (db) =>
        db
          .insertInto('oauth2_revoked_tokens')
          .values({ jti: e.jti, client_id: e.clientId, revoked_at: e.revokedAt, expires_at: e.expiresAt })
          .onConflict((oc) => oc.column('jti').doNothing())
          .execute(),
      () => true,
    );
  }

  async isRevoked(jti: string) {
    const r = await this.db.selectFrom('oauth2_revoked_tokens').select('jti').where('jti', '=', jti).executeTakeFirst();
    return r !== undefined;
  }
}
