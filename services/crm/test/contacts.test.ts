import type { DB } from '@comptoir/db/schema/crm';
import {
  addMember,
  bearer,
  createTenant,
  signAccessToken,
  useAdminPool,
  useServicePool,
} from '@comptoir/testing/fixtures';
import { expectProblem, jsonRequest, readJson } from '@comptoir/testing/http';
import { DummyDriver, Kysely, PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler } from 'kysely';
import { describe, expect, it } from 'vitest';
import { listContactsQuery } from '../src/db/contacts.js';
import { useCrmService } from './helpers.js';

const admin = useAdminPool();
const { app } = useCrmService();
const crmLogin = useServicePool('crm', 1);

async function ownerToken() {
  const owner = await createTenant(admin);
  return { owner, token: await signAccessToken(owner) };
}

async function create(token: string, body: Record<string, unknown>) {
  const res = await app.request('/contacts', jsonRequest('POST', body, bearer(token)));
  expect(res.status, await res.clone().text()).toBe(201);
  return readJson(res);
}

describe('POST /contacts', () => {
  it('creates a contact in the caller’s tenant, with a Location header', async () => {
    const { owner, token } = await ownerToken();
    const res = await app.request(
      '/contacts',
      jsonRequest(
        'POST',
        {
          first_name: ' Ada ',
          last_name: 'Lovelace',
          emails: [{ address: 'ADA@Example.com' }],
          phones: [{ number: '06 12 34 56 78' }],
        },
        bearer(token),
      ),
    );
    expect(res.status).toBe(201);
    const contact = await readJson(res);
    expect(res.headers.get('location')).toBe(`/contacts/${contact.id}`);
    expect(contact).toMatchObject({
      first_name: 'Ada',
      last_name: 'Lovelace',
      display_name: 'Ada Lovelace',
      emails: [{ label: 'work', address: 'ada@example.com' }],
      // The tenant's default locale is fr-FR: a national number is read as French.
      phones: [{ label: 'mobile', number: '06 12 34 56 78', e164: '+33612345678' }],
      deleted_at: null,
    });
    const { rows } = await admin.query('select tenant_id, created_by from crm.contacts where id = $1', [
      contact.id,
    ]);
    expect(rows[0]).toEqual({ tenant_id: owner.tenantId, created_by: owner.userId });
  });

  it('stores hostile strings verbatim and safely', async () => {
    const { token } = await ownerToken();
    const name = `Robert'); DROP TABLE crm.contacts;-- $1 $$ 😀`;
    const contact = await create(token, { first_name: name, last_name: 'Ω≈ç√' });
    const read = await readJson(await app.request(`/contacts/${contact.id}`, { headers: bearer(token) }));
    expect(read.first_name).toBe(name);
    expect(read.last_name).toBe('Ω≈ç√');
  });

  it('writes an audit row with actor, tenant, entity and the new values', async () => {
    const { owner, token } = await ownerToken();
    const contact = await create(token, { first_name: 'Grace', last_name: 'Hopper' });
    const { rows } = await admin.query(
      `select tenant_id, actor_id, actor_type, action, entity_type, after ->> 'last_name' as last_name, request_id
       from platform.audit_log where entity_id = $1`,
      [contact.id],
    );
    expect(rows).toEqual([
      {
        tenant_id: owner.tenantId,
        actor_id: owner.userId,
        actor_type: 'user',
        action: 'create',
        entity_type: 'crm.contacts',
        last_name: 'Hopper',
        request_id: expect.any(String),
      },
    ]);
  });
});

describe('GET /contacts', () => {
  it('pages newest first with an opaque cursor, without repeating or skipping rows', async () => {
    const { token } = await ownerToken();
    const created: string[] = [];
    for (let i = 0; i < 7; i++)
      created.push((await create(token, { first_name: `P${i}`, last_name: 'Page' })).id);
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const url: string = `/contacts?limit=3${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const page = await readJson(await app.request(url, { headers: bearer(token) }));
      seen.push(...page.data.map((c: { id: string }) => c.id));
      cursor = page.next_cursor;
      pages++;
    } while (cursor && pages < 10);
    expect(pages).toBe(3);
    expect(seen).toEqual([...created].reverse());
  });

  it('answers an empty page for a tenant without contacts', async () => {
    const { token } = await ownerToken();
    expect(await readJson(await app.request('/contacts', { headers: bearer(token) }))).toEqual({
      data: [],
      next_cursor: null,
    });
  });

  it('rejects a forged cursor and an out-of-range limit with 422', async () => {
    const { token } = await ownerToken();
    const bad = await expectProblem(
      await app.request('/contacts?cursor=not-a-cursor', { headers: bearer(token) }),
      422,
    );
    expect(bad.errors?.[0]?.pointer).toBe('#/query/cursor');
    const limit = await expectProblem(
      await app.request('/contacts?limit=1000', { headers: bearer(token) }),
      422,
    );
    expect(limit.errors?.[0]?.pointer).toBe('#/query/limit');
  });
});

describe('another tenant’s contact', () => {
  it('is 404 for read, update, delete and restore, and nothing changes', async () => {
    const a = await ownerToken();
    const b = await ownerToken();
    const contact = await create(a.token, {
      first_name: 'Only',
      last_name: 'Mine',
      emails: [{ address: 'mine@example.com' }],
    });
    const before = (await admin.query('select * from crm.contacts where id = $1', [contact.id])).rows[0];
    const auditBefore = (
      await admin.query('select count(*)::int as n from platform.audit_log where entity_id = $1', [
        contact.id,
      ])
    ).rows[0].n;

    await expectProblem(await app.request(`/contacts/${contact.id}`, { headers: bearer(b.token) }), 404);
    await expectProblem(
      await app.request(
        `/contacts/${contact.id}`,
        jsonRequest('PATCH', { first_name: 'Stolen' }, bearer(b.token)),
      ),
      404,
    );
    await expectProblem(
      await app.request(`/contacts/${contact.id}`, { method: 'DELETE', headers: bearer(b.token) }),
      404,
    );
    await expectProblem(
      await app.request(`/contacts/${contact.id}/restore`, { method: 'POST', headers: bearer(b.token) }),
      404,
    );
    const list = await readJson(await app.request('/contacts', { headers: bearer(b.token) }));
    expect(list.data.map((c: { id: string }) => c.id)).not.toContain(contact.id);

    const after = (await admin.query('select * from crm.contacts where id = $1', [contact.id])).rows[0];
    expect(after).toEqual(before);
    const auditAfter = (
      await admin.query('select count(*)::int as n from platform.audit_log where entity_id = $1', [
        contact.id,
      ])
    ).rows[0].n;
    expect(auditAfter).toBe(auditBefore);
  });
});

describe('PATCH /contacts/{id}', () => {
  it('updates given fields and audits before and after', async () => {
    const { token } = await ownerToken();
    const contact = await create(token, { first_name: 'Alan', last_name: 'Turing' });
    const res = await app.request(
      `/contacts/${contact.id}`,
      jsonRequest('PATCH', { phones: [{ label: 'work', number: '+44 20 7946 0958' }] }, bearer(token)),
    );
    expect(res.status).toBe(200);
    expect((await readJson(res)).phones).toEqual([
      { label: 'work', number: '+44 20 7946 0958', e164: '+442079460958' },
    ]);
    const { rows } = await admin.query(
      `select before -> 'phones' as before, after -> 'phones' -> 0 ->> 'e164' as after from platform.audit_log
       where entity_id = $1 and action = 'update'`,
      [contact.id],
    );
    expect(rows).toEqual([{ before: [], after: '+442079460958' }]);
  });

  it('refuses an empty update with 422', async () => {
    const { token } = await ownerToken();
    const contact = await create(token, { first_name: 'Empty' });
    await expectProblem(
      await app.request(`/contacts/${contact.id}`, jsonRequest('PATCH', {}, bearer(token))),
      422,
    );
  });
});

describe('soft delete', () => {
  it('moves to the trash, lists it there, restores it, and audits delete and restore', async () => {
    const { token } = await ownerToken();
    const contact = await create(token, { first_name: 'Trash', last_name: 'Me' });
    expect(
      (await app.request(`/contacts/${contact.id}`, { method: 'DELETE', headers: bearer(token) })).status,
    ).toBe(204);
    await expectProblem(await app.request(`/contacts/${contact.id}`, { headers: bearer(token) }), 404);
    const trash = await readJson(await app.request('/contacts?deleted=only', { headers: bearer(token) }));
    expect(trash.data.map((c: { id: string }) => c.id)).toEqual([contact.id]);
    const restored = await app.request(`/contacts/${contact.id}/restore`, {
      method: 'POST',
      headers: bearer(token),
    });
    expect(restored.status).toBe(200);
    expect((await readJson(restored)).deleted_at).toBeNull();
    const { rows } = await admin.query(
      `select action from platform.audit_log where entity_id = $1 order by id`,
      [contact.id],
    );
    expect(rows.map((r) => r.action)).toEqual(['create', 'delete', 'restore']);
  });

  it('purges rows deleted longer than the retention, through the service login role, and audits the purge', async () => {
    const { owner, token } = await ownerToken();
    const old = await create(token, { first_name: 'Old' });
    const recent = await create(token, { first_name: 'Recent' });
    await app.request(`/contacts/${old.id}`, { method: 'DELETE', headers: bearer(token) });
    await app.request(`/contacts/${recent.id}`, { method: 'DELETE', headers: bearer(token) });
    await admin.query(`update crm.contacts set deleted_at = now() - interval '40 days' where id = $1`, [
      old.id,
    ]);
    // The nightly maintenance job runs exactly this, as the service's login role.
    const { rows } = await crmLogin.query(`select private.purge_soft_deleted('30 days') as n`);
    expect(Number(rows[0].n)).toBeGreaterThanOrEqual(1);
    const left = await admin.query('select id from crm.contacts where tenant_id = $1', [owner.tenantId]);
    expect(left.rows.map((r) => r.id)).toEqual([recent.id]);
    const purge = await admin.query(
      `select actor_type from platform.audit_log where entity_id = $1 and action = 'purge'`,
      [old.id],
    );
    expect(purge.rows).toEqual([{ actor_type: 'system' }]);
  });
});

describe('permissions', () => {
  it('lets a MEMBER create and edit but not delete (403), and a MANAGER delete', async () => {
    const owner = await createTenant(admin);
    const member = await addMember(admin, owner.tenantId, 'MEMBER');
    const manager = await addMember(admin, owner.tenantId, 'MANAGER');
    const memberToken = await signAccessToken(member);
    const contact = await create(memberToken, { first_name: 'By', last_name: 'Member' });
    const refused = await expectProblem(
      await app.request(`/contacts/${contact.id}`, { method: 'DELETE', headers: bearer(memberToken) }),
      403,
    );
    expect(refused.permission).toBe('contacts:delete');
    const managerToken = await signAccessToken(manager);
    expect(
      (await app.request(`/contacts/${contact.id}`, { method: 'DELETE', headers: bearer(managerToken) }))
        .status,
    ).toBe(204);
  });

  it('lets a CLIENT read but not create', async () => {
    const owner = await createTenant(admin);
    const client = await signAccessToken(await addMember(admin, owner.tenantId, 'CLIENT'));
    expect((await app.request('/contacts', { headers: bearer(client) })).status).toBe(200);
    await expectProblem(
      await app.request('/contacts', jsonRequest('POST', { first_name: 'No' }, bearer(client))),
      403,
    );
  });
});

describe('list query plan', () => {
  it('reads a page from the (tenant_id, created_at, id) index, without sorting the tenant', async () => {
    const { owner } = await ownerToken();
    await admin.query(
      `insert into crm.contacts (tenant_id, first_name, created_at)
       select $1, 'Bulk ' || n, now() - (n || ' minutes')::interval from generate_series(1, 3000) n`,
      [owner.tenantId],
    );
    await admin.query('analyze crm.contacts');
    // A Kysely that only compiles, to get the exact statement the route runs.
    const compiler = new Kysely<DB>({
      dialect: {
        createAdapter: () => new PostgresAdapter(),
        createDriver: () => new DummyDriver(),
        createIntrospector: (db) => new PostgresIntrospector(db),
        createQueryCompiler: () => new PostgresQueryCompiler(),
      },
    });
    const compiled = listContactsQuery(compiler, { limit: 20, deleted: 'exclude' }).compile();
    const client = await admin.connect();
    try {
      await client.query('begin');
      await client.query(
        `select set_config('request.jwt.claims', $1, true), set_config('role', 'crm_authenticated', true)`,
        [
          JSON.stringify({
            sub: owner.userId,
            app_metadata: { tenant_id: owner.tenantId, tenant_role: 'OWNER' },
          }),
        ],
      );
      const { rows } = await client.query(`explain (format json) ${compiled.sql}`, [...compiled.parameters]);
      const plan = JSON.stringify(rows[0]['QUERY PLAN']);
      expect(plan).toContain('contacts_tenant_id_created_at_idx');
      expect(plan).not.toContain('"Node Type":"Sort"');
    } finally {
      await client.query('rollback');
      client.release();
    }
  });
});
