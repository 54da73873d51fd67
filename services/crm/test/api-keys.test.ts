/**
 * API keys end to end: minted by the auth API, used on the CRM API (verification through
 * `private.verify_api_key` with the CRM's own login role), scoped and revocable.
 */
import { createHash } from 'node:crypto';
import { bearer, useAdminPool } from '@comptoir/testing/fixtures';
import { expectProblem, jsonRequest, readJson } from '@comptoir/testing/http';
import { describe, expect, it } from 'vitest';
import { signup, useAuthService } from '../../auth/test/helpers.js';
import { useCrmService } from './helpers.js';

const admin = useAdminPool();
const { service: auth } = await useAuthService();
const { app: crm } = useCrmService();

async function keyFor(accessToken: string, permissions: string[]) {
  const res = await auth.app.request(
    '/api-keys',
    jsonRequest('POST', { name: 'script', permissions }, bearer(accessToken)),
  );
  expect(res.status, await res.clone().text()).toBe(201);
  return readJson(res);
}

describe('API keys', () => {
  it('are shown once, stored as a hash, and work on another service as their owner', async () => {
    const { tokens } = await signup(auth.app);
    const created = await keyFor(tokens.access_token, ['contacts:read', 'contacts:create']);
    expect(created.key).toMatch(/^cpt_[A-Za-z0-9]{12}_[A-Za-z0-9_-]{43}$/);
    const list = await readJson(
      await auth.app.request('/api-keys', { headers: bearer(tokens.access_token) }),
    );
    expect(JSON.stringify(list)).not.toContain(created.key.split('_')[2]);
    const { rows } = await admin.query('select key_hash from platform.api_keys where id = $1', [created.id]);
    expect(rows[0].key_hash).toBe(createHash('sha256').update(created.key.split('_')[2]).digest('hex'));

    const res = await crm.request(
      '/contacts',
      jsonRequest('POST', { first_name: 'Via', last_name: 'Key' }, { 'x-api-key': created.key }),
    );
    expect(res.status).toBe(201);
    const contact = await readJson(res);
    const audit = await admin.query(
      'select actor_type, api_key_id from platform.audit_log where entity_id = $1',
      [contact.id],
    );
    expect(audit.rows).toEqual([{ actor_type: 'api_key', api_key_id: created.id }]);
    expect((await crm.request('/contacts', { headers: bearer(created.key) })).status).toBe(200);
  });

  it('are limited to their permissions (403 beyond them)', async () => {
    const { tokens } = await signup(auth.app);
    const readOnly = await keyFor(tokens.access_token, ['contacts:read']);
    expect((await crm.request('/contacts', { headers: bearer(readOnly.key) })).status).toBe(200);
    await expectProblem(
      await crm.request('/contacts', jsonRequest('POST', { first_name: 'No' }, bearer(readOnly.key))),
      403,
    );
  });

  it('cannot hold a permission their creator lacks, nor unknown ones', async () => {
    const { tokens } = await signup(auth.app);
    const bad = await auth.app.request(
      '/api-keys',
      jsonRequest(
        'POST',
        { name: 'x', permissions: ['contacts:read', 'root:everything'] },
        bearer(tokens.access_token),
      ),
    );
    expect((await expectProblem(bad, 422)).errors?.[0]?.pointer).toBe('#/permissions/1');
  });

  it('stop working once revoked', async () => {
    const { tokens } = await signup(auth.app);
    const key = await keyFor(tokens.access_token, ['contacts:read']);
    expect(
      (
        await auth.app.request(`/api-keys/${key.id}`, {
          method: 'DELETE',
          headers: bearer(tokens.access_token),
        })
      ).status,
    ).toBe(204);
    await expectProblem(await crm.request('/contacts', { headers: bearer(key.key) }), 401);
  });

  it('see only their own tenant, and cannot be revoked from another tenant', async () => {
    const a = await signup(auth.app);
    const b = await signup(auth.app);
    const keyA = await keyFor(a.tokens.access_token, ['contacts:read', 'contacts:create']);
    const keyB = await keyFor(b.tokens.access_token, ['contacts:read']);
    const contact = await readJson(
      await crm.request('/contacts', jsonRequest('POST', { first_name: 'A only' }, bearer(keyA.key))),
    );
    await expectProblem(await crm.request(`/contacts/${contact.id}`, { headers: bearer(keyB.key) }), 404);
    await expectProblem(
      await auth.app.request(`/api-keys/${keyA.id}`, {
        method: 'DELETE',
        headers: bearer(b.tokens.access_token),
      }),
      404,
    );
    expect((await crm.request('/contacts', { headers: bearer(keyA.key) })).status).toBe(200);
  });

  it('refuse a malformed or unknown key with 401', async () => {
    await expectProblem(await crm.request('/contacts', { headers: { 'x-api-key': 'cpt_nope' } }), 401);
    await expectProblem(
      await crm.request('/contacts', { headers: { 'x-api-key': `cpt_${'A'.repeat(12)}_${'b'.repeat(43)}` } }),
      401,
    );
  });
});
