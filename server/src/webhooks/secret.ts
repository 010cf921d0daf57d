import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

const PREFIX = 'whsec_';
const FORMAT = 'v1';

/** A new signing secret as Standard Webhooks writes one: `whsec_` + 32 random bytes in base64 (256 bits). */
export const newWebhookSecret = () => PREFIX + randomBytes(32).toString('base64');

/**
 * Keeps webhook signing secrets out of the database in clear, as mfa/secrets.ts does for TOTP secrets: the HMAC needs
 * the secret itself, so it is sealed (AES-256-GCM under a key derived with HKDF-SHA256 from the session secret), with
 * the endpoint's id as associated data, so a sealed secret copied onto another endpoint's row does not open.
 */
export class WebhookSecrets {
  private readonly key: Buffer;

  constructor(sessionSecret: string) {
    this.key = Buffer.from(hkdfSync('sha256', sessionSecret, 'tessera-webhooks', 'webhook-secret-v1', 32));
  }

  seal(secret: string, webhookId: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(webhookId));
    const ct = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
    return [FORMAT, iv.toString('base64url'), ct.toString('base64url'), cipher.getAuthTag().toString('base64url')].join(
      '.',
    );
  }

  open(sealed: string, webhookId: string): string {
    const [format, iv, ct, tag] = sealed.split('.');
    if (format !== FORMAT || !iv || !ct || !tag) throw new Error('unknown sealed webhook secret format');
    const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(webhookId));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(ct, 'base64url')), decipher.final()]).toString('utf8');
  }
}
