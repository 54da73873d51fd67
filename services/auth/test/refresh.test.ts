import { bearer, useAdminPool } from '@comptoir/testing/fixtures';
import { expectProblem, jsonRequest, readJson } from '@comptoir/testing/http';
import { describe, expect, it } from 'vitest';
import { claimsOf, ORIGIN_HEADER, setCookies, signup, useAuthService } from './helpers.js';

const admin = useAdminPool();
const { service } = await useAuthService({ reuseIntervalSeconds: 0 });
const app = service.app;
const refresh = (token: string) => app.request('/refresh', jsonRequest('POST', { refresh_token: token }));

describe('POST /refresh', () => {
  it('rotates the refresh token and keeps the session and tenant', async () => {
    const { tokens } = await signup(app);
    const res = await refresh(tokens.refresh_token);
    expect(res.status).toBe(200);
    const next = await readJson(res);
    expect(next.refresh_token).not.toBe(tokens.refresh_token);
    expect(claimsOf(next.access_token).session_id).toBe(claimsOf(tokens.access_token).session_id);
    expect(claimsOf(next.access_token).app_metadata.tenant_id).toBe(
      claimsOf(tokens.access_token).app_metadata.tenant_id,
    );
    const { rows } = await admin.query(
      'select count(*)::int as n from platform.refresh_tokens where session_id = $1',
      [claimsOf(tokens.access_token).session_id],
    );
    expect(rows[0].n).toBe(2);
  });

  it('revokes the whole family when a rotated token is used again', async () => {
    const { tokens } = await signup(app);
    const first = await readJson(await refresh(tokens.refresh_token));
    // The old token again: theft is assumed.
    const reuse = await expectProblem(await refresh(tokens.refresh_token), 401);
    expect(reuse.type).toMatch(/refresh-token-reused$/);
    // The token issued after it is dead too: the session is revoked.
    await expectProblem(await refresh(first.refresh_token), 401);
    const { rows } = await admin.query(
      'select revoked_at, revoked_reason from platform.sessions where id = $1',
      [claimsOf(tokens.access_token).session_id],
    );
    expect(rows[0].revoked_at).not.toBeNull();
    expect(rows[0].revoked_reason).toBe('refresh_token_reuse');
  });

  it('treats a reuse within the reuse interval as a race and keeps the session', async () => {
    const { service: lenient } = await useAuthService({ reuseIntervalSeconds: 30 });
    const { tokens } = await signup(lenient.app);
    const a = await lenient.app.request(
      '/refresh',
      jsonRequest('POST', { refresh_token: tokens.refresh_token }),
    );
    const b = await lenient.app.request(
      '/refresh',
      jsonRequest('POST', { refresh_token: tokens.refresh_token }),
    );
    expect(a.status).toBe(200);
    expect(b.status).toBe(200);
  });

  it('refuses an unknown token with 401', async () => {
    await expectProblem(await refresh('x'.repeat(43)), 401);
  });

  it('uses the cookie for browsers, only from a platform origin', async () => {
    const { response } = await signup(app);
    const cookie = setCookies(response).get('comptoir_refresh')!.split(';')[0]!;
    await expectProblem(
      await app.request('/refresh', { method: 'POST', headers: { cookie, origin: 'https://evil.example' } }),
      403,
    );
    const ok = await app.request('/refresh', { method: 'POST', headers: { cookie, ...ORIGIN_HEADER } });
    expect(ok.status).toBe(200);
    expect(setCookies(ok).get('comptoir_access')).toMatch(/Domain=comptoir\.localhost/);
  });
});

describe('POST /logout', () => {
  it('revokes the session and clears the cookies', async () => {
    const { tokens } = await signup(app);
    const res = await app.request('/logout', jsonRequest('POST', { refresh_token: tokens.refresh_token }));
    expect(res.status).toBe(204);
    expect(setCookies(res).get('comptoir_access')).toMatch(/Max-Age=0/);
    await expectProblem(await refresh(tokens.refresh_token), 401);
  });
});

describe('sessions', () => {
  it('lists your sessions and signs one out', async () => {
    const { tokens } = await signup(app);
    const list = await readJson(await app.request('/sessions', { headers: bearer(tokens.access_token) }));
    expect(list.data).toHaveLength(1);
    expect(list.data[0].current).toBe(true);
    const res = await app.request(`/sessions/${list.data[0].id}`, {
      method: 'DELETE',
      headers: bearer(tokens.access_token),
    });
    expect(res.status).toBe(204);
    await expectProblem(await refresh(tokens.refresh_token), 401);
  });
});
