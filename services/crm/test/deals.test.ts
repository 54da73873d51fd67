/**
 * Deals through the real HTTP handlers, on the run's PostgreSQL: defaults, validation of
 * references, the kanban board and its totals, moves and ranks, the `crm.deal.won` outbox event,
 * trash and restore, permissions (CLIENT sees shared deals only) and tenant isolation.
 */
import { randomUUID } from 'node:crypto';
import {
  addMember,
  bearer,
  createTenant,
  signAccessToken,
  type TestMember,
  useAdminPool,
} from '@comptoir/testing/fixtures';
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

/** A tenant with its default pipeline; stages by name. */
async function tenant() {
  const owner = await createTenant(admin);
  const token = await signAccessToken(owner);
  const [sales] = (await ok(get('/pipelines', token))).data;
  const stage = Object.fromEntries(sales.stages.map((s: any) => [s.name, s])) as Record<string, any>;
  return { owner, token, sales, stage };
}

type Tenant = Awaited<ReturnType<typeof tenant>>;

async function create(token: string, body: Record<string, unknown>) {
  return ok(send('POST', '/deals', token, body), 201);
}

const move = (t: { token: string }, id: string, body: Record<string, unknown>) =>
  ok(send('POST', `/deals/${id}/move`, t.token, body));

async function boardTitles(t: Tenant, stageName: string) {
  const board = await ok(get(`/pipelines/${t.sales.id}/board`, t.token));
  return board.columns
    .find((c: any) => c.stage.name === stageName)
    .deals.map((d: any) => d.title) as string[];
}

async function wonEvents(dealId: string) {
  const { rows } = await admin.query(
    `select payload from platform.outbox where event_type = 'crm.deal.won' and aggregate_id = $1 order by id`,
    [dealId],
  );
  return rows.map((r) => r.payload);
}

async function insertContact(tenantId: string) {
  const { rows } = await admin.query(
    `insert into crm.contacts (tenant_id, first_name, last_name) values ($1, 'Ada', 'Lovelace') returning id`,
    [tenantId],
  );
  return rows[0].id as string;
}

const memberToken = async (owner: TestMember, role: 'MANAGER' | 'MEMBER' | 'CLIENT') => {
  const member = await addMember(admin, owner.tenantId, role);
  return { member, token: await signAccessToken(member) };
};

describe('POST /deals', () => {
  it('defaults to the first open stage of the first pipeline, the tenant currency and the end of the stage', async () => {
    const t = await tenant();
    const res = await send('POST', '/deals', t.token, { title: ' Big order ', amount_minor: 125000 });
    const deal = await ok(res, 201);
    expect(res.headers.get('location')).toBe(`/deals/${deal.id}`);
    expect(deal).toMatchObject({
      title: 'Big order',
      pipeline_id: t.sales.id,
      stage_id: t.stage.Lead.id,
      status: 'open',
      amount_minor: 125000,
      currency: 'EUR',
      expected_close_date: null,
      won_at: null,
      created_by: t.owner.userId,
      deleted_at: null,
    });
    expect(deal.created_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/);
    const second = await create(t.token, {
      title: 'Second',
      currency: 'USD',
      expected_close_date: '2027-03-31',
    });
    expect(second).toMatchObject({ currency: 'USD', expected_close_date: '2027-03-31', amount_minor: 0 });
    expect(second.rank).toBeGreaterThan(deal.rank);
  });

  it('creates the default pipeline when the tenant has none yet', async () => {
    const owner = await createTenant(admin);
    const deal = await create(await signAccessToken(owner), { title: 'First ever' });
    const { rows } = await admin.query('select name from crm.stages where id = $1', [deal.stage_id]);
    expect(rows[0].name).toBe('Lead');
  });

  it('uses the tenant’s own currency when it has one', async () => {
    const t = await tenant();
    await admin.query(`update platform.tenants set currency = 'JPY' where id = $1`, [t.owner.tenantId]);
    expect((await create(t.token, { title: 'Yen' })).currency).toBe('JPY');
  });

  it('takes the currency of the tenant of the token for a user belonging to several tenants', async () => {
    const t = await tenant();
    const other = await createTenant(admin);
    await admin.query(`update platform.tenants set currency = 'CHF' where id = $1`, [other.tenantId]);
    await admin.query(
      `insert into platform.memberships (tenant_id, user_id, role) values ($1, $2, 'MEMBER')`,
      [other.tenantId, t.owner.userId],
    );
    const there = await signAccessToken({ ...t.owner, tenantId: other.tenantId, role: 'MEMBER' });
    expect((await create(there, { title: 'Swiss' })).currency).toBe('CHF');
    expect((await create(t.token, { title: 'Home' })).currency).toBe('EUR');
  });

  it('takes the first open stage of a given pipeline, or the given stage', async () => {
    const t = await tenant();
    const other = await ok(
      send('POST', '/pipelines', t.token, {
        name: 'Other',
        stages: [{ name: 'Won first', kind: 'won' }, { name: 'Open' }],
      }),
      201,
    );
    expect((await create(t.token, { title: 'A', pipeline_id: other.id })).stage_id).toBe(other.stages[1].id);
    const inProposal = await create(t.token, { title: 'B', stage_id: t.stage.Proposal.id });
    expect(inProposal).toMatchObject({ stage_id: t.stage.Proposal.id, pipeline_id: t.sales.id });
  });

  it('refuses a stage of another pipeline, unknown references and another tenant’s contact with 422, writing nothing', async () => {
    const t = await tenant();
    const b = await tenant();
    const other = await ok(send('POST', '/pipelines', t.token, { name: 'Other' }), 201);
    const wrongPipeline = await expectProblem(
      await send('POST', '/deals', t.token, { title: 'X', pipeline_id: other.id, stage_id: t.stage.Lead.id }),
      422,
    );
    expect(wrongPipeline.errors).toEqual([
      { pointer: '#/stage_id', detail: 'This stage belongs to another pipeline' },
    ]);
    const foreignContact = await insertContact(b.owner.tenantId);
    const refs = await expectProblem(
      await send('POST', '/deals', t.token, {
        title: 'X',
        stage_id: b.stage.Lead.id,
        contact_id: foreignContact,
        company_id: randomUUID(),
        owner_id: b.owner.userId,
      }),
      422,
    );
    expect(refs.errors?.map((e) => e.pointer).sort()).toEqual([
      '#/company_id',
      '#/contact_id',
      '#/owner_id',
      '#/stage_id',
    ]);
    const { rows } = await admin.query('select count(*)::int as n from crm.deals where tenant_id = $1', [
      t.owner.tenantId,
    ]);
    expect(rows[0].n).toBe(0);
  });

  it('refuses unknown fields, a tenant_id, wrong types, fractional or negative amounts and bad currencies with 422', async () => {
    const t = await tenant();
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ title: 'X', zz: 1 }, '#/zz'],
      [{ title: 'X', tenant_id: t.owner.tenantId }, '#/tenant_id'],
      [{ title: 12 }, '#/title'],
      [{ title: 'X', amount_minor: '100' }, '#/amount_minor'],
      [{ title: 'X', amount_minor: 10.5 }, '#/amount_minor'],
      [{ title: 'X', amount_minor: -1 }, '#/amount_minor'],
      [{ title: 'X', currency: 'eur' }, '#/currency'],
      [{ title: 'X', currency: 'ZZZ' }, '#/currency'],
      [{ title: 'X', expected_close_date: '31/12/2026' }, '#/expected_close_date'],
      [{ title: '   ' }, '#/title'],
      [{ title: 'X', lost_reason: 'Too early' }, '#/lost_reason'],
    ];
    for (const [body, pointer] of cases) {
      const problem = await expectProblem(await send('POST', '/deals', t.token, body), 422);
      expect(
        problem.errors?.map((e) => e.pointer),
        JSON.stringify(body),
      ).toContain(pointer);
    }
  });

  it('is refused to a CLIENT (403)', async () => {
    const t = await tenant();
    const client = await memberToken(t.owner, 'CLIENT');
    await expectProblem(await send('POST', '/deals', client.token, { title: 'Mine' }), 403);
  });
});

describe('GET /deals/{id}', () => {
  it('returns the deal with its stage history, oldest first', async () => {
    const t = await tenant();
    const deal = await create(t.token, { title: 'History' });
    await move(t, deal.id, { stage_id: t.stage.Qualified.id });
    await move(t, deal.id, { stage_id: t.stage.Won.id });
    const read = await ok(get(`/deals/${deal.id}`, t.token));
    expect(read.status).toBe('won');
    expect(read.won_at).toMatch(/Z$/);
    expect(read.stage_history.map((h: any) => [h.from_stage_id, h.to_stage_id, h.moved_by])).toEqual([
      [null, t.stage.Lead.id, t.owner.userId],
      [t.stage.Lead.id, t.stage.Qualified.id, t.owner.userId],
      [t.stage.Qualified.id, t.stage.Won.id, t.owner.userId],
    ]);
  });

  it('shows a deal to a CLIENT only once it is shared with them', async () => {
    const t = await tenant();
    const client = await memberToken(t.owner, 'CLIENT');
    const deal = await create(t.token, { title: 'For the client' });
    await create(t.token, { title: 'Not for the client' });
    await expectProblem(await get(`/deals/${deal.id}`, client.token), 404);
    expect((await ok(get('/deals', client.token))).data).toEqual([]);
    await admin.query(
      `insert into crm.shares (tenant_id, entity_type, entity_id, user_id) values ($1, 'deal', $2, $3)`,
      [t.owner.tenantId, deal.id, client.member.userId],
    );
    expect((await ok(get(`/deals/${deal.id}`, client.token))).title).toBe('For the client');
    expect((await ok(get('/deals', client.token))).data.map((d: any) => d.id)).toEqual([deal.id]);
    const board = await ok(get(`/pipelines/${t.sales.id}/board`, client.token));
    expect(board.totals.count).toBe(1);
    await expectProblem(await send('PATCH', `/deals/${deal.id}`, client.token, { title: 'Changed' }), 403);
  });
});

describe('PATCH /deals/{id}', () => {
  it('updates fields and merges custom values', async () => {
    const t = await tenant();
    await admin.query(
      `insert into crm.custom_fields (tenant_id, entity, key, label, type, options) values
        ($1, 'deal', 'source', 'Source', 'select', '{web,referral}'), ($1, 'deal', 'seats', 'Seats', 'number', '{}')`,
      [t.owner.tenantId],
    );
    const deal = await create(t.token, { title: 'Old', custom: { source: 'web' } });
    const updated = await ok(
      send('PATCH', `/deals/${deal.id}`, t.token, {
        title: 'New',
        amount_minor: 990,
        owner_id: t.owner.userId,
        tags: ['hot', 'hot', 'q1'],
        custom: { seats: 12 },
      }),
    );
    expect(updated).toMatchObject({
      title: 'New',
      amount_minor: 990,
      owner_id: t.owner.userId,
      tags: ['hot', 'q1'],
      custom: { source: 'web', seats: 12 },
    });
    const bad = await expectProblem(
      await send('PATCH', `/deals/${deal.id}`, t.token, { custom: { source: 'fax', nope: 1 } }),
      422,
    );
    expect(bad.errors?.map((e) => e.pointer).sort()).toEqual(['#/custom/nope', '#/custom/source']);
  });

  it('refuses a lost reason on a deal that is not lost, a stage change and an empty body (422)', async () => {
    const t = await tenant();
    const deal = await create(t.token, { title: 'Open' });
    const lost = await expectProblem(
      await send('PATCH', `/deals/${deal.id}`, t.token, { lost_reason: 'Price' }),
      422,
    );
    expect(lost.errors?.[0]?.pointer).toBe('#/lost_reason');
    const stage = await expectProblem(
      await send('PATCH', `/deals/${deal.id}`, t.token, { stage_id: t.stage.Won.id }),
      422,
    );
    expect(stage.errors).toContainEqual({ pointer: '#/stage_id', detail: 'Unknown field' });
    await expectProblem(await send('PATCH', `/deals/${deal.id}`, t.token, {}), 422);
  });
});

describe('the crm.deal.won event', () => {
  it('is written once per move to a won stage: not again for won → won, a re-move or an edit', async () => {
    const t = await tenant();
    const secondWon = await ok(
      send('POST', `/pipelines/${t.sales.id}/stages`, t.token, { name: 'Won (renewal)', kind: 'won' }),
      201,
    );
    const deal = await create(t.token, { title: 'Winner', amount_minor: 5000, currency: 'EUR' });
    expect(await wonEvents(deal.id)).toEqual([]);

    const won = await move(t, deal.id, { stage_id: t.stage.Won.id });
    expect(won).toMatchObject({ status: 'won', stage_id: t.stage.Won.id });
    const events = await wonEvents(deal.id);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      deal_id: deal.id,
      title: 'Winner',
      amount_minor: 5000,
      currency: 'EUR',
      stage_id: t.stage.Won.id,
      won_by: t.owner.userId,
    });

    await move(t, deal.id, { stage_id: t.stage.Won.id });
    await move(t, deal.id, { stage_id: secondWon.id });
    await ok(send('PATCH', `/deals/${deal.id}`, t.token, { title: 'Winner (edited)', amount_minor: 6000 }));
    expect(await wonEvents(deal.id)).toHaveLength(1);

    await move(t, deal.id, { stage_id: t.stage.Negotiation.id });
    expect((await ok(get(`/deals/${deal.id}`, t.token))).won_at).toBeNull();
    await move(t, deal.id, { stage_id: t.stage.Won.id });
    expect(await wonEvents(deal.id)).toHaveLength(2);
  });

  it('is written when a deal is created in a won stage, and never for a refused move', async () => {
    const t = await tenant();
    const deal = await create(t.token, { title: 'Signed', stage_id: t.stage.Won.id });
    expect(deal.status).toBe('won');
    expect(await wonEvents(deal.id)).toHaveLength(1);
    const open = await create(t.token, { title: 'Open' });
    await expectProblem(
      await send('POST', `/deals/${open.id}/move`, t.token, { stage_id: t.stage.Won.id, lost_reason: 'x' }),
      422,
    );
    expect(await wonEvents(open.id)).toEqual([]);
    expect((await ok(get(`/deals/${open.id}`, t.token))).stage_id).toBe(t.stage.Lead.id);
  });
});

describe('POST /deals/{id}/move', () => {
  it('keeps the kanban order through moves before, after, between and to the end', async () => {
    const t = await tenant();
    const ids: Record<string, string> = {};
    for (const title of ['A', 'B', 'C', 'D', 'E']) ids[title] = (await create(t.token, { title })).id;
    expect(await boardTitles(t, 'Lead')).toEqual(['A', 'B', 'C', 'D', 'E']);

    await move(t, ids.E!, { stage_id: t.stage.Lead.id, before_id: ids.A });
    expect(await boardTitles(t, 'Lead')).toEqual(['E', 'A', 'B', 'C', 'D']);
    await move(t, ids.A!, { stage_id: t.stage.Lead.id, after_id: ids.C });
    expect(await boardTitles(t, 'Lead')).toEqual(['E', 'B', 'C', 'A', 'D']);
    await move(t, ids.D!, { stage_id: t.stage.Lead.id, after_id: ids.E, before_id: ids.B });
    expect(await boardTitles(t, 'Lead')).toEqual(['E', 'D', 'B', 'C', 'A']);
    await move(t, ids.E!, { stage_id: t.stage.Lead.id });
    expect(await boardTitles(t, 'Lead')).toEqual(['D', 'B', 'C', 'A', 'E']);

    await move(t, ids.B!, { stage_id: t.stage.Qualified.id });
    await move(t, ids.C!, { stage_id: t.stage.Qualified.id, before_id: ids.B });
    await move(t, ids.A!, { stage_id: t.stage.Qualified.id, after_id: ids.B });
    expect(await boardTitles(t, 'Lead')).toEqual(['D', 'E']);
    expect(await boardTitles(t, 'Qualified')).toEqual(['C', 'B', 'A']);
  });

  it('gives concurrent writers of one stage distinct ranks', async () => {
    const t = await tenant();
    const anchor = await create(t.token, { title: 'anchor' });
    const created = await Promise.all(
      ['a', 'b', 'c', 'd', 'e'].map((title) => create(t.token, { title, stage_id: t.stage.Qualified.id })),
    );
    await Promise.all(created.map((d) => move(t, d.id, { stage_id: t.stage.Lead.id, after_id: anchor.id })));
    const board = await ok(get(`/pipelines/${t.sales.id}/board`, t.token));
    const ranks = board.columns[0].deals.map((d: any) => d.rank);
    expect(ranks).toHaveLength(6);
    expect(new Set(ranks).size).toBe(6);
    expect(board.columns[0].deals[0].title).toBe('anchor');
  });

  it('renumbers a stage when repeated moves between the same neighbours exhaust the gap', async () => {
    const t = await tenant();
    const first = await create(t.token, { title: 'first' });
    const last = await create(t.token, { title: 'last' });
    // Each move lands just after `first`, halving the gap to the previous one.
    const expected = ['first'];
    for (let i = 0; i < 36; i++) {
      const deal = await create(t.token, { title: `m${i}`, stage_id: t.stage.Qualified.id });
      await move(t, deal.id, { stage_id: t.stage.Lead.id, after_id: first.id });
      expected.splice(1, 0, `m${i}`);
    }
    expected.push('last');
    const board = await ok(get(`/pipelines/${t.sales.id}/board`, t.token));
    const lead = board.columns.find((c: any) => c.stage.name === 'Lead');
    expect(lead.deals.map((d: any) => d.title)).toEqual(expected);
    const ranks = lead.deals.map((d: any) => d.rank);
    expect(new Set(ranks).size).toBe(ranks.length);
    expect(Math.min(...ranks.slice(1).map((r: number, i: number) => r - ranks[i]))).toBeGreaterThan(1e-6);
    // `last` started at 2048: it moved only if the stage was renumbered.
    expect(lead.deals.at(-1)).toMatchObject({ id: last.id });
    expect(lead.deals.at(-1).rank).toBeGreaterThan(2048);
  });

  it('moves to another pipeline’s stage, records a lost reason in a lost stage, and refuses it elsewhere', async () => {
    const t = await tenant();
    const other = await ok(send('POST', '/pipelines', t.token, { name: 'Other' }), 201);
    const deal = await create(t.token, { title: 'Travelling' });
    const moved = await move(t, deal.id, { stage_id: other.stages[2].id });
    expect(moved).toMatchObject({ pipeline_id: other.id, stage_id: other.stages[2].id });

    const lost = await move(t, deal.id, { stage_id: t.stage.Lost.id, lost_reason: 'Went with a competitor' });
    expect(lost).toMatchObject({
      status: 'lost',
      lost_reason: 'Went with a competitor',
      pipeline_id: t.sales.id,
    });
    expect(lost.lost_at).toMatch(/Z$/);
    const reopened = await move(t, deal.id, { stage_id: t.stage.Lead.id });
    expect(reopened).toMatchObject({ status: 'open', lost_reason: null, lost_at: null });
    const refused = await expectProblem(
      await send('POST', `/deals/${deal.id}/move`, t.token, {
        stage_id: t.stage.Proposal.id,
        lost_reason: 'No',
      }),
      422,
    );
    expect(refused.errors?.[0]?.pointer).toBe('#/lost_reason');
  });

  it('refuses neighbours outside the target stage, an unknown stage and bad input with 422', async () => {
    const t = await tenant();
    const b = await tenant();
    const deal = await create(t.token, { title: 'Mover' });
    const elsewhere = await create(t.token, { title: 'Elsewhere', stage_id: t.stage.Proposal.id });
    const foreign = await create(b.token, { title: 'Foreign' });
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ stage_id: t.stage.Qualified.id, after_id: elsewhere.id }, '#/after_id'],
      [{ stage_id: t.stage.Qualified.id, before_id: deal.id }, '#/before_id'],
      [{ stage_id: b.stage.Lead.id }, '#/stage_id'],
      [{ stage_id: t.stage.Lead.id, after_id: foreign.id }, '#/after_id'],
      [{ stage_id: t.stage.Lead.id, zz: true }, '#/zz'],
      [{ stage_id: 'lead' }, '#/stage_id'],
      [{}, '#/stage_id'],
    ];
    for (const [body, pointer] of cases) {
      const problem = await expectProblem(await send('POST', `/deals/${deal.id}/move`, t.token, body), 422);
      expect(
        problem.errors?.map((e) => e.pointer),
        JSON.stringify(body),
      ).toContain(pointer);
    }
    expect((await ok(get(`/deals/${deal.id}`, t.token))).stage_id).toBe(t.stage.Lead.id);
  });
});

describe('GET /pipelines/{id}/board', () => {
  it('shows stages in order with their deals by rank and correct totals per stage and currency', async () => {
    const t = await tenant();
    await create(t.token, { title: 'L1', amount_minor: 1000 });
    await create(t.token, { title: 'L2', amount_minor: 2500 });
    await create(t.token, { title: 'L3', amount_minor: 333, currency: 'USD' });
    await create(t.token, { title: 'P1', amount_minor: 10001, stage_id: t.stage.Proposal.id });
    await create(t.token, { title: 'W1', amount_minor: 7000, stage_id: t.stage.Won.id });
    const trashed = await create(t.token, { title: 'T', amount_minor: 999999 });
    await ok(send('DELETE', `/deals/${trashed.id}`, t.token), 204);

    const board = await ok(get(`/pipelines/${t.sales.id}/board`, t.token));
    expect(board.pipeline).toEqual({ id: t.sales.id, name: 'Sales', position: 0 });
    expect(board.columns.map((c: any) => c.stage.name)).toEqual([
      'Lead',
      'Qualified',
      'Proposal',
      'Negotiation',
      'Won',
      'Lost',
    ]);
    const column = (name: string) => board.columns.find((c: any) => c.stage.name === name);
    expect(column('Lead').deals.map((d: any) => d.title)).toEqual(['L1', 'L2', 'L3']);
    expect(column('Lead').totals).toEqual({
      count: 3,
      amounts: [
        { currency: 'EUR', amount_minor: 3500, weighted_amount_minor: 350 },
        { currency: 'USD', amount_minor: 333, weighted_amount_minor: 33 },
      ],
    });
    expect(column('Proposal').totals).toEqual({
      count: 1,
      amounts: [{ currency: 'EUR', amount_minor: 10001, weighted_amount_minor: 5001 }],
    });
    expect(column('Won').totals.amounts).toEqual([
      { currency: 'EUR', amount_minor: 7000, weighted_amount_minor: 7000 },
    ]);
    expect(column('Qualified')).toMatchObject({
      deals: [],
      has_more: false,
      totals: { count: 0, amounts: [] },
    });
    expect(board.totals).toEqual({
      count: 5,
      amounts: [
        { currency: 'EUR', amount_minor: 20501, weighted_amount_minor: 12351 },
        { currency: 'USD', amount_minor: 333, weighted_amount_minor: 33 },
      ],
    });
  });

  it('limits the deals shown per stage but not the totals, and filters by owner', async () => {
    const t = await tenant();
    const member = await memberToken(t.owner, 'MEMBER');
    for (let i = 0; i < 4; i++) await create(t.token, { title: `D${i}`, amount_minor: 100 });
    await create(member.token, { title: 'Theirs', amount_minor: 50, owner_id: member.member.userId });
    const board = await ok(get(`/pipelines/${t.sales.id}/board?deals_per_stage=2`, t.token));
    expect(board.columns[0]).toMatchObject({ has_more: true, totals: { count: 5 } });
    expect(board.columns[0].deals.map((d: any) => d.title)).toEqual(['D0', 'D1']);
    const theirs = await ok(get(`/pipelines/${t.sales.id}/board?owner_id=${member.member.userId}`, t.token));
    expect(theirs.columns[0].deals.map((d: any) => d.title)).toEqual(['Theirs']);
    expect(theirs.totals).toEqual({
      count: 1,
      amounts: [{ currency: 'EUR', amount_minor: 50, weighted_amount_minor: 5 }],
    });
    await expectProblem(await get(`/pipelines/${t.sales.id}/board?deals_per_stage=0`, t.token), 422);
    await expectProblem(await get(`/pipelines/${t.sales.id}/board?zz=1`, t.token), 422);
  });
});

describe('GET /deals', () => {
  it('pages newest first without gaps or repeats, through filters', async () => {
    const t = await tenant();
    const created: string[] = [];
    for (let i = 0; i < 7; i++) created.push((await create(t.token, { title: `P${i}` })).id);
    await create(t.token, { title: 'Won', stage_id: t.stage.Won.id });
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const url: string = `/deals?status=open&limit=3${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const page = await ok(get(url, t.token));
      seen.push(...page.data.map((d: any) => d.id));
      cursor = page.next_cursor;
      pages++;
    } while (cursor && pages < 10);
    expect(pages).toBe(3);
    expect(seen).toEqual([...created].reverse());
  });

  it('filters by stage, pipeline, owner, contact and status, and lists the trash', async () => {
    const t = await tenant();
    const contact = await insertContact(t.owner.tenantId);
    const a = await create(t.token, { title: 'A', contact_id: contact, owner_id: t.owner.userId });
    const b = await create(t.token, { title: 'B', stage_id: t.stage.Lost.id, lost_reason: 'Budget' });
    const c = await create(t.token, { title: 'C', stage_id: t.stage.Won.id });
    const titles = async (query: string) =>
      (await ok(get(`/deals?${query}`, t.token))).data.map((d: any) => d.title).sort();
    expect(await titles(`stage_id=${t.stage.Lost.id}`)).toEqual(['B']);
    expect(await titles(`pipeline_id=${t.sales.id}`)).toEqual(['A', 'B', 'C']);
    expect(await titles(`owner_id=${t.owner.userId}`)).toEqual(['A']);
    expect(await titles(`contact_id=${contact}`)).toEqual(['A']);
    expect(await titles('status=won')).toEqual(['C']);
    expect(await titles('status=lost')).toEqual(['B']);
    await ok(send('DELETE', `/deals/${c.id}`, t.token), 204);
    expect(await titles('deleted=only')).toEqual(['C']);
    expect(await titles('')).toEqual(['A', 'B']);
    await expectProblem(await get('/deals?status=maybe', t.token), 422);
    await expectProblem(await get('/deals?cursor=nope', t.token), 422);
    expect(a.id && b.id).toBeTruthy();
  });
});

describe('DELETE /deals/{id} and restore', () => {
  it('trashes and restores a deal (managers), refused to a MEMBER (403)', async () => {
    const t = await tenant();
    const deal = await create(t.token, { title: 'Trash me' });
    const member = await memberToken(t.owner, 'MEMBER');
    await expectProblem(await send('DELETE', `/deals/${deal.id}`, member.token), 403);
    const manager = await memberToken(t.owner, 'MANAGER');
    await ok(send('DELETE', `/deals/${deal.id}`, manager.token), 204);
    await expectProblem(await get(`/deals/${deal.id}`, t.token), 404);
    await expectProblem(
      await send('POST', `/deals/${deal.id}/move`, t.token, { stage_id: t.stage.Won.id }),
      404,
    );
    await expectProblem(await send('DELETE', `/deals/${deal.id}`, t.token), 404);
    await expectProblem(await send('POST', `/deals/${deal.id}/restore`, member.token), 403);
    const restored = await ok(send('POST', `/deals/${deal.id}/restore`, manager.token));
    expect(restored).toMatchObject({ id: deal.id, deleted_at: null, stage_id: t.stage.Lead.id });
    await expectProblem(await send('POST', `/deals/${deal.id}/restore`, t.token), 404);
  });
});

describe('another tenant’s deal', () => {
  it('is 404 for read, update, move, delete, restore and the board, and nothing changes', async () => {
    const a = await tenant();
    const b = await tenant();
    const deal = await create(a.token, { title: 'Only mine', amount_minor: 100 });
    const snapshot = async () => ({
      deal: (await admin.query('select * from crm.deals where id = $1', [deal.id])).rows,
      history: (
        await admin.query('select count(*)::int as n from crm.deal_stage_history where deal_id = $1', [
          deal.id,
        ])
      ).rows,
      outbox: (
        await admin.query('select count(*)::int as n from platform.outbox where aggregate_id = $1', [deal.id])
      ).rows,
      audit: (
        await admin.query('select count(*)::int as n from platform.audit_log where entity_id = $1', [deal.id])
      ).rows,
    });
    const before = await snapshot();

    await expectProblem(await get(`/deals/${deal.id}`, b.token), 404);
    await expectProblem(await send('PATCH', `/deals/${deal.id}`, b.token, { title: 'Stolen' }), 404);
    await expectProblem(
      await send('POST', `/deals/${deal.id}/move`, b.token, { stage_id: b.stage.Won.id }),
      404,
    );
    await expectProblem(await send('DELETE', `/deals/${deal.id}`, b.token), 404);
    await expectProblem(await send('POST', `/deals/${deal.id}/restore`, b.token), 404);
    await expectProblem(await get(`/pipelines/${a.sales.id}/board`, b.token), 404);
    expect((await ok(get('/deals', b.token))).data).toEqual([]);

    expect(await snapshot()).toEqual(before);
  });
});
