/**
 * @module tokens
 * The benchmark's own signing key and access tokens, shaped exactly as the auth service and the
 * test fixtures (`packages/testing/src/fixtures.ts`) make them: ES256 (RFC 7518 section 3.4),
 * `kid` in the header, Supabase-shaped claims with `app_metadata.tenant_id` and `tenant_role`,
 * issuer `comptoir-auth`, 15 minutes.
 *
 * Signed with WebCrypto directly (jose does the same underneath) because the benchmark's parent
 * process resolves only the root's dependencies, and jose is not one of them. The servers verify
 * these tokens with the service kit's real verifier (jose).
 */
import { randomBytes, randomUUID, type webcrypto } from 'node:crypto';

/** Issuer every service expects by default (`AUTH_ISSUER`). */
export const ISSUER = 'comptoir-auth';

/** A key pair and the public key set the servers trust (`AUTH_JWKS`). */
export interface SigningKey {
  kid: string;
  privateKey: webcrypto.CryptoKey;
  /** `{ keys: [public JWK] }`, as served at /.well-known/jwks.json. */
  jwks: { keys: Array<Record<string, unknown>> };
}

/** Who a token is for. */
export interface TokenSubject {
  tenantId: string;
  userId: string;
  email: string;
  role: 'OWNER' | 'ADMIN' | 'MANAGER' | 'MEMBER' | 'CLIENT';
}

const ECDSA_P256 = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const base64url = (data: string | ArrayBuffer) =>
  (typeof data === 'string' ? Buffer.from(data) : Buffer.from(new Uint8Array(data))).toString('base64url');

/** Generates a fresh ES256 key pair for one benchmark run. */
export async function createSigningKey(): Promise<SigningKey> {
  const { privateKey, publicKey } = await crypto.subtle.generateKey(ECDSA_P256, true, ['sign', 'verify']);
  const { kty, crv, x, y } = await crypto.subtle.exportKey('jwk', publicKey);
  const kid = `bench-${randomBytes(4).toString('hex')}`;
  return { kid, privateKey, jwks: { keys: [{ kty, crv, x, y, kid, alg: 'ES256', use: 'sig' }] } };
}

/**
 * Signs an access token (compact JWS) for a member, as the auth service would.
 *
 * @param ttlSeconds lifetime (default 15 minutes, the auth service's).
 */
export async function signAccessToken(
  key: SigningKey,
  subject: TokenSubject,
  ttlSeconds = 15 * 60,
): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const header = { alg: 'ES256', kid: key.kid };
  const payload = {
    role: 'authenticated',
    email: subject.email,
    session_id: randomUUID(),
    aal: 'aal1',
    app_metadata: { tenant_id: subject.tenantId, tenant_role: subject.role, provider: 'email' },
    user_metadata: {},
    sub: subject.userId,
    aud: 'authenticated',
    iss: ISSUER,
    iat: now,
    exp: now + ttlSeconds,
  };
  const signingInput = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(payload))}`;
  // WebCrypto's ECDSA signature is r || s (IEEE P1363), which is what JWS ES256 expects.
  const signature = await crypto.subtle.sign(
    { name: 'ECDSA', hash: 'SHA-256' },
    key.privateKey,
    Buffer.from(signingInput),
  );
  return `${signingInput}.${base64url(signature)}`;
}
