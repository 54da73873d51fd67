/**
 * Companies, custom fields and sharing with CLIENT members.
 */
import { addMember, bearer, createTenant, signAccessToken, useAdminPool } from '@comptoir/testing/fixtures';
import { expectProblem, jsonRequest, readJson } from '@comptoir/testing/http';
import { describe, expect, it } from 'vitest';
import { useCrmService } from './helpers.js';

const admin = useAdminPool();
const { app } = useCrmService();

async function tenant() {
  const owner = await createTenant(admin);
  return { owner, token: await signAccessToken(owner) };
}

const post = async (token: string, path: string, body: unknown, status = 201) => {
  const res = await app.request(path, jsonRequest('POST', body, bearer(token)));
  expect(res.status, await res.clone().text()).toBe(status);
  return readJson(res);
};

describe('companies', () => {
  it('creates, lists with its contact count, updates and trashes a company', async () => {
    const { token } = await tenant();
    const company = await post(token, '/companies', {
      name: 'Atelier Nord',
      domain: 'Atelier-Nord.FR',
      phones: [{ label: 'work', number: '01 23 45 67 89' }],
    });
    expect(company).toMatchObject({
      name: 'Atelier Nord',
      domain: 'atelier-nord.fr',
      contact_count: 0,
      phones: [{ e164: '+33123456789' }],
    });
    await post(token, '/contacts', { first_name: 'Anna', company_id: company.id });
    const listed = await readJson(await app.request('/companies?q=nord', { headers: bearer(token) }));
    expect(listed.data).toHaveLength(1);
    expect(listed.data[0].contact_count).toBe(1);
    const renamed = await readJson(
      await app.request(
        `/companies/${company.id}`,
        jsonRequest('PATCH', { name: 'Atelier du Nord' }, bearer(token)),
      ),
    );
    expect(renamed.name).toBe('Atelier du Nord');
    // Contacts are found by their company's new name.
    const contacts = await readJson(
      await app.request('/contacts?q=atelier%20du%20nord', { headers: bearer(token) }),
    );
    expect(contacts.data.map((c: { company: { name: string } }) => c.company.name)).toEqual([
      'Atelier du Nord',
    ]);
    expect(
      (await app.request(`/companies/${company.id}`, { method: 'DELETE', headers: bearer(token) })).status,
    ).toBe(204);
    await expectProblem(await app.request(`/companies/${company.id}`, { headers: bearer(token) }), 404);
  });

  it('refuses linking a contact to another tenant’s company (422) and reads nothing across tenants (404)', async () => {
    const a = await tenant();
    const b = await tenant();
    const theirs = await post(b.token, '/companies', { name: 'Theirs' });
    const problem = await expectProblem(
      await app.request(
        '/contacts',
        jsonRequest('POST', { first_name: 'X', company_id: theirs.id }, bearer(a.token)),
      ),
      422,
    );
    expect(problem.errors?.[0]?.pointer).toBe('#/company_id');
    await expectProblem(await app.request(`/companies/${theirs.id}`, { headers: bearer(a.token) }), 404);
    await expectProblem(
      await app.request(`/companies/${theirs.id}`, jsonRequest('PATCH', { name: 'Stolen' }, bearer(a.token))),
      404,
    );
  });

  it('refuses an invalid phone number and an unknown owner, each with its pointer', async () => {
    const { token } = await tenant();
    const problem = await expectProblem(
      await app.request(
        '/companies',
        jsonRequest(
          'POST',
          {
            name: 'X',
            phones: [{ number: '123' }, { number: 'not a phone' }],
            owner_id: '00000000-0000-4000-8000-000000000000',
          },
          bearer(token),
        ),
      ),
      422,
    );
    expect(problem.errors?.map((e) => e.pointer).sort()).toEqual([
      '#/owner_id',
      '#/phones/0/number',
      '#/phones/1/number',
    ]);
  });
});

describe('custom fields', () => {
  it('validates values against the tenant’s definitions, field by field', async () => {
    const { owner, token } = await tenant();
    await post(token, '/custom-fields', {
      entity: 'contact',
      key: 'birthday',
      label: 'Birthday',
      type: 'date',
    });
    await post(token, '/custom-fields', {
      entity: 'contact',
      key: 'segment',
      label: 'Segment',
      type: 'select',
      options: ['A', 'B'],
      required: true,
    });
    await post(token, '/custom-fields', { entity: 'contact', key: 'score', label: 'Score', type: 'number' });

    const missing = await expectProblem(
      await app.request('/contacts', jsonRequest('POST', { first_name: 'X' }, bearer(token))),
      422,
    );
    expect(missing.errors).toEqual([{ pointer: '#/custom/segment', detail: 'Segment is required' }]);
    const wrong = await expectProblem(
      await app.request(
        '/contacts',
        jsonRequest(
          'POST',
          { first_name: 'X', custom: { segment: 'C', birthday: '21/11/2026', score: '10', unknown: 'x' } },
          bearer(token),
        ),
      ),
      422,
    );
    expect(wrong.errors?.map((e) => e.pointer).sort()).toEqual([
      '#/custom/birthday',
      '#/custom/score',
      '#/custom/segment',
      '#/custom/unknown',
    ]);
    const ok = await post(token, '/contacts', {
      first_name: 'X',
      custom: { segment: 'A', birthday: '1990-05-17', score: 12.5 },
    });
    expect(ok.custom).toEqual({ segment: 'A', birthday: '1990-05-17', score: 12.5 });
    // PATCH merges: null removes a key, other keys stay.
    const patched = await readJson(
      await app.request(
        `/contacts/${ok.id}`,
        jsonRequest('PATCH', { custom: { score: null, segment: 'B' } }, bearer(token)),
      ),
    );
    expect(patched.custom).toEqual({ segment: 'B', birthday: '1990-05-17' });
    // The database refuses what the API would: the trigger is the safety net.
    await expect(
      admin.query(
        `insert into crm.contacts (tenant_id, first_name, custom) values ($1, 'Y', '{"segment": "Z"}')`,
        [owner.tenantId],
      ),
    ).rejects.toMatchObject({ code: '23514' });
  });

  it('removes a field’s values with the field, and needs custom_fields:manage', async () => {
    const { owner, token } = await tenant();
    const field = await post(token, '/custom-fields', {
      entity: 'contact',
      key: 'vat',
      label: 'VAT',
      type: 'text',
    });
    const contact = await post(token, '/contacts', { first_name: 'V', custom: { vat: 'FR123' } });
    const member = await signAccessToken(await addMember(admin, owner.tenantId, 'MEMBER'));
    await expectProblem(
      await app.request(`/custom-fields/${field.id}`, { method: 'DELETE', headers: bearer(member) }),
      403,
    );
    expect(
      (await app.request(`/custom-fields/${field.id}`, { method: 'DELETE', headers: bearer(token) })).status,
    ).toBe(204);
    expect(
      (await readJson(await app.request(`/contacts/${contact.id}`, { headers: bearer(token) }))).custom,
    ).toEqual({});
  });
});

describe('sharing with CLIENT members', () => {
  it('shows a client only the records shared with them, enforced by the database', async () => {
    const { owner, token } = await tenant();
    const client = await addMember(admin, owner.tenantId, 'CLIENT');
    const clientToken = await signAccessToken(client);
    const shared = await post(token, '/contacts', { first_name: 'Shared' });
    const hidden = await post(token, '/contacts', { first_name: 'Hidden' });

    expect((await readJson(await app.request('/contacts', { headers: bearer(clientToken) }))).data).toEqual(
      [],
    );
    await post(token, '/shares', { entity_type: 'contact', entity_id: shared.id, user_id: client.userId });
    const seen = await readJson(await app.request('/contacts', { headers: bearer(clientToken) }));
    expect(seen.data.map((c: { id: string }) => c.id)).toEqual([shared.id]);
    await expectProblem(await app.request(`/contacts/${hidden.id}`, { headers: bearer(clientToken) }), 404);
    // Even with a write permission, the policies refuse a client's writes.
    await expectProblem(
      await app.request(
        `/contacts/${shared.id}`,
        jsonRequest('PATCH', { first_name: 'Changed' }, bearer(clientToken)),
      ),
      403,
    );

    const unshare = await app.request(
      '/shares',
      jsonRequest(
        'DELETE',
        { entity_type: 'contact', entity_id: shared.id, user_id: client.userId },
        bearer(token),
      ),
    );
    expect(unshare.status).toBe(204);
    expect((await readJson(await app.request('/contacts', { headers: bearer(clientToken) }))).data).toEqual(
      [],
    );
  });

  it('shares only with CLIENT members of the tenant, and only records of the tenant', async () => {
    const { owner, token } = await tenant();
    const staff = await addMember(admin, owner.tenantId, 'MEMBER');
    const contact = await post(token, '/contacts', { first_name: 'C' });
    const problem = await expectProblem(
      await app.request(
        '/shares',
        jsonRequest(
          'POST',
          { entity_type: 'contact', entity_id: contact.id, user_id: staff.userId },
          bearer(token),
        ),
      ),
      422,
    );
    expect(problem.errors?.[0]?.pointer).toBe('#/user_id');
    const other = await tenant();
    const theirs = await post(other.token, '/contacts', { first_name: 'T' });
    const client = await addMember(admin, owner.tenantId, 'CLIENT');
    await expectProblem(
      await app.request(
        '/shares',
        jsonRequest(
          'POST',
          { entity_type: 'contact', entity_id: theirs.id, user_id: client.userId },
          bearer(token),
        ),
      ),
      422,
    );
  });
});

describe('tenant settings', () => {
  it('reads phone numbers in the country of the tenant acted for, for a user of several tenants', async () => {
    const london = await createTenant(admin);
    await admin.query(`update platform.tenants set locale = 'en-GB' where id = $1`, [london.tenantId]);
    const paris = await createTenant(admin);
    await admin.query(
      `insert into platform.memberships (tenant_id, user_id, role) values ($1, $2, 'OWNER')`,
      [paris.tenantId, london.userId],
    );
    const asLondon = await signAccessToken(london);
    const contact = await post(asLondon, '/contacts', {
      first_name: 'Local',
      phones: [{ number: '020 7946 0958' }],
    });
    expect(contact.phones[0].e164).toBe('+442079460958');
    const asParis = await signAccessToken({ ...london, tenantId: paris.tenantId });
    const french = await post(asParis, '/contacts', {
      first_name: 'Local',
      phones: [{ number: '01 23 45 67 89' }],
    });
    expect(french.phones[0].e164).toBe('+33123456789');
  });
});
