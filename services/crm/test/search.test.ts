/**
 * Contact search and lists: accent-insensitive prefix search ranked by relevance, filters, every
 * sort order paged to the end without gaps or repeats.
 */
import { createHash, randomUUID } from 'node:crypto';
import { addMember, bearer, createTenant, signAccessToken, useAdminPool } from '@comptoir/testing/fixtures';
import { expectProblem, jsonRequest, readJson } from '@comptoir/testing/http';
import { beforeAll, describe, expect, it } from 'vitest';
import { useCrmService } from './helpers.js';

const admin = useAdminPool();
const { app } = useCrmService();
let token: string;
let otherToken: string;
let memberId: string;
const ids: Record<string, string> = {};

async function create(body: Record<string, unknown>, as = token) {
  const res = await app.request('/contacts', jsonRequest('POST', body, bearer(as)));
  expect(res.status, await res.clone().text()).toBe(201);
  return readJson(res);
}

async function list(query: string, as = token) {
  const res = await app.request(`/contacts?${query}`, { headers: bearer(as) });
  expect(res.status, await res.clone().text()).toBe(200);
  return readJson(res);
}

/** Every page of a list, following cursors. */
async function all(query: string) {
  const seen: string[] = [];
  let cursor: string | null = null;
  for (let i = 0; i < 50; i++) {
    const page: { data: { id: string }[]; next_cursor: string | null } = await list(
      `${query}&limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    );
    seen.push(...page.data.map((c) => c.id));
    cursor = page.next_cursor;
    if (!cursor) break;
  }
  return seen;
}

beforeAll(async () => {
  const owner = await createTenant(admin);
  token = await signAccessToken(owner);
  memberId = (await addMember(admin, owner.tenantId, 'MEMBER')).userId;
  const company = await readJson(
    await app.request('/companies', jsonRequest('POST', { name: 'Boulangerie Léa' }, bearer(token))),
  );
  ids.elodie = (
    await create({ first_name: 'Élodie', last_name: 'Martin', company_id: company.id, tags: ['vip'] })
  ).id;
  ids.eloise = (
    await create({ first_name: 'Éloïse', last_name: 'Bernard', emails: [{ address: 'eloise@exemple.fr' }] })
  ).id;
  ids.marc = (
    await create({
      first_name: 'Marc',
      last_name: 'Dupont',
      notes: 'Rencontré au salon de la pâtisserie',
      owner_id: memberId,
    })
  ).id;
  ids.zoe = (await create({ first_name: 'Zoé', last_name: 'Martinez', tags: ['vip', 'newsletter'] })).id;
  ids.adam = (await create({ first_name: 'Adam', last_name: 'Smith', job_title: 'Baker' })).id;
  otherToken = await signAccessToken(await createTenant(admin));
  await create({ first_name: 'Élodie', last_name: 'Martin' }, otherToken);
});

describe('GET /contacts?q=', () => {
  it('matches without accents or case, every word as a prefix', async () => {
    const found = await list('q=ELOD%20mart');
    expect(found.data.map((c: { id: string }) => c.id)).toEqual([ids.elodie]);
    const byPrefix = await list('q=elo');
    expect(byPrefix.data.map((c: { id: string }) => c.id).sort()).toEqual([ids.elodie, ids.eloise].sort());
  });

  it('searches e-mails, the company name and notes', async () => {
    expect((await list('q=eloise%40exemple.fr')).data.map((c: { id: string }) => c.id)).toEqual([ids.eloise]);
    expect((await list('q=boulangerie')).data.map((c: { id: string }) => c.id)).toEqual([ids.elodie]);
    expect((await list('q=patisserie')).data.map((c: { id: string }) => c.id)).toEqual([ids.marc]);
  });

  it('ranks a name match above a company or notes match', async () => {
    await create({ first_name: 'Léa', last_name: 'Roux' });
    const found = await list('q=lea');
    expect(found.data[0].first_name).toBe('Léa');
    expect(found.data.map((c: { id: string }) => c.id)).toContain(ids.elodie); // through "Boulangerie Léa"
  });

  it('never finds another tenant’s contacts', async () => {
    const found = await list('q=elodie');
    expect(found.data).toHaveLength(1);
  });

  it('keeps tenants apart even when their search index keys collide', async () => {
    // The search index prefixes each word with 8 hex digits of md5(tenant id) (migration
    // 20261124090000): find two tenant ids sharing that key (a birthday search over 2^32 keys),
    // so their words share posting lists, and check that each still sees only its own rows.
    const key = (id: string) => createHash('md5').update(id).digest('hex').slice(0, 8);
    const seen = new Map<string, string>();
    let pair: [string, string] | undefined;
    while (!pair) {
      const id = randomUUID();
      const other = seen.get(key(id));
      if (other) pair = [other, id];
      else seen.set(key(id), id);
    }
    const tokens: string[] = [];
    for (const [i, tenantId] of pair.entries()) {
      await admin.query('insert into platform.tenants (id, slug, name) values ($1, $2, $3)', [
        tenantId,
        `collide-${tenantId.slice(0, 8)}-${i}`,
        `Colliding ${i}`,
      ]);
      const owner = await addMember(admin, tenantId, 'OWNER');
      tokens.push(await signAccessToken(owner));
    }
    const { rows } = await admin.query<{ a: string; b: string }>(
      'select private.tenant_search_key($1) as a, private.tenant_search_key($2) as b',
      pair,
    );
    expect(rows[0]!.a).toBe(rows[0]!.b);
    const mine = await create(
      { first_name: 'Quentin', last_name: 'Collision', notes: 'zanzibar' },
      tokens[0],
    );
    const theirs = await create(
      { first_name: 'Quentin', last_name: 'Collision', notes: 'zanzibar' },
      tokens[1],
    );
    for (const [token, id] of [
      [tokens[0]!, mine.id],
      [tokens[1]!, theirs.id],
    ] as const) {
      expect((await list('q=quentin%20zanzi', token)).data.map((c: { id: string }) => c.id)).toEqual([id]);
      const companies = await app.request('/companies?q=collision', { headers: bearer(token) });
      expect((await readJson(companies)).data).toEqual([]);
    }
    await app.request('/companies', jsonRequest('POST', { name: 'Collision SARL' }, bearer(tokens[1]!)));
    const ownCompanies = await app.request('/companies?q=collision', { headers: bearer(tokens[0]!) });
    expect((await readJson(ownCompanies)).data).toEqual([]);
    const theirCompanies = await app.request('/companies?q=collision', { headers: bearer(tokens[1]!) });
    expect((await readJson(theirCompanies)).data.map((c: { name: string }) => c.name)).toEqual([
      'Collision SARL',
    ]);
    // The list statements run under RLS too; the security definer functions must not need it.
    const client = await admin.connect();
    try {
      await client.query('begin');
      await client.query(`select set_config('request.jwt.claims', $1, true)`, [
        JSON.stringify({
          sub: randomUUID(),
          role: 'authenticated',
          app_metadata: { tenant_id: pair[0], tenant_role: 'OWNER' },
        }),
      ]);
      const direct = await client.query<{ id: string }>(
        `select id from crm.search_contacts('quentin', null)`,
      );
      expect(direct.rows.map((r) => r.id)).toEqual([mine.id]);
      const companiesDirect = await client.query(`select id from crm.search_companies('collision', null)`);
      expect(companiesDirect.rows).toEqual([]);
    } finally {
      await client.query('rollback');
      client.release();
    }
  });

  it('ignores a query without letters or digits, and survives hostile input', async () => {
    expect((await list('q=%20%26%7C!')).data.length).toBeGreaterThanOrEqual(5);
    expect((await list(`q=${encodeURIComponent("'); drop table crm.contacts; --")}`)).data).toEqual([]);
    expect((await list(`q=${encodeURIComponent('a:* | !b <-> c')}`)).data).toBeInstanceOf(Array);
  });
});

describe('filters and sorting', () => {
  it('filters by tag and owner', async () => {
    expect((await list('tag=vip')).data.map((c: { id: string }) => c.id).sort()).toEqual(
      [ids.elodie, ids.zoe].sort(),
    );
    expect((await list(`owner_id=${memberId}`)).data.map((c: { id: string }) => c.id)).toEqual([ids.marc]);
  });

  it('filters by creation range', async () => {
    const future = new Date(Date.now() + 3600_000).toISOString();
    expect((await list(`created_from=${encodeURIComponent(future)}`)).data).toEqual([]);
  });

  it('pages every sort order to the end without gaps or repeats', async () => {
    const expected = (await list('limit=100')).data.map((c: { id: string }) => c.id).sort();
    for (const sort of ['-created_at', 'created_at', '-updated_at', 'updated_at', 'name', '-name']) {
      const seen = await all(`sort=${sort}`);
      expect(new Set(seen).size, sort).toBe(seen.length);
      expect([...seen].sort(), sort).toEqual(expected);
    }
    const byName = await all('sort=name');
    expect(byName.indexOf(ids.adam!)).toBeLessThan(byName.indexOf(ids.zoe!));
    const relevance = await all('q=mar&sort=relevance');
    expect(relevance.sort()).toEqual([ids.elodie, ids.marc, ids.zoe].sort());
  });

  it('pages a search by relevance in rank order, trash left out, the same as one page and as the full ranking', async () => {
    // Own tenant: the other tests' contacts must not match.
    const own = await signAccessToken(await createTenant(admin));
    const made: Array<{ id: string }> = [];
    for (const body of [
      { first_name: 'Xylo', last_name: 'Phone' },
      { first_name: 'Anne', last_name: 'Xylo' },
      { first_name: 'Bea', last_name: 'Martin', notes: 'Xylo fan' },
      { first_name: 'Xylo', last_name: 'Trash' },
      { first_name: 'Carl', last_name: 'Dumas', job_title: 'Xylographe' },
      { first_name: 'Xylo', last_name: 'Xylo' },
    ]) {
      made.push(await create(body, own));
    }
    const trashed = made[3]!.id;
    expect(
      (await app.request(`/contacts/${trashed}`, { method: 'DELETE', headers: bearer(own) })).status,
    ).toBe(204);

    const pages: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { data: { id: string }[]; next_cursor: string | null } = await list(
        `q=xylo&limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        own,
      );
      expect(page.data.length).toBeLessThanOrEqual(2);
      pages.push(...page.data.map((c) => c.id));
      cursor = page.next_cursor;
    } while (cursor);
    const onePage = (await list('q=xylo&limit=50', own)).data.map((c: { id: string }) => c.id);
    expect(pages).toEqual(onePage);
    expect(pages).not.toContain(trashed);
    expect(new Set(pages)).toEqual(new Set(made.filter((c) => c.id !== trashed).map((c) => c.id)));
    // The order is the function's full ranking (rank desc, then id desc), computed here uncapped.
    const client = await admin.connect();
    try {
      await client.query('begin');
      const claims = JSON.parse(Buffer.from(own.split('.')[1]!, 'base64url').toString('utf8'));
      await client.query(`select set_config('request.jwt.claims', $1, true)`, [JSON.stringify(claims)]);
      const { rows } = await client.query<{ id: string }>(
        `select s.id from crm.search_contacts('xylo') s join crm.contacts c on c.id = s.id
         where c.deleted_at is null order by s.rank desc, s.id desc`,
      );
      expect(pages).toEqual(rows.map((r) => r.id));
    } finally {
      await client.query('rollback');
      client.release();
    }
    // A name match outranks a notes or job title match.
    expect(pages.indexOf(made[5]!.id)).toBeLessThan(pages.indexOf(made[2]!.id));
  });

  it('rejects an unknown sort with 422', async () => {
    await expectProblem(await app.request('/contacts?sort=password', { headers: bearer(token) }), 422);
  });
});

describe('POST /contacts/bulk', () => {
  it('tags, untags and assigns a selection, ignoring ids of other tenants', async () => {
    const other = await create({ first_name: 'Not', last_name: 'Mine' }, otherToken);
    const tag = await app.request(
      '/contacts/bulk',
      jsonRequest(
        'POST',
        { ids: [ids.adam, ids.marc, other.id], action: { type: 'add_tags', tags: ['event-2026'] } },
        bearer(token),
      ),
    );
    expect(await readJson(tag)).toEqual({ affected: 2 });
    expect((await list('tag=event-2026')).data).toHaveLength(2);
    const untag = await app.request(
      '/contacts/bulk',
      jsonRequest(
        'POST',
        { ids: [ids.adam], action: { type: 'remove_tags', tags: ['event-2026'] } },
        bearer(token),
      ),
    );
    expect(await readJson(untag)).toEqual({ affected: 1 });
    const assign = await app.request(
      '/contacts/bulk',
      jsonRequest('POST', { ids: [ids.adam], action: { type: 'assign', owner_id: memberId } }, bearer(token)),
    );
    expect(await readJson(assign)).toEqual({ affected: 1 });
    const stranger = await app.request(
      '/contacts/bulk',
      jsonRequest(
        'POST',
        { ids: [ids.adam], action: { type: 'assign', owner_id: '00000000-0000-4000-8000-000000000000' } },
        bearer(token),
      ),
    );
    expect((await expectProblem(stranger, 422)).errors?.[0]?.pointer).toBe('#/owner_id');
    const { rows } = await admin.query('select tags from crm.contacts where id = $1', [other.id]);
    expect(rows[0].tags).toEqual([]);
  });
});
