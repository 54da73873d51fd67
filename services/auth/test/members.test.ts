import { bearer, useAdminPool } from '@comptoir/testing/fixtures';
import { expectProblem, jsonRequest, readJson } from '@comptoir/testing/http';
import { describe, expect, it } from 'vitest';
import {
  claimsOf,
  lastEmailTo,
  PASSWORD,
  randomIp,
  signup,
  tokenFromEmail,
  uniqueEmail,
  useAuthService,
} from './helpers.js';

const admin = useAdminPool();
const { service } = await useAuthService();
const app = service.app;

/** An OWNER (through sign-up) who invites `email` as `role`; returns the invitation token from the e-mail. */
async function invite(ownerToken: string, email: string, role = 'MEMBER') {
  const res = await app.request('/invitations', jsonRequest('POST', { email, role }, bearer(ownerToken)));
  expect(res.status, await res.clone().text()).toBe(201);
  const mail = await lastEmailTo(admin, email);
  expect(mail?.template).toBe('invitation');
  return { invitation: await readJson(res), token: tokenFromEmail(mail!.text_body) };
}

describe('invitations', () => {
  it('lets a new person sign up into the inviting tenant', async () => {
    const { tokens: owner } = await signup(app, { tenant_name: 'Inviting Co' });
    const email = uniqueEmail('invitee');
    const { token } = await invite(owner.access_token, email, 'MANAGER');
    const preview = await readJson(await app.request('/invitations/preview', jsonRequest('POST', { token })));
    expect(preview).toMatchObject({ tenant_name: 'Inviting Co', email, role: 'MANAGER' });
    const joined = await signup(app, { email, invitation_token: token, tenant_name: undefined });
    const claims = claimsOf(joined.tokens.access_token);
    expect(claims.app_metadata).toMatchObject({
      tenant_id: claimsOf(owner.access_token).app_metadata.tenant_id,
      tenant_role: 'MANAGER',
    });
    // Used once.
    await expectProblem(await app.request('/invitations/preview', jsonRequest('POST', { token })), 400);
  });

  it('lets an existing user accept and switch to the tenant, only for their own address', async () => {
    const { tokens: owner } = await signup(app);
    const existing = await signup(app);
    const stranger = await signup(app);
    const { token } = await invite(owner.access_token, existing.email);
    const mismatch = await app.request(
      '/invitations/accept',
      jsonRequest('POST', { token }, bearer(stranger.tokens.access_token)),
    );
    expect((await expectProblem(mismatch, 409)).type).toMatch(/invitation-email-mismatch$/);
    const ok = await app.request(
      '/invitations/accept',
      jsonRequest('POST', { token }, bearer(existing.tokens.access_token)),
    );
    expect(ok.status).toBe(200);
    const switched = await readJson(ok);
    expect(claimsOf(switched.access_token).app_metadata.tenant_id).toBe(
      claimsOf(owner.access_token).app_metadata.tenant_id,
    );
    const me = await readJson(await app.request('/me', { headers: bearer(switched.access_token) }));
    expect(me.tenants).toHaveLength(2);
  });

  it('refuses an invitation with a role above the inviter’s own, and a MEMBER inviting at all', async () => {
    const { tokens: owner } = await signup(app);
    const memberEmail = uniqueEmail('member');
    const { token } = await invite(owner.access_token, memberEmail, 'ADMIN');
    const adminUser = await signup(app, {
      email: memberEmail,
      invitation_token: token,
      tenant_name: undefined,
    });
    await expectProblem(
      await app.request(
        '/invitations',
        jsonRequest('POST', { email: uniqueEmail(), role: 'OWNER' }, bearer(adminUser.tokens.access_token)),
      ),
      403,
    );
    const plainEmail = uniqueEmail('plain');
    const { token: t2 } = await invite(owner.access_token, plainEmail, 'MEMBER');
    const plain = await signup(app, { email: plainEmail, invitation_token: t2, tenant_name: undefined });
    await expectProblem(
      await app.request(
        '/invitations',
        jsonRequest('POST', { email: uniqueEmail(), role: 'MEMBER' }, bearer(plain.tokens.access_token)),
      ),
      403,
    );
  });

  it('withdraws a pending invitation, after which it no longer works', async () => {
    const { tokens: owner } = await signup(app);
    const email = uniqueEmail();
    const { invitation, token } = await invite(owner.access_token, email);
    expect(
      (
        await app.request(`/invitations/${invitation.id}`, {
          method: 'DELETE',
          headers: bearer(owner.access_token),
        })
      ).status,
    ).toBe(204);
    await expectProblem(await app.request('/invitations/preview', jsonRequest('POST', { token })), 400);
  });
});

describe('members', () => {
  async function tenantWith(role: string) {
    const { tokens: owner } = await signup(app);
    const email = uniqueEmail(role.toLowerCase());
    const { token } = await invite(owner.access_token, email, role);
    const member = await signup(app, { email, invitation_token: token, tenant_name: undefined });
    return {
      owner: owner.access_token,
      member: member.tokens.access_token,
      memberId: claimsOf(member.tokens.access_token).sub,
    };
  }

  it('lists members with their roles', async () => {
    const t = await tenantWith('MEMBER');
    const list = await readJson(await app.request('/members', { headers: bearer(t.owner) }));
    expect(list.data.map((m: { role: string }) => m.role).sort()).toEqual(['MEMBER', 'OWNER']);
  });

  it('changes a role, and keeps at least one OWNER', async () => {
    const t = await tenantWith('MEMBER');
    const res = await app.request(
      `/members/${t.memberId}`,
      jsonRequest('PATCH', { role: 'MANAGER' }, bearer(t.owner)),
    );
    expect((await readJson(res)).role).toBe('MANAGER');
    const ownerId = claimsOf(t.owner).sub;
    const last = await app.request(
      `/members/${ownerId}`,
      jsonRequest('PATCH', { role: 'ADMIN' }, bearer(t.owner)),
    );
    expect((await expectProblem(last, 409)).type).toMatch(/last-owner$/);
  });

  it('removes a member, whose API keys stop working at once', async () => {
    const t = await tenantWith('MEMBER');
    const key = await readJson(
      await app.request(
        '/api-keys',
        jsonRequest('POST', { name: 'cli', permissions: ['contacts:read', 'tenant:read'] }, bearer(t.member)),
      ),
    );
    expect((await app.request('/me', { headers: bearer(key.key) })).status).toBe(200);
    expect(
      (await app.request(`/members/${t.memberId}`, { method: 'DELETE', headers: bearer(t.owner) })).status,
    ).toBe(204);
    await expectProblem(await app.request('/me', { headers: bearer(key.key) }), 401);
  });

  it('lets a member leave, but not the last owner', async () => {
    const t = await tenantWith('MEMBER');
    expect(
      (await app.request(`/members/${t.memberId}`, { method: 'DELETE', headers: bearer(t.member) })).status,
    ).toBe(204);
    await expectProblem(
      await app.request(`/members/${claimsOf(t.owner).sub}`, { method: 'DELETE', headers: bearer(t.owner) }),
      409,
    );
  });

  it('answers 404 for a member of another tenant, and changes nothing', async () => {
    const a = await tenantWith('MEMBER');
    const b = await tenantWith('MEMBER');
    await expectProblem(
      await app.request(`/members/${a.memberId}`, jsonRequest('PATCH', { role: 'ADMIN' }, bearer(b.owner))),
      404,
    );
    await expectProblem(
      await app.request(`/members/${a.memberId}`, { method: 'DELETE', headers: bearer(b.owner) }),
      404,
    );
    const { rows } = await admin.query('select role from platform.memberships where user_id = $1', [
      a.memberId,
    ]);
    expect(rows).toEqual([{ role: 'MEMBER' }]);
  });
});

describe('tenants', () => {
  it('creates a second tenant, switches between them, and updates settings with tenant:update', async () => {
    const { tokens } = await signup(app, { tenant_name: 'First Co' });
    const created = await app.request(
      '/tenants',
      jsonRequest(
        'POST',
        { name: 'Second Co', currency: 'USD', time_zone: 'America/New_York' },
        bearer(tokens.access_token),
      ),
    );
    expect(created.status).toBe(201);
    const second = await readJson(created);
    const secondTenant = claimsOf(second.access_token).app_metadata.tenant_id;
    expect(secondTenant).not.toBe(claimsOf(tokens.access_token).app_metadata.tenant_id);
    const back = await readJson(
      await app.request(
        '/tenants/switch',
        jsonRequest(
          'POST',
          { tenant_id: claimsOf(tokens.access_token).app_metadata.tenant_id },
          bearer(second.access_token),
        ),
      ),
    );
    const me = await readJson(await app.request('/me', { headers: bearer(back.access_token) }));
    expect(me.tenant.name).toBe('First Co');
    expect(me.tenants.map((t: { name: string }) => t.name).sort()).toEqual(['First Co', 'Second Co']);
    const updated = await app.request(
      '/tenant',
      jsonRequest('PATCH', { name: 'First Company', time_zone: 'Europe/Berlin' }, bearer(back.access_token)),
    );
    expect(await readJson(updated)).toMatchObject({ name: 'First Company', time_zone: 'Europe/Berlin' });
    await expectProblem(
      await app.request(
        '/tenant',
        jsonRequest('PATCH', { time_zone: 'Mars/Olympus' }, bearer(back.access_token)),
      ),
      422,
    );
  });

  it('answers 404 when switching to a tenant you do not belong to', async () => {
    const a = await signup(app);
    const b = await signup(app);
    await expectProblem(
      await app.request(
        '/tenants/switch',
        jsonRequest(
          'POST',
          { tenant_id: claimsOf(b.tokens.access_token).app_metadata.tenant_id },
          bearer(a.tokens.access_token),
        ),
      ),
      404,
    );
  });
});

describe('password reset and e-mail verification', () => {
  it('resets the password through the e-mailed link, once, signing every session out', async () => {
    const { email, tokens } = await signup(app);
    expect(
      (await app.request('/recover', jsonRequest('POST', { email }, { 'x-forwarded-for': randomIp() })))
        .status,
    ).toBe(202);
    const mail = await lastEmailTo(admin, email);
    expect(mail?.template).toBe('password_reset');
    const token = tokenFromEmail(mail!.text_body);
    const newPassword = 'a brand new passphrase';
    expect(
      (await app.request('/recover/confirm', jsonRequest('POST', { token, password: newPassword }))).status,
    ).toBe(204);
    await expectProblem(
      await app.request('/recover/confirm', jsonRequest('POST', { token, password: newPassword })),
      400,
    );
    await expectProblem(
      await app.request('/refresh', jsonRequest('POST', { refresh_token: tokens.refresh_token })),
      401,
    );
    await expectProblem(
      await app.request(
        '/login',
        jsonRequest('POST', { email, password: PASSWORD }, { 'x-forwarded-for': randomIp() }),
      ),
      401,
    );
    const ok = await app.request(
      '/login',
      jsonRequest('POST', { email, password: newPassword }, { 'x-forwarded-for': randomIp() }),
    );
    expect(ok.status).toBe(200);
  });

  it('answers 202 for an unknown address without sending anything', async () => {
    const email = uniqueEmail('nobody');
    expect(
      (await app.request('/recover', jsonRequest('POST', { email }, { 'x-forwarded-for': randomIp() })))
        .status,
    ).toBe(202);
    expect(await lastEmailTo(admin, email)).toBeUndefined();
  });

  it('confirms the address with the sign-up e-mail', async () => {
    const { email, tokens } = await signup(app);
    const token = tokenFromEmail((await lastEmailTo(admin, email))!.text_body);
    expect((await app.request('/verify-email/confirm', jsonRequest('POST', { token }))).status).toBe(204);
    const me = await readJson(await app.request('/me', { headers: bearer(tokens.access_token) }));
    expect(me.user.email_verified).toBe(true);
  });

  it('changes the password with the current one, signing other sessions out', async () => {
    const { email, tokens } = await signup(app);
    const other = await readJson(
      await app.request(
        '/login',
        jsonRequest('POST', { email, password: PASSWORD }, { 'x-forwarded-for': randomIp() }),
      ),
    );
    await expectProblem(
      await app.request(
        '/password',
        jsonRequest(
          'POST',
          { current_password: 'wrong one!', new_password: 'another passphrase' },
          bearer(tokens.access_token),
        ),
      ),
      422,
    );
    const ok = await app.request(
      '/password',
      jsonRequest(
        'POST',
        { current_password: PASSWORD, new_password: 'another passphrase' },
        bearer(tokens.access_token),
      ),
    );
    expect(ok.status).toBe(204);
    await expectProblem(
      await app.request('/refresh', jsonRequest('POST', { refresh_token: other.refresh_token })),
      401,
    );
    expect(
      (await app.request('/refresh', jsonRequest('POST', { refresh_token: tokens.refresh_token }))).status,
    ).toBe(200);
  });
});
