/**
 * @module secrets
 * Random tokens and the protection of stored secrets.
 *
 * - Refresh, reset, verification and invitation tokens: 32 random bytes (base64url); only their
 *   SHA-256 is stored, which suffices for secrets of that entropy.
 * - TOTP shared secrets: AES-256-GCM (NIST SP 800-38D) with AUTH_ENCRYPTION_KEY, because the
 *   server must read them back.
 * - MFA recovery codes: about 50 bits each, too few for a bare hash, so HMAC-SHA256 keyed with
 *   AUTH_ENCRYPTION_KEY (a stolen table alone cannot be brute-forced).
 */
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';

/** 32 random bytes, base64url (43 characters). */
export const randomToken = () => randomBytes(32).toString('base64url');

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** `length` random characters of [A-Za-z0-9] (rejection sampling: no modulo bias). */
export function randomAlphanumeric(length: number): string {
  let out = '';
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte < 248 && out.length < length) out += ALPHANUMERIC[byte % 62];
    }
  }
  return out;
}

/** A recovery code like `k7qm-x2pd-9v` (10 characters of a 32-letter alphabet, ~50 bits). */
export function recoveryCode(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789';
  const chars = [...randomBytes(10)].map((b) => alphabet[b % alphabet.length]).join('');
  return `${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8)}`;
}

/** Encrypts and decrypts stored secrets, and peppers recovery codes. */
export class SecretBox {
  readonly #key: Buffer;
  constructor(base64Key: string) {
    this.#key = Buffer.from(base64Key, 'base64');
    if (this.#key.length !== 32) throw new Error('the encryption key must be 32 bytes');
  }

  /** `v1.<iv>.<tag>.<ciphertext>` (base64url parts). */
  encrypt(plaintext: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.#key, iv);
    const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return ['v1', iv, cipher.getAuthTag(), data]
      .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
      .join('.');
  }

  /** @throws {Error} when the value was altered or encrypted with another key. */
  decrypt(value: string): string {
    const [version, iv, tag, data] = value.split('.');
    if (version !== 'v1' || !iv || !tag || !data) throw new Error('unknown secret format');
    const decipher = createDecipheriv('aes-256-gcm', this.#key, Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString(
      'utf8',
    );
  }

  /** HMAC-SHA256 (hex) of a normalised recovery code. */
  pepper(code: string): string {
    return createHmac('sha256', this.#key)
      .update(code.trim().toLowerCase().replaceAll(/[\s-]/g, ''))
      .digest('hex');
  }
}
