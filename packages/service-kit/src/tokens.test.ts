import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createTokenVerifier, hashSecret, InvalidTokenError, parseApiKey } from './tokens.js';

const { publicKey, privateKey } = await generateKeyPair('ES256', { extractable: true });
const jwks = { keys: [{ ...(await exportJWK(publicKey)), kid: 'k1', alg: 'ES256' }] };

const sign = (expiresIn: string, claims: Record<string, unknown> = {}) =>
  new SignJWT({
    role: 'authenticated',
    app_metadata: { tenant_id: '00000000-0000-4000-8000-000000000001', tenant_role: 'MEMBER' },
    ...claims,
  })
    .setProtectedHeader({ alg: 'ES256', kid: 'k1' })
    .setSubject('00000000-0000-4000-8000-000000000002')
    .setAudience('authenticated')
    .setIssuer('comptoir-auth')
    .setExpirationTime(expiresIn)
    .sign(privateKey);

afterEach(() => vi.useRealTimers());

describe('createTokenVerifier', () => {
  it('verifies a token and serves the same token from its cache', async () => {
    const verify = createTokenVerifier({ jwks, issuer: 'comptoir-auth' });
    const token = await sign('15m');
    const first = await verify(token);
    expect(first.app_metadata.tenant_role).toBe('MEMBER');
    expect(await verify(token)).toBe(first);
  });

  it('stops accepting a cached token once it has expired', async () => {
    const verify = createTokenVerifier({ jwks, issuer: 'comptoir-auth' });
    const token = await sign('2m');
    await verify(token);
    vi.useFakeTimers({ now: Date.now() + 3 * 60_000, toFake: ['Date'] });
    await expect(verify(token)).rejects.toThrow(/expired/);
  });

  it('refuses a wrong issuer, a token without a tenant, and HS256 without a configured secret', async () => {
    const verify = createTokenVerifier({ jwks, issuer: 'someone-else' });
    await expect(verify(await sign('5m'))).rejects.toBeInstanceOf(InvalidTokenError);
    const strict = createTokenVerifier({ jwks, issuer: 'comptoir-auth' });
    await expect(strict(await sign('5m', { app_metadata: {} }))).rejects.toThrow(/no tenant/);
    const hs = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256' })
      .sign(new TextEncoder().encode('x'.repeat(32)));
    await expect(strict(hs)).rejects.toThrow(/HS256/);
  });
});

describe('API keys', () => {
  it('parse into prefix and secret, and hash with SHA-256', () => {
    const key = `cpt_${'A'.repeat(12)}_${'b'.repeat(43)}`;
    expect(parseApiKey(key)).toEqual({ prefix: 'A'.repeat(12), secret: 'b'.repeat(43) });
    expect(parseApiKey('cpt_short_x')).toBeNull();
    expect(hashSecret('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});
