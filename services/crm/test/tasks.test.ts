/**
 * Tasks through the real HTTP handlers, on the run's PostgreSQL: the "mine", "overdue" and "all"
 * views sorted by due time with pages, status transitions and `completed_at`, references,
 * permissions and tenant isolation.
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

async function tenant() {
  const owner = await createTenant(admin);
  return { owner, token: await signAccessToken(owner) };
}

const create = (token: string, body: Record<string, unknown>) => ok(send('POST', '/tasks', token, body), 201);

const hoursFromNow = (hours: number) => new Date(Date.now() + hours * 3_600_000).toISOString();

/** Every page of a list, following cursors. */
async function all(path: string, token: string, limit: number) {
  const seen: any[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const sep = path.includes('?') ? '&' : '?';
    const url: string = `${path}${sep}limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const page = await ok(get(url, token));
    seen.push(...page.data);
    cursor = page.next_cursor;
    pages++;
  } while (cursor && pages < 50);
  return { seen, pages };
}

describe('POST /tasks', () => {
  it('creates an open, normal-priority task by default, with a Location header', async () => {
    const { owner, token } = await tenant();
    const res = await send('POST', '/tasks', token, { title: ' Call back ', assignee_id: owner.userId });
    const task = await ok(res, 201);
    expect(res.headers.get('location')).toBe(`/tasks/${task.id}`);
    expect(task).toMatchObject({
      title: 'Call back',
      status: 'open',
      priority: 'normal',
      assignee_id: owner.userId,
      due_at: null,
      overdue: false,
      completed_at: null,
      created_by: owner.userId,
    });
    expect(await ok(get(`/tasks/${task.id}`, token))).toEqual(task);
  });

  it('links a task to a deal and a contact of the tenant, and refuses those of another tenant (422)', async () => {
    const a = await tenant();
    const b = await tenant();
    const deal = (await ok(send('POST', '/deals', a.token, { title: 'Deal' }), 201)).id;
    const task = await create(a.token, {
      title: 'Send quote',
      deal_id: deal,
      due_at: '2026-12-01T09:00:00+01:00',
    });
    expect(task).toMatchObject({ deal_id: deal, due_at: '2026-12-01T08:00:00.000000Z' });
    const foreignContact = (
      await admin.query(`insert into crm.contacts (tenant_id, first_name) values ($1, 'Bob') returning id`, [
        b.owner.tenantId,
      ])
    ).rows[0].id;
    const problem = await expectProblem(
      await send('POST', '/tasks', a.token, {
        title: 'X',
        assignee_id: b.owner.userId,
        contact_id: foreignContact,
        company_id: randomUUID(),
      }),
      422,
    );
    expect(problem.errors?.map((e) => e.pointer).sort()).toEqual([
      '#/assignee_id',
      '#/company_id',
      '#/contact_id',
    ]);
    const { rows } = await admin.query('select count(*)::int as n from crm.tasks where tenant_id = $1', [
      a.owner.tenantId,
    ]);
    expect(rows[0].n).toBe(1);
  });

  it('refuses unknown fields, wrong types and unknown statuses with 422', async () => {
    const { owner, token } = await tenant();
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ title: 'X', zz: 1 }, '#/zz'],
      [{ title: 'X', tenant_id: owner.tenantId }, '#/tenant_id'],
      [{ title: 'X', completed_at: '2026-01-01T00:00:00Z' }, '#/completed_at'],
      [{ title: 7 }, '#/title'],
      [{ title: '' }, '#/title'],
      [{ title: 'X', status: 'closed' }, '#/status'],
      [{ title: 'X', priority: 'critical' }, '#/priority'],
      [{ title: 'X', due_at: 'tomorrow' }, '#/due_at'],
      [{ title: 'X', assignee_id: 42 }, '#/assignee_id'],
    ];
    for (const [body, pointer] of cases) {
      const problem = await expectProblem(await send('POST', '/tasks', token, body), 422);
      expect(
        problem.errors?.map((e) => e.pointer),
        JSON.stringify(body),
      ).toContain(pointer);
    }
  });

  it('is refused to a CLIENT (403)', async () => {
    const { owner } = await tenant();
    const client = await signAccessToken(await addMember(admin, owner.tenantId, 'CLIENT'));
    await expectProblem(await send('POST', '/tasks', client, { title: 'Mine' }), 403);
  });
});

describe('PATCH /tasks/{id}', () => {
  it('sets completed_at when done and clears it when reopened', async () => {
    const { token } = await tenant();
    const task = await create(token, { title: 'Finish', due_at: hoursFromNow(-2) });
    expect(task.overdue).toBe(true);
    const started = await ok(send('PATCH', `/tasks/${task.id}`, token, { status: 'in_progress' }));
    expect(started).toMatchObject({ status: 'in_progress', completed_at: null, overdue: true });
    const done = await ok(send('PATCH', `/tasks/${task.id}`, token, { status: 'done' }));
    expect(done).toMatchObject({ status: 'done', overdue: false });
    expect(done.completed_at).toMatch(/Z$/);
    const edited = await ok(send('PATCH', `/tasks/${task.id}`, token, { priority: 'high' }));
    expect(edited.completed_at).toBe(done.completed_at);
    const reopened = await ok(send('PATCH', `/tasks/${task.id}`, token, { status: 'open' }));
    expect(reopened).toMatchObject({ status: 'open', completed_at: null });
    const cancelled = await ok(
      send('PATCH', `/tasks/${task.id}`, token, { status: 'cancelled', due_at: null }),
    );
    expect(cancelled).toMatchObject({ status: 'cancelled', completed_at: null, due_at: null });
  });

  it('refuses an assignee outside the tenant and an empty change (422)', async () => {
    const a = await tenant();
    const b = await tenant();
    const task = await create(a.token, { title: 'Assign me' });
    const problem = await expectProblem(
      await send('PATCH', `/tasks/${task.id}`, a.token, { assignee_id: b.owner.userId }),
      422,
    );
    expect(problem.errors).toEqual([{ pointer: '#/assignee_id', detail: 'Not a member of this tenant' }]);
    await expectProblem(await send('PATCH', `/tasks/${task.id}`, a.token, {}), 422);
    const member = await addMember(admin, a.owner.tenantId, 'MEMBER');
    expect(
      (await ok(send('PATCH', `/tasks/${task.id}`, a.token, { assignee_id: member.userId }))).assignee_id,
    ).toBe(member.userId);
  });
});

describe('GET /tasks', () => {
  it('sorts by due time, soonest first, tasks without one last, and pages without gaps or repeats', async () => {
    const { token } = await tenant();
    const created: Array<{ id: string; due: string | null }> = [];
    for (const hours of [30, -5, 10, null, 10, -50, null, 2]) {
      const due = hours === null ? null : hoursFromNow(hours);
      created.push({ id: (await create(token, { title: `T${hours}`, due_at: due })).id, due });
    }
    const expected = [...created]
      .sort((x, y) => {
        if (x.due === null || y.due === null)
          return x.due === y.due ? (x.id < y.id ? -1 : 1) : x.due === null ? 1 : -1;
        return x.due === y.due ? (x.id < y.id ? -1 : 1) : Date.parse(x.due) - Date.parse(y.due);
      })
      .map((t) => t.id);
    for (const limit of [1, 3, 5]) {
      const { seen, pages } = await all('/tasks', token, limit);
      expect(
        seen.map((t) => t.id),
        `limit ${limit}`,
      ).toEqual(expected);
      expect(pages).toBe(Math.ceil(expected.length / limit));
    }
  });

  it('lists my tasks, overdue tasks (still open or in progress) and filters', async () => {
    const { owner, token } = await tenant();
    const member = await addMember(admin, owner.tenantId, 'MEMBER');
    const memberToken = await signAccessToken(member);
    const mineLate = await create(token, {
      title: 'mine late',
      assignee_id: owner.userId,
      due_at: hoursFromNow(-1),
    });
    const mineSoon = await create(token, {
      title: 'mine soon',
      assignee_id: owner.userId,
      due_at: hoursFromNow(5),
      priority: 'urgent',
    });
    const theirsLate = await create(token, {
      title: 'theirs late',
      assignee_id: member.userId,
      due_at: hoursFromNow(-3),
      status: 'in_progress',
    });
    await create(token, {
      title: 'done late',
      assignee_id: member.userId,
      due_at: hoursFromNow(-4),
      status: 'done',
    });
    await create(token, { title: 'cancelled late', due_at: hoursFromNow(-4), status: 'cancelled' });
    await create(token, { title: 'unassigned', priority: 'low' });
    const titles = async (query: string, as = token) =>
      (await ok(get(`/tasks?${query}`, as))).data.map((t: any) => t.title);

    expect(await titles('view=mine')).toEqual(['mine late', 'mine soon']);
    expect(await titles('view=mine', memberToken)).toEqual(['done late', 'theirs late']);
    expect(await titles('view=overdue')).toEqual(['theirs late', 'mine late']);
    expect(await titles(`view=overdue&assignee_id=${owner.userId}`)).toEqual(['mine late']);
    expect(await titles('status=done')).toEqual(['done late']);
    expect(await titles('priority=urgent')).toEqual(['mine soon']);
    expect((await titles('view=all')).length).toBe(6);
    const overdue = (await ok(get('/tasks?view=overdue', token))).data;
    expect(overdue.every((t: any) => t.overdue)).toBe(true);
    expect([mineLate.id, mineSoon.id, theirsLate.id]).toHaveLength(3);
    await expectProblem(await get('/tasks?view=theirs', token), 422);
    await expectProblem(await get('/tasks?view=mine&view=overdue', token), 422);
    await expectProblem(await get('/tasks?zz=1', token), 422);
    await expectProblem(await get('/tasks?cursor=nope', token), 422);
  });

  it('filters by deal and contact', async () => {
    const { owner, token } = await tenant();
    const deal = (await ok(send('POST', '/deals', token, { title: 'Deal' }), 201)).id;
    const contact = (
      await admin.query(`insert into crm.contacts (tenant_id, first_name) values ($1, 'Cy') returning id`, [
        owner.tenantId,
      ])
    ).rows[0].id;
    await create(token, { title: 'about the deal', deal_id: deal });
    await create(token, { title: 'about the contact', contact_id: contact });
    expect((await ok(get(`/tasks?deal_id=${deal}`, token))).data.map((t: any) => t.title)).toEqual([
      'about the deal',
    ]);
    expect((await ok(get(`/tasks?contact_id=${contact}`, token))).data.map((t: any) => t.title)).toEqual([
      'about the contact',
    ]);
  });

  it('shows a CLIENT the tasks assigned to them only', async () => {
    const { owner, token } = await tenant();
    const client = await addMember(admin, owner.tenantId, 'CLIENT');
    const clientToken = await signAccessToken(client);
    await create(token, { title: 'for the client', assignee_id: client.userId });
    await create(token, { title: 'internal' });
    expect((await ok(get('/tasks', clientToken))).data.map((t: any) => t.title)).toEqual(['for the client']);
    expect((await ok(get('/tasks?view=mine', clientToken))).data.map((t: any) => t.title)).toEqual([
      'for the client',
    ]);
  });
});

describe('DELETE /tasks/{id}', () => {
  it('trashes a task for managers; a MEMBER gets 403', async () => {
    const { owner, token } = await tenant();
    const task = await create(token, { title: 'Bin me' });
    const member = await signAccessToken(await addMember(admin, owner.tenantId, 'MEMBER'));
    await expectProblem(await send('DELETE', `/tasks/${task.id}`, member), 403);
    const manager = await signAccessToken(await addMember(admin, owner.tenantId, 'MANAGER'));
    await ok(send('DELETE', `/tasks/${task.id}`, manager), 204);
    await expectProblem(await get(`/tasks/${task.id}`, token), 404);
    await expectProblem(await send('PATCH', `/tasks/${task.id}`, token, { title: 'Back?' }), 404);
    expect((await ok(get('/tasks', token))).data).toEqual([]);
  });
});

describe('another tenant’s task', () => {
  it('is 404 for read, update and delete, hidden from lists, and nothing changes', async () => {
    const a = await tenant();
    const b = await tenant();
    const task = await create(a.token, {
      title: 'Private',
      assignee_id: a.owner.userId,
      due_at: hoursFromNow(-1),
    });
    const before = (await admin.query('select * from crm.tasks where id = $1', [task.id])).rows;

    await expectProblem(await get(`/tasks/${task.id}`, b.token), 404);
    await expectProblem(await send('PATCH', `/tasks/${task.id}`, b.token, { status: 'done' }), 404);
    await expectProblem(
      await send('PATCH', `/tasks/${task.id}`, b.token, { assignee_id: b.owner.userId }),
      404,
    );
    await expectProblem(await send('DELETE', `/tasks/${task.id}`, b.token), 404);
    expect((await ok(get('/tasks?view=overdue', b.token))).data).toEqual([]);

    expect((await admin.query('select * from crm.tasks where id = $1', [task.id])).rows).toEqual(before);
  });
});
