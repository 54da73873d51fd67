/**
 * Likely duplicates (same e-mail, same phone, similar name) and merging two contacts through the
 * API: lists united, linked records moved, the duplicate trashed, one audit row.
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

async function create(token: string, body: Record<string, unknown>) {
  const res = await app.request('/contacts', jsonRequest('POST', body, bearer(token)));
  expect(res.status, await res.clone().text()).toBe(201);
  return readJson(res);
}

describe('duplicate detection', () => {
  it('pairs contacts sharing an e-mail (any case), a phone in any format, or a similar name', async () => {
    const { token } = await tenant();
    const a = await create(token, {
      first_name: 'Jean',
      last_name: 'Dupont',
      emails: [{ address: 'JEAN@dupont.fr' }],
    });
    const b = await create(token, {
      first_name: 'J.',
      last_name: 'D.',
      emails: [{ label: 'home', address: 'jean@dupont.fr' }],
    });
    const c = await create(token, {
      first_name: 'Paul',
      last_name: 'Durand',
      phones: [{ number: '06 11 22 33 44' }],
    });
    const d = await create(token, { first_name: 'P', last_name: 'D', phones: [{ number: '+33611223344' }] });
    const e = await create(token, { first_name: 'Stéphanie', last_name: 'Lefèvre' });
    const f = await create(token, { first_name: 'Stephanie', last_name: 'Lefevre' });
    await create(token, { first_name: 'Someone', last_name: 'Else' });

    const page = await readJson(
      await app.request('/contacts/duplicates?limit=50', { headers: bearer(token) }),
    );
    const pairs = page.data.map(
      (p: { contact: { id: string }; duplicate: { id: string }; reasons: string[] }) => ({
        ids: [p.contact.id, p.duplicate.id].sort().join(),
        reasons: p.reasons,
      }),
    );
    expect(pairs).toEqual(
      expect.arrayContaining([
        { ids: [a.id, b.id].sort().join(), reasons: ['same_email'] },
        { ids: [c.id, d.id].sort().join(), reasons: ['same_phone'] },
        { ids: [e.id, f.id].sort().join(), reasons: ['similar_name'] },
      ]),
    );
    expect(pairs).toHaveLength(3);
    const ofA = await readJson(await app.request(`/contacts/${a.id}/duplicates`, { headers: bearer(token) }));
    expect(ofA.data.map((p: { duplicate: { id: string } }) => p.duplicate.id)).toEqual([b.id]);
  });

  it('pages pairs without repeats', async () => {
    const { token } = await tenant();
    for (let i = 0; i < 4; i++)
      await create(token, {
        first_name: 'Twin',
        last_name: `Number${i}`,
        emails: [{ address: 'twin@example.com' }],
      });
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const url: string = `/contacts/duplicates?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const page = await readJson(await app.request(url, { headers: bearer(token) }));
      seen.push(
        ...page.data.map(
          (p: { contact: { id: string }; duplicate: { id: string } }) => `${p.contact.id}/${p.duplicate.id}`,
        ),
      );
      cursor = page.next_cursor;
    } while (cursor);
    expect(seen).toHaveLength(6); // 4 contacts sharing an address: C(4,2) pairs
    expect(new Set(seen).size).toBe(6);
  });

  it('never pairs with another tenant’s contacts', async () => {
    const a = await tenant();
    const b = await tenant();
    await create(a.token, {
      first_name: 'Shared',
      last_name: 'Address',
      emails: [{ address: 'same@example.com' }],
    });
    await create(b.token, {
      first_name: 'Shared',
      last_name: 'Address',
      emails: [{ address: 'same@example.com' }],
    });
    expect(
      (await readJson(await app.request('/contacts/duplicates', { headers: bearer(a.token) }))).data,
    ).toEqual([]);
  });
});

describe('POST /contacts/{id}/merge', () => {
  it('unites the lists, moves activities, deals and tasks, trashes the duplicate and audits once', async () => {
    const { owner, token } = await tenant();
    const survivor = await create(token, {
      first_name: 'Jean',
      last_name: 'Dupont',
      emails: [{ address: 'jean@dupont.fr' }],
      tags: ['vip'],
    });
    const duplicate = await create(token, {
      first_name: 'Jean',
      last_name: 'Dupond',
      job_title: 'Gérant',
      emails: [{ address: 'JEAN@dupont.fr' }, { label: 'home', address: 'jd@maison.fr' }],
      phones: [{ number: '06 12 34 56 78' }],
      tags: ['newsletter'],
    });
    await admin.query(
      `insert into crm.activities (tenant_id, type, subject, contact_id) values ($1, 'call', 'Call', $2)`,
      [owner.tenantId, duplicate.id],
    );
    await admin.query(`insert into crm.tasks (tenant_id, title, contact_id) values ($1, 'Follow up', $2)`, [
      owner.tenantId,
      duplicate.id,
    ]);

    const res = await app.request(
      `/contacts/${survivor.id}/merge`,
      jsonRequest('POST', { duplicate_id: duplicate.id }, bearer(token)),
    );
    expect(res.status, await res.clone().text()).toBe(200);
    const merged = await readJson(res);
    expect(merged).toMatchObject({
      id: survivor.id,
      last_name: 'Dupont',
      job_title: 'Gérant',
      emails: [
        { label: 'work', address: 'jean@dupont.fr' },
        { label: 'home', address: 'jd@maison.fr' },
      ],
      phones: [{ e164: '+33612345678' }],
      tags: ['vip', 'newsletter'],
    });
    await expectProblem(await app.request(`/contacts/${duplicate.id}`, { headers: bearer(token) }), 404);
    const moved = await admin.query(
      `select (select count(*)::int from crm.activities where contact_id = $1) as activities,
              (select count(*)::int from crm.tasks where contact_id = $1) as tasks,
              (select merged_into_id from crm.contacts where id = $2) as merged_into`,
      [survivor.id, duplicate.id],
    );
    expect(moved.rows[0]).toEqual({ activities: 1, tasks: 1, merged_into: survivor.id });
    const audit = await admin.query(
      `select actor_id, after ->> 'merged_from' as from_id from platform.audit_log where action = 'merge' and entity_id = $1`,
      [survivor.id],
    );
    expect(audit.rows).toEqual([{ actor_id: owner.userId, from_id: duplicate.id }]);
    // A merged contact cannot come back from the trash on its own.
    await expectProblem(
      await app.request(`/contacts/${duplicate.id}/restore`, { method: 'POST', headers: bearer(token) }),
      404,
    );
  });

  it('takes fields from the duplicate when asked', async () => {
    const { token } = await tenant();
    const survivor = await create(token, { first_name: 'Jon', last_name: 'Smith' });
    const duplicate = await create(token, { first_name: 'John', last_name: 'Smith' });
    const merged = await readJson(
      await app.request(
        `/contacts/${survivor.id}/merge`,
        jsonRequest('POST', { duplicate_id: duplicate.id, prefer_duplicate: ['first_name'] }, bearer(token)),
      ),
    );
    expect(merged.first_name).toBe('John');
  });

  it('answers 404 when either contact is another tenant’s, and changes nothing', async () => {
    const a = await tenant();
    const b = await tenant();
    const mine = await create(a.token, { first_name: 'Mine' });
    const theirs = await create(b.token, { first_name: 'Theirs' });
    await expectProblem(
      await app.request(
        `/contacts/${mine.id}/merge`,
        jsonRequest('POST', { duplicate_id: theirs.id }, bearer(a.token)),
      ),
      404,
    );
    const { rows } = await admin.query('select deleted_at from crm.contacts where id = $1', [theirs.id]);
    expect(rows[0].deleted_at).toBeNull();
  });

  it('refuses merging a contact into itself (422) and needs contacts:merge (403 for a MEMBER)', async () => {
    const { owner, token } = await tenant();
    const one = await create(token, { first_name: 'One' });
    const two = await create(token, { first_name: 'Two' });
    await expectProblem(
      await app.request(
        `/contacts/${one.id}/merge`,
        jsonRequest('POST', { duplicate_id: one.id }, bearer(token)),
      ),
      422,
    );
    const member = await signAccessToken(await addMember(admin, owner.tenantId, 'MEMBER'));
    await expectProblem(
      await app.request(
        `/contacts/${one.id}/merge`,
        jsonRequest('POST', { duplicate_id: two.id }, bearer(member)),
      ),
      403,
    );
  });
});
