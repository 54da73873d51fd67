import { bearer, useAdminPool } from '@comptoir/testing/fixtures';
import { expectProblem, jsonRequest, readJson } from '@comptoir/testing/http';
import { describe, expect, it } from 'vitest';
import {
  claimsOf,
  lastEmailTo,
  PASSWORD,
  randomIp,
  setCookies,
  signup,
  uniqueEmail,
  useAuthService,
} from './helpers.js';

const admin = useAdminPool();
const { service } = await useAuthService({ maxFailuresPerAccount: 3 });
const app = service.app;

describe('POST /signup', () => {
  it('creates the user, the tenant with its OWNER and a session, with Supabase-shaped claims', async () => {
    const { email, tokens, response } = await signup(app, { tenant_name: 'Café Ötzi & Fils' });
    const claims = claimsOf(tokens.access_token);
    expect(claims).toMatchObject({
      role: 'authenticated',
      aud: 'authenticated',
      email,
      aal: 'aal1',
      app_metadata: { tenant_role: 'OWNER', provider: 'email' },
    });
    expect(claims.exp - claims.iat).toBe(15 * 60);
    const { rows } = await admin.query(
      `select t.slug, t.name, m.role, u.password_hash from platform.users u
       join platform.memberships m on m.user_id = u.id join platform.tenants t on t.id = m.tenant_id
       where u.email = $1`,
      [email],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0].slug).toMatch(/^cafe-otzi-fils/);
    expect(rows[0].role).toBe('OWNER');
    expect(rows[0].password_hash).toMatch(/^\$2[aby]\$12\$/); // bcrypt, cost 12
    expect(claims.app_metadata.tenant_id).toBeTruthy();
    const cookies = setCookies(response);
    expect(cookies.get('comptoir_access')).toMatch(/Domain=comptoir\.localhost/);
    expect(cookies.get('comptoir_access')).toMatch(/HttpOnly/);
    expect(cookies.get('comptoir_access')).toMatch(/SameSite=Lax/);
    expect(cookies.get('comptoir_refresh')).toMatch(/HttpOnly/);
    expect((await lastEmailTo(admin, email))?.template).toBe('email_verification');
  });

  it('refuses an e-mail that already has an account with 409 and writes nothing', async () => {
    const { email } = await signup(app);
    const before = await admin.query('select count(*)::int as n from platform.tenants');
    const res = await app.request(
      '/signup',
      jsonRequest('POST', { email, password: PASSWORD, name: 'Other', tenant_name: 'Other Co' }),
    );
    const problem = await expectProblem(res, 409);
    expect(problem.errors?.[0]?.pointer).toBe('#/email');
    const after = await admin.query('select count(*)::int as n from platform.tenants');
    expect(after.rows[0].n).toBe(before.rows[0].n);
  });

  it('refuses a taken tenant slug with 409', async () => {
    const slug = `taken-${Date.now().toString(36)}`;
    await signup(app, { tenant_slug: slug });
    await expectProblem(
      await app.request(
        '/signup',
        jsonRequest('POST', {
          email: uniqueEmail(),
          password: PASSWORD,
          name: 'B',
          tenant_name: 'B',
          tenant_slug: slug,
        }),
      ),
      409,
    );
  });

  it('rejects weak passwords, bad e-mails, reserved slugs and unknown fields field by field', async () => {
    const res = await app.request(
      '/signup',
      jsonRequest('POST', {
        email: 'not-an-email',
        password: 'short',
        name: '',
        tenant_name: 'X',
        tenant_slug: 'crm',
        admin: true,
      }),
    );
    const problem = await expectProblem(res, 422);
    const pointers = problem.errors?.map((e) => e.pointer).sort();
    expect(pointers).toEqual(['#/admin', '#/email', '#/name', '#/password', '#/tenant_slug']);
  });
});

describe('POST /login', () => {
  it('signs in and answers tokens and cookies', async () => {
    const { email } = await signup(app);
    const res = await app.request(
      '/login',
      jsonRequest(
        'POST',
        { email: email.toUpperCase(), password: PASSWORD },
        { 'x-forwarded-for': randomIp() },
      ),
    );
    expect(res.status).toBe(200);
    const body = await readJson(res);
    expect(claimsOf(body.access_token).email).toBe(email);
    expect(setCookies(res).has('comptoir_refresh')).toBe(true);
    const me = await app.request('/me', { headers: bearer(body.access_token) });
    expect(me.status).toBe(200);
    expect((await readJson(me)).user.email).toBe(email);
  });

  it('answers the same 401 for a wrong password and an unknown e-mail', async () => {
    const { email } = await signup(app);
    const wrong = await expectProblem(
      await app.request(
        '/login',
        jsonRequest('POST', { email, password: 'wrong password!' }, { 'x-forwarded-for': randomIp() }),
      ),
      401,
    );
    const unknown = await expectProblem(
      await app.request(
        '/login',
        jsonRequest(
          'POST',
          { email: uniqueEmail(), password: 'wrong password!' },
          { 'x-forwarded-for': randomIp() },
        ),
      ),
      401,
    );
    expect(wrong.detail).toBe(unknown.detail);
  });

  it('blocks an account after repeated failures with 429 and Retry-After, even with the right password', async () => {
    const { email } = await signup(app);
    for (let i = 0; i < 3; i++) {
      await expectProblem(
        await app.request(
          '/login',
          jsonRequest('POST', { email, password: 'wrong password!' }, { 'x-forwarded-for': randomIp() }),
        ),
        401,
      );
    }
    const res = await app.request(
      '/login',
      jsonRequest('POST', { email, password: PASSWORD }, { 'x-forwarded-for': randomIp() }),
    );
    await expectProblem(res, 429);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});

describe('per-IP throttling', async () => {
  const { service: strict } = await useAuthService({ maxFailuresPerIp: 2, maxFailuresPerAccount: 100 });
  it('blocks an IP that fails on many accounts', async () => {
    const ip = randomIp();
    for (let i = 0; i < 2; i++) {
      await expectProblem(
        await strict.app.request(
          '/login',
          jsonRequest(
            'POST',
            { email: uniqueEmail(), password: 'nope nope nope' },
            { 'x-forwarded-for': ip },
          ),
        ),
        401,
      );
    }
    const res = await strict.app.request(
      '/login',
      jsonRequest('POST', { email: uniqueEmail(), password: 'nope nope nope' }, { 'x-forwarded-for': ip }),
    );
    await expectProblem(res, 429);
    expect(res.headers.get('retry-after')).toBeTruthy();
    // Another address is not affected.
    await expectProblem(
      await strict.app.request(
        '/login',
        jsonRequest(
          'POST',
          { email: uniqueEmail(), password: 'nope nope nope' },
          { 'x-forwarded-for': randomIp() },
        ),
      ),
      401,
    );
  });
});
