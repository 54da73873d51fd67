import { bearer, useAdminPool } from '@comptoir/testing/fixtures';
import { expectProblem, jsonRequest, readJson } from '@comptoir/testing/http';
import * as OTPAuth from 'otpauth';
import { describe, expect, it } from 'vitest';
import { claimsOf, PASSWORD, randomIp, signup, useAuthService } from './helpers.js';

const admin = useAdminPool();
const { service } = await useAuthService({ maxFailuresPerAccount: 50 });
const app = service.app;

/** The code an authenticator app would show for `secret`, `stepOffset` steps from now. */
const codeFor = (secret: string, stepOffset = 0) =>
  new OTPAuth.TOTP({
    secret: OTPAuth.Secret.fromBase32(secret),
    digits: 6,
    period: 30,
    algorithm: 'SHA1',
  }).generate({
    timestamp: Date.now() + stepOffset * 30_000,
  });

async function enrolled() {
  const { email, tokens } = await signup(app);
  const enroll = await app.request('/mfa/totp/enroll', {
    method: 'POST',
    headers: bearer(tokens.access_token),
  });
  expect(enroll.status).toBe(201);
  const { secret, otpauth_url } = await readJson(enroll);
  expect(otpauth_url).toMatch(/^otpauth:\/\/totp\/Comptoir:/);
  const verify = await app.request(
    '/mfa/totp/verify',
    jsonRequest('POST', { code: codeFor(secret, -1) }, bearer(tokens.access_token)),
  );
  expect(verify.status).toBe(200);
  const { recovery_codes } = await readJson(verify);
  return { email, secret, recoveryCodes: recovery_codes as string[], tokens };
}

const login = (email: string) =>
  app.request(
    '/login',
    jsonRequest('POST', { email, password: PASSWORD }, { 'x-forwarded-for': randomIp() }),
  );

describe('TOTP enrolment', () => {
  it('stores the secret encrypted and returns ten recovery codes once', async () => {
    const { email, secret, recoveryCodes } = await enrolled();
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);
    const { rows } = await admin.query(
      `select f.secret_encrypted, f.status, (select count(*)::int from platform.mfa_recovery_codes r where r.user_id = u.id) as codes
       from platform.users u join platform.mfa_factors f on f.user_id = u.id where u.email = $1`,
      [email],
    );
    expect(rows[0].status).toBe('verified');
    expect(rows[0].secret_encrypted).not.toContain(secret);
    expect(rows[0].codes).toBe(10);
    const { rows: hashes } = await admin.query(
      'select code_hash from platform.mfa_recovery_codes r join platform.users u on u.id = r.user_id where u.email = $1',
      [email],
    );
    for (const code of recoveryCodes) expect(hashes.map((h) => h.code_hash)).not.toContain(code);
  });

  it('refuses a wrong confirmation code with 422 and leaves MFA off', async () => {
    const { tokens } = await signup(app);
    await app.request('/mfa/totp/enroll', { method: 'POST', headers: bearer(tokens.access_token) });
    await expectProblem(
      await app.request(
        '/mfa/totp/verify',
        jsonRequest('POST', { code: '000000' }, bearer(tokens.access_token)),
      ),
      422,
    );
    const me = await readJson(await app.request('/me', { headers: bearer(tokens.access_token) }));
    expect(me.user.mfa_enabled).toBe(false);
  });
});

describe('sign-in with MFA', () => {
  it('asks for a code after the password, then issues an aal2 session', async () => {
    const { email, secret } = await enrolled();
    const first = await readJson(await login(email));
    expect(first.mfa_required).toBe(true);
    expect(first.access_token).toBeUndefined();
    const second = await app.request(
      '/mfa/login',
      jsonRequest('POST', { mfa_token: first.mfa_token, code: codeFor(secret) }),
    );
    expect(second.status).toBe(200);
    const tokens = await readJson(second);
    expect(claimsOf(tokens.access_token).aal).toBe('aal2');
  });

  it('never accepts the same code twice (replay)', async () => {
    const { email, secret } = await enrolled();
    const code = codeFor(secret, 1);
    const a = await readJson(await login(email));
    expect(
      (await app.request('/mfa/login', jsonRequest('POST', { mfa_token: a.mfa_token, code }))).status,
    ).toBe(200);
    const b = await readJson(await login(email));
    await expectProblem(
      await app.request('/mfa/login', jsonRequest('POST', { mfa_token: b.mfa_token, code })),
      401,
    );
  });

  it('accepts each recovery code once', async () => {
    const { email, recoveryCodes } = await enrolled();
    const a = await readJson(await login(email));
    expect(
      (
        await app.request(
          '/mfa/login',
          jsonRequest('POST', { mfa_token: a.mfa_token, code: recoveryCodes[0] }),
        )
      ).status,
    ).toBe(200);
    const b = await readJson(await login(email));
    await expectProblem(
      await app.request(
        '/mfa/login',
        jsonRequest('POST', { mfa_token: b.mfa_token, code: recoveryCodes[0] }),
      ),
      401,
    );
  });

  it('refuses a forged or expired ticket', async () => {
    await expectProblem(
      await app.request('/mfa/login', jsonRequest('POST', { mfa_token: 'x.y.z', code: '123456' })),
      401,
    );
  });

  it('turns MFA off with a valid code and signs every session out', async () => {
    const { email, secret, tokens } = await enrolled();
    const off = await app.request(
      '/mfa/totp/disable',
      jsonRequest('POST', { code: codeFor(secret, 1) }, bearer(tokens.access_token)),
    );
    expect(off.status).toBe(204);
    await expectProblem(
      await app.request('/refresh', jsonRequest('POST', { refresh_token: tokens.refresh_token })),
      401,
    );
    const again = await readJson(await login(email));
    expect(again.access_token).toBeTruthy();
  });
});
