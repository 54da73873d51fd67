/**
 * Activities (the timeline) through the real HTTP handlers, on the run's PostgreSQL: recording
 * against visible records only, the timeline's order and pages, edits, trash, permissions and
 * tenant isolation.
 */
import { randomUUID } from 'node:crypto';
import { addMember, bearer, createTenant, signAccessToken, useAdminPool } from '@comptoir/testing/fixtures';
import { expectProblem, jsonRequest, readJson } from '@comptoir/testing/http';
import { describe, expect, it } from 'vitest';
import { useCrmService } from './helpers.js';

const admin = useAdminPool();
const { app } = useCrmService();

const get = (path: string, token: string) => app.request(path, { headers: bearer(token) });
const send = (method: string, path: string, token: string, body?: unknown) =>
  app.request(
    path,
    body === undefined ? { method, headers: bearer(token) } : jsonRequest(method, body, bearer(token)),
  );

async function ok(response: Response | Promise<Response>, status = 200) {
  const res = await response;
  expect(res.status, await res.clone().text()).toBe(status);
  return status === 204 ? null : readJson(res);
}

/** A tenant with a contact, a company and a deal (written with the admin pool: setup only). */
async function tenant() {
  const owner = await createTenant(admin);
  const token = await signAccessToken(owner);
  const contact = (
    await admin.query(
      `insert into crm.contacts (tenant_id, first_name, last_name) values ($1, 'Ada', 'Lovelace') returning id`,
      [owner.tenantId],
    )
  ).rows[0].id as string;
  const company = (
    await admin.query(
      `insert into crm.companies (tenant_id, name) values ($1, 'Analytical Engines') returning id`,
      [owner.tenantId],
    )
  ).rows[0].id as string;
  const deal = (await ok(send('POST', '/deals', token, { title: 'Engine' }), 201)).id as string;
  return { owner, token, contact, company, deal };
}

const record = (token: string, body: Record<string, unknown>) =>
  ok(send('POST', '/activities', token, body), 201);

describe('POST /activities', () => {
  it('records a call on a contact and a deal, occurring now by default', async () => {
    const t = await tenant();
    const before = Date.now();
    const res = await send('POST', '/activities', t.token, {
      type: 'call',
      subject: ' Discovery call ',
      body: 'Talked about\nthe engine.',
      duration_minutes: 30,
      contact_id: t.contact,
      deal_id: t.deal,
    });
    const activity = await ok(res, 201);
    expect(res.headers.get('location')).toBe(`/activities/${activity.id}`);
    expect(activity).toMatchObject({
      type: 'call',
      subject: 'Discovery call',
      body: 'Talked about\nthe engine.',
      duration_minutes: 30,
      contact_id: t.contact,
      company_id: null,
      deal_id: t.deal,
      created_by: t.owner.userId,
    });
    expect(Date.parse(activity.occurred_at)).toBeGreaterThanOrEqual(before - 5000);
    expect(activity.occurred_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/);
    expect(await ok(get(`/activities/${activity.id}`, t.token))).toEqual(activity);
  });

  it('stores occurred_at given with an offset as UTC', async () => {
    const t = await tenant();
    const activity = await record(t.token, {
      type: 'meeting',
      company_id: t.company,
      occurred_at: '2026-03-01T10:30:00+02:00',
    });
    expect(activity.occurred_at).toBe('2026-03-01T08:30:00.000000Z');
  });

  it('refuses records the tenant cannot see, and an activity attached to nothing, with 422', async () => {
    const t = await tenant();
    const b = await tenant();
    const foreign = await expectProblem(
      await send('POST', '/activities', t.token, {
        type: 'note',
        contact_id: b.contact,
        company_id: b.company,
        deal_id: b.deal,
      }),
      422,
    );
    expect(foreign.errors?.map((e) => e.pointer).sort()).toEqual([
      '#/company_id',
      '#/contact_id',
      '#/deal_id',
    ]);
    await admin.query('update crm.contacts set deleted_at = now() where id = $1', [t.contact]);
    const trashed = await expectProblem(
      await send('POST', '/activities', t.token, { type: 'note', contact_id: t.contact }),
      422,
    );
    expect(trashed.errors).toEqual([{ pointer: '#/contact_id', detail: 'No contact with this id' }]);
    const detached = await expectProblem(await send('POST', '/activities', t.token, { type: 'note' }), 422);
    expect(detached.errors?.[0]?.pointer).toBe('#/contact_id');
    const { rows } = await admin.query('select count(*)::int as n from crm.activities where tenant_id = $1', [
      t.owner.tenantId,
    ]);
    expect(rows[0].n).toBe(0);
  });

  it('refuses unknown fields, wrong types and out-of-range values with 422', async () => {
    const t = await tenant();
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ type: 'note', deal_id: t.deal, zz: 1 }, '#/zz'],
      [{ type: 'note', deal_id: t.deal, tenant_id: t.owner.tenantId }, '#/tenant_id'],
      [{ type: 'letter', deal_id: t.deal }, '#/type'],
      [{ type: 'call', deal_id: t.deal, duration_minutes: '30' }, '#/duration_minutes'],
      [{ type: 'call', deal_id: t.deal, duration_minutes: 10081 }, '#/duration_minutes'],
      [{ type: 'call', deal_id: t.deal, occurred_at: 'yesterday' }, '#/occurred_at'],
      [{ type: 'call', deal_id: 'not-a-uuid' }, '#/deal_id'],
    ];
    for (const [body, pointer] of cases) {
      const problem = await expectProblem(await send('POST', '/activities', t.token, body), 422);
      expect(
        problem.errors?.map((e) => e.pointer),
        JSON.stringify(body),
      ).toContain(pointer);
    }
  });

  it('is refused to a CLIENT (403)', async () => {
    const t = await tenant();
    const client = await signAccessToken(await addMember(admin, t.owner.tenantId, 'CLIENT'));
    await expectProblem(await send('POST', '/activities', client, { type: 'note', deal_id: t.deal }), 403);
  });
});

describe('GET /activities', () => {
  it('lists a record’s timeline newest first, page by page without gaps or repeats', async () => {
    const t = await tenant();
    const expected: string[] = [];
    for (let i = 0; i < 7; i++) {
      const occurred_at = new Date(Date.UTC(2026, 0, 1 + i, 9)).toISOString();
      expected.push(
        (await record(t.token, { type: 'note', subject: `N${i}`, contact_id: t.contact, occurred_at })).id,
      );
    }
    // Two at the same instant: the id breaks the tie, never dropping one.
    const same = '2026-01-04T12:00:00.000Z';
    const tie = [
      (await record(t.token, { type: 'email', contact_id: t.contact, occurred_at: same })).id,
      (await record(t.token, { type: 'email', contact_id: t.contact, occurred_at: same })).id,
    ];
    await record(t.token, { type: 'note', company_id: t.company });
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const url: string = `/activities?contact_id=${t.contact}&limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const page = await ok(get(url, t.token));
      seen.push(...page.data.map((a: any) => a.id));
      cursor = page.next_cursor;
      pages++;
    } while (cursor && pages < 20);
    expect(pages).toBe(5);
    expect(seen).toHaveLength(9);
    expect(new Set(seen).size).toBe(9);
    const reversed = [...expected].reverse();
    expect(seen.filter((id) => expected.includes(id))).toEqual(reversed);
    const tieIds = [...tie].sort().reverse();
    const tieAt = seen.indexOf(reversed[2]!) + 1; // N4, then the two at noon on the 4th
    expect(seen.slice(tieAt, tieAt + 2)).toEqual(tieIds);
  });

  it('filters by company, deal and type, all given filters applying together', async () => {
    const t = await tenant();
    await record(t.token, { type: 'note', subject: 'company note', company_id: t.company });
    await record(t.token, { type: 'call', subject: 'deal call', deal_id: t.deal, company_id: t.company });
    await record(t.token, { type: 'note', subject: 'deal note', deal_id: t.deal });
    const subjects = async (query: string) =>
      (await ok(get(`/activities?${query}`, t.token))).data.map((a: any) => a.subject).sort();
    expect(await subjects(`company_id=${t.company}`)).toEqual(['company note', 'deal call']);
    expect(await subjects(`deal_id=${t.deal}`)).toEqual(['deal call', 'deal note']);
    expect(await subjects(`deal_id=${t.deal}&type=note`)).toEqual(['deal note']);
    expect(await subjects(`deal_id=${t.deal}&company_id=${t.company}`)).toEqual(['deal call']);
  });

  it('requires contact_id, company_id or deal_id (422), and refuses unknown parameters', async () => {
    const t = await tenant();
    const problem = await expectProblem(await get('/activities', t.token), 422);
    expect(problem.errors?.[0]?.pointer).toBe('#/query/contact_id');
    await expectProblem(await get('/activities?type=note', t.token), 422);
    await expectProblem(await get(`/activities?deal_id=${t.deal}&zz=1`, t.token), 422);
    await expectProblem(await get(`/activities?deal_id=${t.deal}&cursor=nope`, t.token), 422);
  });

  it('shows a CLIENT only the timeline of records shared with them', async () => {
    const t = await tenant();
    const client = await addMember(admin, t.owner.tenantId, 'CLIENT');
    const clientToken = await signAccessToken(client);
    await record(t.token, { type: 'note', deal_id: t.deal });
    expect((await ok(get(`/activities?deal_id=${t.deal}`, clientToken))).data).toEqual([]);
    await admin.query(
      `insert into crm.shares (tenant_id, entity_type, entity_id, user_id) values ($1, 'deal', $2, $3)`,
      [t.owner.tenantId, t.deal, client.userId],
    );
    expect((await ok(get(`/activities?deal_id=${t.deal}`, clientToken))).data).toHaveLength(1);
  });
});

describe('PATCH /activities/{id}', () => {
  it('updates fields and attachments, but never leaves it attached to nothing', async () => {
    const t = await tenant();
    const activity = await record(t.token, { type: 'note', contact_id: t.contact });
    const updated = await ok(
      send('PATCH', `/activities/${activity.id}`, t.token, {
        type: 'meeting',
        subject: 'Lunch',
        duration_minutes: 90,
        company_id: t.company,
        contact_id: null,
      }),
    );
    expect(updated).toMatchObject({
      type: 'meeting',
      subject: 'Lunch',
      duration_minutes: 90,
      contact_id: null,
      company_id: t.company,
    });
    const detached = await expectProblem(
      await send('PATCH', `/activities/${activity.id}`, t.token, { company_id: null }),
      422,
    );
    expect(detached.errors?.[0]?.pointer).toBe('#/contact_id');
    const foreign = await expectProblem(
      await send('PATCH', `/activities/${activity.id}`, t.token, { deal_id: randomUUID() }),
      422,
    );
    expect(foreign.errors).toEqual([{ pointer: '#/deal_id', detail: 'No deal with this id' }]);
    await expectProblem(await send('PATCH', `/activities/${activity.id}`, t.token, {}), 422);
  });
});

describe('DELETE /activities/{id}', () => {
  it('trashes an activity for managers (it leaves the timeline); a MEMBER gets 403', async () => {
    const t = await tenant();
    const activity = await record(t.token, { type: 'note', deal_id: t.deal });
    const member = await signAccessToken(await addMember(admin, t.owner.tenantId, 'MEMBER'));
    await expectProblem(await send('DELETE', `/activities/${activity.id}`, member), 403);
    const manager = await signAccessToken(await addMember(admin, t.owner.tenantId, 'MANAGER'));
    await ok(send('DELETE', `/activities/${activity.id}`, manager), 204);
    await expectProblem(await get(`/activities/${activity.id}`, t.token), 404);
    expect((await ok(get(`/activities?deal_id=${t.deal}`, t.token))).data).toEqual([]);
    await expectProblem(await send('DELETE', `/activities/${activity.id}`, manager), 404);
  });
});

describe('another tenant’s activity', () => {
  it('is 404 for read, update and delete, hidden from the timeline, and nothing changes', async () => {
    const a = await tenant();
    const b = await tenant();
    const activity = await record(a.token, { type: 'note', subject: 'Private', contact_id: a.contact });
    const before = (await admin.query('select * from crm.activities where id = $1', [activity.id])).rows;

    await expectProblem(await get(`/activities/${activity.id}`, b.token), 404);
    await expectProblem(
      await send('PATCH', `/activities/${activity.id}`, b.token, { subject: 'Stolen' }),
      404,
    );
    await expectProblem(await send('DELETE', `/activities/${activity.id}`, b.token), 404);
    expect((await ok(get(`/activities?contact_id=${a.contact}`, b.token))).data).toEqual([]);

    expect((await admin.query('select * from crm.activities where id = $1', [activity.id])).rows).toEqual(
      before,
    );
  });
});
