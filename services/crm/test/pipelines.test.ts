/**
 * Pipelines and stages through the real HTTP handlers, on the run's PostgreSQL: the default
 * pipeline, creation, renaming, stage order, deletions refused while deals remain, permissions
 * and tenant isolation.
 */
import { addMember, bearer, createTenant, signAccessToken, useAdminPool } from '@comptoir/testing/fixtures';
import { expectProblem, jsonRequest, readJson } from '@comptoir/testing/http';
import { describe, expect, it } from 'vitest';
import { useCrmService } from './helpers.js';

const admin = useAdminPool();
const { app } = useCrmService();

async function ownerToken() {
  const owner = await createTenant(admin);
  return { owner, token: await signAccessToken(owner) };
}

async function as(tenantId: string, role: 'ADMIN' | 'MANAGER' | 'MEMBER' | 'CLIENT') {
  return signAccessToken(await addMember(admin, tenantId, role));
}

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

async function pipelines(token: string) {
  return (await ok(get('/pipelines', token))).data as any[];
}

async function createPipeline(token: string, body: Record<string, unknown>) {
  return ok(send('POST', '/pipelines', token, body), 201);
}

async function insertDeal(tenantId: string, stageId: string, pipelineId: string, title = 'Deal') {
  const { rows } = await admin.query(
    `insert into crm.deals (tenant_id, pipeline_id, stage_id, title, currency) values ($1, $2, $3, $4, 'EUR') returning id`,
    [tenantId, pipelineId, stageId, title],
  );
  return rows[0].id as string;
}

describe('GET /pipelines', () => {
  it('creates the default Sales pipeline on first use, once, with its six ordered stages', async () => {
    const { owner, token } = await ownerToken();
    const [first, second] = await Promise.all([pipelines(token), pipelines(token)]);
    expect(first).toHaveLength(1);
    expect(second).toEqual(first);
    const sales = first[0];
    expect(sales.name).toBe('Sales');
    expect(sales.stages.map((s: any) => [s.name, s.kind, s.probability, s.position])).toEqual([
      ['Lead', 'open', 10, 0],
      ['Qualified', 'open', 25, 1],
      ['Proposal', 'open', 50, 2],
      ['Negotiation', 'open', 75, 3],
      ['Won', 'won', 100, 4],
      ['Lost', 'lost', 0, 5],
    ]);
    expect(sales.stages[0].created_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/);
    const { rows } = await admin.query('select count(*)::int as n from crm.pipelines where tenant_id = $1', [
      owner.tenantId,
    ]);
    expect(rows[0].n).toBe(1);
  });

  it('is readable by a CLIENT member, who cannot change it (403)', async () => {
    const { owner } = await ownerToken();
    const client = await as(owner.tenantId, 'CLIENT');
    const [sales] = await pipelines(client);
    expect(sales.name).toBe('Sales');
    await expectProblem(await send('POST', '/pipelines', client, { name: 'Mine' }), 403);
    await expectProblem(await send('PATCH', `/pipelines/${sales.id}`, client, { name: 'Mine' }), 403);
  });
});

describe('POST /pipelines', () => {
  it('creates a pipeline after the others with the default stages, with a Location header', async () => {
    const { token } = await ownerToken();
    await pipelines(token);
    const res = await send('POST', '/pipelines', token, { name: ' Partnerships ' });
    const created = await ok(res, 201);
    expect(res.headers.get('location')).toBe(`/pipelines/${created.id}`);
    expect(created).toMatchObject({ name: 'Partnerships', position: 1 });
    expect(created.stages.map((s: any) => s.name)).toEqual([
      'Lead',
      'Qualified',
      'Proposal',
      'Negotiation',
      'Won',
      'Lost',
    ]);
    expect((await pipelines(token)).map((p) => p.name)).toEqual(['Sales', 'Partnerships']);
  });

  it('creates the given stages in order, with probabilities defaulting by kind', async () => {
    const { token } = await ownerToken();
    const created = await createPipeline(token, {
      name: 'Hiring',
      stages: [
        { name: 'Applied', probability: 5 },
        { name: 'Hired', kind: 'won' },
        { name: 'Rejected', kind: 'lost' },
      ],
    });
    expect(created.stages.map((s: any) => [s.name, s.kind, s.probability, s.position])).toEqual([
      ['Applied', 'open', 5, 0],
      ['Hired', 'won', 100, 1],
      ['Rejected', 'lost', 0, 2],
    ]);
    expect((await ok(get(`/pipelines/${created.id}`, token))).stages).toEqual(created.stages);
  });

  it('refuses unknown fields, wrong types, a probability above 100 and no stage with 422, writing nothing', async () => {
    const { owner, token } = await ownerToken();
    const unknown = await expectProblem(
      await send('POST', '/pipelines', token, { name: 'X', tenant_id: owner.tenantId }),
      422,
    );
    expect(unknown.errors).toContainEqual({ pointer: '#/tenant_id', detail: 'Unknown field' });
    const wrongType = await expectProblem(await send('POST', '/pipelines', token, { name: 42 }), 422);
    expect(wrongType.errors?.[0]?.pointer).toBe('#/name');
    const probability = await expectProblem(
      await send('POST', '/pipelines', token, { name: 'X', stages: [{ name: 'A', probability: 101 }] }),
      422,
    );
    expect(probability.errors?.[0]?.pointer).toBe('#/stages/0/probability');
    await expectProblem(await send('POST', '/pipelines', token, { name: 'X', stages: [] }), 422);
    await expectProblem(
      await send('POST', '/pipelines', token, { name: 'X', stages: [{ name: 'A', kind: 'maybe' }] }),
      422,
    );
    const { rows } = await admin.query('select count(*)::int as n from crm.pipelines where tenant_id = $1', [
      owner.tenantId,
    ]);
    expect(rows[0].n).toBe(0);
  });

  it('is refused to a MANAGER (pipelines:manage is for admins)', async () => {
    const { owner } = await ownerToken();
    await expectProblem(
      await send('POST', '/pipelines', await as(owner.tenantId, 'MANAGER'), { name: 'X' }),
      403,
    );
    await ok(send('POST', '/pipelines', await as(owner.tenantId, 'ADMIN'), { name: 'X' }), 201);
  });
});

describe('PATCH /pipelines/{id}', () => {
  it('renames a pipeline and refuses an empty change', async () => {
    const { token } = await ownerToken();
    const [sales] = await pipelines(token);
    const renamed = await ok(send('PATCH', `/pipelines/${sales.id}`, token, { name: 'New business' }));
    expect(renamed).toMatchObject({ id: sales.id, name: 'New business' });
    expect(renamed.stages).toHaveLength(6);
    await expectProblem(await send('PATCH', `/pipelines/${sales.id}`, token, {}), 422);
  });
});

describe('DELETE /pipelines/{id}', () => {
  it('deletes an empty pipeline with its stages', async () => {
    const { token } = await ownerToken();
    await pipelines(token);
    const extra = await createPipeline(token, { name: 'Extra' });
    await ok(send('DELETE', `/pipelines/${extra.id}`, token), 204);
    expect((await pipelines(token)).map((p) => p.id)).not.toContain(extra.id);
    const { rows } = await admin.query('select count(*)::int as n from crm.stages where pipeline_id = $1', [
      extra.id,
    ]);
    expect(rows[0].n).toBe(0);
    await expectProblem(await send('DELETE', `/pipelines/${extra.id}`, token), 404);
  });

  it('refuses to delete the last pipeline, and a pipeline holding deals (trashed ones too), with 409', async () => {
    const { owner, token } = await ownerToken();
    const [sales] = await pipelines(token);
    expect((await expectProblem(await send('DELETE', `/pipelines/${sales.id}`, token), 409)).type).toMatch(
      /last-pipeline$/,
    );
    const extra = await createPipeline(token, { name: 'Extra' });
    const dealId = await insertDeal(owner.tenantId, extra.stages[0].id, extra.id);
    await admin.query('update crm.deals set deleted_at = now() where id = $1', [dealId]);
    const problem = await expectProblem(await send('DELETE', `/pipelines/${extra.id}`, token), 409);
    expect(problem).toMatchObject({ deal_count: 1 });
    expect((await pipelines(token)).map((p) => p.id)).toContain(extra.id);
  });
});

describe('stages', () => {
  it('adds a stage at a position, shifting the following ones', async () => {
    const { token } = await ownerToken();
    const [sales] = await pipelines(token);
    const res = await send('POST', `/pipelines/${sales.id}/stages`, token, {
      name: 'Demo',
      probability: 40,
      position: 2,
    });
    const stage = await ok(res, 201);
    expect(res.headers.get('location')).toBe(`/pipelines/${sales.id}/stages/${stage.id}`);
    expect(stage).toMatchObject({
      name: 'Demo',
      kind: 'open',
      probability: 40,
      position: 2,
      pipeline_id: sales.id,
    });
    const after = await ok(get(`/pipelines/${sales.id}`, token));
    expect(after.stages.map((s: any) => `${s.position}:${s.name}`)).toEqual([
      '0:Lead',
      '1:Qualified',
      '2:Demo',
      '3:Proposal',
      '4:Negotiation',
      '5:Won',
      '6:Lost',
    ]);
    const last = await ok(
      send('POST', `/pipelines/${sales.id}/stages`, token, { name: 'Parked', position: 99 }),
      201,
    );
    expect(last.position).toBe(7);
  });

  it('updates a stage; its kind changes only while it holds no deal (409 otherwise)', async () => {
    const { owner, token } = await ownerToken();
    const [sales] = await pipelines(token);
    const lead = sales.stages[0];
    const updated = await ok(
      send('PATCH', `/pipelines/${sales.id}/stages/${lead.id}`, token, { name: 'Inbound', probability: 15 }),
    );
    expect(updated).toMatchObject({ id: lead.id, name: 'Inbound', probability: 15, kind: 'open' });
    await insertDeal(owner.tenantId, lead.id, sales.id);
    const problem = await expectProblem(
      await send('PATCH', `/pipelines/${sales.id}/stages/${lead.id}`, token, { kind: 'won' }),
      409,
    );
    expect(problem.type).toMatch(/stage-has-deals$/);
    const qualified = sales.stages[1];
    expect(
      (await ok(send('PATCH', `/pipelines/${sales.id}/stages/${qualified.id}`, token, { kind: 'lost' })))
        .kind,
    ).toBe('lost');
  });

  it('answers 404 for a stage addressed through another pipeline', async () => {
    const { token } = await ownerToken();
    const [sales] = await pipelines(token);
    const other = await createPipeline(token, { name: 'Other' });
    await expectProblem(
      await send('PATCH', `/pipelines/${other.id}/stages/${sales.stages[0].id}`, token, { name: 'X' }),
      404,
    );
    await expectProblem(
      await send('DELETE', `/pipelines/${other.id}/stages/${sales.stages[0].id}`, token),
      404,
    );
  });

  it('reorders stages, and refuses an order that is not exactly the pipeline’s stages (422)', async () => {
    const { token } = await ownerToken();
    const [sales] = await pipelines(token);
    const ids = sales.stages.map((s: any) => s.id);
    const reversed = [...ids].reverse();
    const reordered = await ok(
      send('PUT', `/pipelines/${sales.id}/stage-order`, token, { stage_ids: reversed }),
    );
    expect(reordered.stages.map((s: any) => s.id)).toEqual(reversed);
    expect(reordered.stages.map((s: any) => s.position)).toEqual([0, 1, 2, 3, 4, 5]);
    const missing = await expectProblem(
      await send('PUT', `/pipelines/${sales.id}/stage-order`, token, { stage_ids: ids.slice(1) }),
      422,
    );
    expect(missing.errors?.[0]?.pointer).toBe('#/stage_ids');
    const twice = await expectProblem(
      await send('PUT', `/pipelines/${sales.id}/stage-order`, token, {
        stage_ids: [ids[0], ...ids.slice(0, 5)],
      }),
      422,
    );
    expect(twice.errors?.[0]?.pointer).toBe('#/stage_ids');
    expect((await ok(get(`/pipelines/${sales.id}`, token))).stages.map((s: any) => s.id)).toEqual(reversed);
  });

  it('deletes an empty stage and closes the gap in positions', async () => {
    const { token } = await ownerToken();
    const [sales] = await pipelines(token);
    await ok(send('DELETE', `/pipelines/${sales.id}/stages/${sales.stages[1].id}`, token), 204);
    const after = await ok(get(`/pipelines/${sales.id}`, token));
    expect(after.stages.map((s: any) => `${s.position}:${s.name}`)).toEqual([
      '0:Lead',
      '1:Proposal',
      '2:Negotiation',
      '3:Won',
      '4:Lost',
    ]);
  });

  it('refuses to delete a stage holding deals (409), unless its deals move to another stage', async () => {
    const { owner, token } = await ownerToken();
    const [sales] = await pipelines(token);
    const [lead, qualified] = sales.stages;
    const first = await insertDeal(owner.tenantId, lead.id, sales.id, 'First');
    const second = await insertDeal(owner.tenantId, lead.id, sales.id, 'Second');
    await admin.query('update crm.deals set rank = 2 where id = $1', [first]);
    await admin.query('update crm.deals set rank = 1, deleted_at = now() where id = $1', [second]);
    const existing = await insertDeal(owner.tenantId, qualified.id, sales.id, 'Existing');
    await admin.query('update crm.deals set rank = 5000 where id = $1', [existing]);

    const problem = await expectProblem(
      await send('DELETE', `/pipelines/${sales.id}/stages/${lead.id}`, token),
      409,
    );
    expect(problem).toMatchObject({ deal_count: 2 });
    const invalid = await expectProblem(
      await send('DELETE', `/pipelines/${sales.id}/stages/${lead.id}?move_deals_to=${lead.id}`, token),
      422,
    );
    expect(invalid.errors?.[0]?.pointer).toBe('#/query/move_deals_to');

    await ok(
      send('DELETE', `/pipelines/${sales.id}/stages/${lead.id}?move_deals_to=${qualified.id}`, token),
      204,
    );
    const { rows } = await admin.query(
      'select id, stage_id, rank from crm.deals where tenant_id = $1 order by rank',
      [owner.tenantId],
    );
    expect(rows.map((r) => [r.id, r.stage_id])).toEqual([
      [existing, qualified.id],
      [second, qualified.id],
      [first, qualified.id],
    ]);
    expect(rows.map((r) => r.rank)).toEqual([5000, 6024, 7048]);
    const history = await admin.query(
      'select count(*)::int as n from crm.deal_stage_history where deal_id = $1 and from_stage_id = $2',
      [first, lead.id],
    );
    expect(history.rows[0].n).toBe(1);
  });

  it('refuses to delete the last stage of a pipeline (409)', async () => {
    const { token } = await ownerToken();
    const single = await createPipeline(token, { name: 'Single', stages: [{ name: 'Only' }] });
    const problem = await expectProblem(
      await send('DELETE', `/pipelines/${single.id}/stages/${single.stages[0].id}`, token),
      409,
    );
    expect(problem.type).toMatch(/last-stage$/);
  });
});

describe('another tenant’s pipeline', () => {
  it('is 404 for every route, and nothing changes', async () => {
    const a = await ownerToken();
    const b = await ownerToken();
    const [sales] = await pipelines(a.token);
    await pipelines(b.token);
    const stage = sales.stages[0];
    const before = await admin.query(
      'select p.*, (select json_agg(s order by s.position) from crm.stages s where s.pipeline_id = p.id) as stages from crm.pipelines p where p.id = $1',
      [sales.id],
    );

    await expectProblem(await get(`/pipelines/${sales.id}`, b.token), 404);
    await expectProblem(await send('PATCH', `/pipelines/${sales.id}`, b.token, { name: 'Stolen' }), 404);
    await expectProblem(await send('DELETE', `/pipelines/${sales.id}`, b.token), 404);
    await expectProblem(await send('POST', `/pipelines/${sales.id}/stages`, b.token, { name: 'Spy' }), 404);
    await expectProblem(
      await send('PATCH', `/pipelines/${sales.id}/stages/${stage.id}`, b.token, { name: 'X' }),
      404,
    );
    await expectProblem(
      await send('PUT', `/pipelines/${sales.id}/stage-order`, b.token, {
        stage_ids: sales.stages.map((s: any) => s.id),
      }),
      404,
    );
    await expectProblem(await send('DELETE', `/pipelines/${sales.id}/stages/${stage.id}`, b.token), 404);
    expect((await pipelines(b.token)).map((p) => p.id)).not.toContain(sales.id);

    const after = await admin.query(
      'select p.*, (select json_agg(s order by s.position) from crm.stages s where s.pipeline_id = p.id) as stages from crm.pipelines p where p.id = $1',
      [sales.id],
    );
    expect(after.rows).toEqual(before.rows);
  });
});
