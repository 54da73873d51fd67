/**
 * @module keys
 * The auth service's signing key (ES256, RFC 7518 section 3.4) and the public key set it
 * publishes (RFC 7517). Services verify access tokens with the public half only.
 */
import { type CryptoKey, exportJWK, generateKeyPair, importJWK, type JWK } from 'jose';

/** A loaded signing key. */
export interface SigningKeys {
  privateKey: CryptoKey | Uint8Array;
  publicKey: CryptoKey | Uint8Array;
  kid: string;
  /** `{ keys: [public JWK] }`, as served at /.well-known/jwks.json. */
  jwks: { keys: JWK[] };
}

/**
 * Loads the private JWK (with `kid`) and derives the public key set.
 *
 * @throws {Error} when the JWK is not an EC P-256 private key.
 */
export async function loadSigningKeys(privateJwkJson: string): Promise<SigningKeys> {
  const jwk = JSON.parse(privateJwkJson) as JWK;
  if (jwk.kty !== 'EC' || jwk.crv !== 'P-256' || !jwk.d) {
    throw new Error('AUTH_PRIVATE_JWK must be an EC P-256 private key (ES256)');
  }
  const kid = jwk.kid ?? 'comptoir-1';
  const { d: _private, ...publicJwk } = jwk;
  return {
    privateKey: await importJWK({ ...jwk, alg: 'ES256' }, 'ES256'),
    publicKey: await importJWK({ ...publicJwk, alg: 'ES256' }, 'ES256'),
    kid,
    jwks: { keys: [{ ...publicJwk, kid, alg: 'ES256', use: 'sig' }] },
  };
}

/** Generates a new private JWK (JSON), e.g. for a development platform or a key rotation. */
export async function generatePrivateJwk(kid = `comptoir-${Date.now().toString(36)}`): Promise<string> {
  const { privateKey } = await generateKeyPair('ES256', { extractable: true });
  return JSON.stringify({ ...(await exportJWK(privateKey)), kid, alg: 'ES256' });
}
