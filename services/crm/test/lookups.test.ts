/**
 * The database side of migration 20261122090200, run as the CRM's request role with real claims:
 * the security definer lookup functions (search, duplicates, keys) answer only for the caller's
 * tenant and what the caller's role may see; the statement-level audit writes one row per
 * changed row with the same actions as the row-level one; custom values and company names are
 * still enforced when the row triggers are skipped.
 */
import { randomUUID } from 'node:crypto';
import { addMember, createTenant, type TestMember, useAdminPool } from '@comptoir/testing/fixtures';
import { beforeAll, describe, expect, it } from 'vitest';

const admin = useAdminPool();

/** Runs `work` in a transaction as `crm_authenticated` with the member's claims; rolls back unless `commit`. */
async function as<T>(
  member: TestMember,
  work: (q: (text: string, values?: unknown[]) => Promise<any[]>) => Promise<T>,
  commit = false,
): Promise<T> {
  const client = await admin.connect();
  try {
    await client.query('begin');
    await client.query(
      `select set_config('request.jwt.claims', $1, true), set_config('request.id', $2, true),
              set_config('role', 'crm_authenticated', true)`,
      [
        JSON.stringify({
          sub: member.userId,
          role: 'authenticated',
          app_metadata: { tenant_id: member.tenantId, tenant_role: member.role },
        }),
        `req-${randomUUID()}`,
      ],
    );
    const result = await work(async (text, values) => (await client.query(text, values as never[])).rows);
    await client.query(commit ? 'commit' : 'rollback');
    return result;
  } catch (error) {
    await client.query('rollback');
    throw error;
  } finally {
    client.release();
  }
}

/** Inserts contacts as the superuser (no trigger skipped: every trigger runs). */
async function seedContact(tenantId: string, values: Record<string, unknown>) {
  const columns = Object.keys(values);
  const { rows } = await admin.query(
    `insert into crm.contacts (tenant_id, ${columns.join(', ')})
     values ($1, ${columns.map((_, i) => `$${i + 2}`).join(', ')}) returning id`,
    [
      tenantId,
      ...columns.map((c) => (typeof values[c] === 'object' ? JSON.stringify(values[c]) : values[c])),
    ],
  );
  return rows[0].id as string;
}

describe('lookup functions', () => {
  let a: TestMember;
  let b: TestMember;
  let client: TestMember;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    a = await createTenant(admin);
    b = await createTenant(admin);
    client = await addMember(admin, a.tenantId, 'CLIENT');
    ids.elodie = await seedContact(a.tenantId, {
      first_name: 'Élodie',
      last_name: 'Lefèvre',
      emails: [{ label: 'work', address: 'elodie@example.test' }],
      phones: [{ label: 'mobile', number: '06 12 34 56 78', e164: '+33612345678' }],
    });
    ids.elodieTwin = await seedContact(a.tenantId, {
      first_name: 'Elodie',
      last_name: 'Lefevre',
      emails: [{ label: 'home', address: 'ELODIE@example.test' }],
    });
    ids.shared = await seedContact(a.tenantId, { first_name: 'Élodie', last_name: 'Partagée' });
    ids.other = await seedContact(b.tenantId, {
      first_name: 'Élodie',
      last_name: 'Lefèvre',
      emails: [{ label: 'work', address: 'elodie@example.test' }],
    });
    await admin.query(
      `insert into crm.shares (tenant_id, entity_type, entity_id, user_id) values ($1, 'contact', $2, $3)`,
      [a.tenantId, ids.shared, client.userId],
    );
  });

  it('search_contacts finds the caller tenant’s matches, accents ignored, ranked', async () => {
    const found = await as(a, (q) =>
      q(`select id, rank from crm.search_contacts('elodie lefev') order by rank desc`),
    );
    expect(found.map((r) => r.id).sort()).toEqual([ids.elodie, ids.elodieTwin].sort());
    expect(found.every((r) => r.rank > 0)).toBe(true);
    const inB = await as(b, (q) => q(`select id from crm.search_contacts('elodie')`));
    expect(inB.map((r) => r.id)).toEqual([ids.other]);
  });

  it('search_contacts ranks at most p_max_matches matches, every match without it', async () => {
    const all = await as(a, (q) => q(`select id from crm.search_contacts('elodie')`));
    const capped = await as(a, (q) => q(`select id from crm.search_contacts('elodie', 2)`));
    expect(all).toHaveLength(3);
    expect(capped).toHaveLength(2);
    expect(capped.every((r) => all.some((x) => x.id === r.id))).toBe(true);
    const companies = await as(a, (q) => q(`select id from crm.search_companies('elodie', 1)`));
    expect(companies).toEqual([]);
  });

  it('search_contacts gives a CLIENT only what is shared with them', async () => {
    const found = await as(client, (q) => q(`select id from crm.search_contacts('elodie')`));
    expect(found.map((r) => r.id)).toEqual([ids.shared]);
  });

  it('a one-letter word matches whole words only', async () => {
    const found = await as(a, (q) => q(`select id from crm.search_contacts('e')`));
    expect(found).toEqual([]);
  });

  it('duplicate functions pair within the tenant only, and give CLIENT members nothing', async () => {
    const pairs = await as(a, (q) => q(`select * from crm.duplicate_contact_pairs(0.6)`));
    const pair = pairs.find((p) => [p.a, p.b].sort().join() === [ids.elodie, ids.elodieTwin].sort().join());
    expect(pair).toMatchObject({ same_email: true, same_phone: false });
    expect(pair.name_similarity).toBe(1);
    expect(pairs.flatMap((p) => [p.a, p.b])).not.toContain(ids.other);
    expect(await as(client, (q) => q(`select * from crm.duplicate_contact_pairs(0.6)`))).toEqual([]);

    const candidates = await as(a, (q) =>
      q(`select crm.contact_duplicate_candidates($1) as id`, [ids.elodie]),
    );
    expect(candidates.map((r) => r.id)).toContain(ids.elodieTwin);
    expect(candidates.map((r) => r.id)).not.toContain(ids.other);
    expect(await as(b, (q) => q(`select crm.contact_duplicate_candidates($1) as id`, [ids.elodie]))).toEqual(
      [],
    );
  });

  it('contacts_with_keys matches e-mail and phone keys of the caller tenant only', async () => {
    const byEmail = await as(a, (q) =>
      q(`select id from crm.contacts_with_keys(array['elodie@example.test'], null)`),
    );
    expect(byEmail.map((r) => r.id).sort()).toEqual([ids.elodie, ids.elodieTwin].sort());
    const byPhone = await as(a, (q) =>
      q(`select id from crm.contacts_with_keys(null, array['+33612345678'])`),
    );
    expect(byPhone.map((r) => r.id)).toEqual([ids.elodie]);
    const inB = await as(b, (q) =>
      q(`select id from crm.contacts_with_keys(array['elodie@example.test'], null)`),
    );
    expect(inB.map((r) => r.id)).toEqual([ids.other]);
  });

  it('refuses callers outside a request: no claims, no rows', async () => {
    const { rows } = await admin.query(`select count(*)::int as n from crm.search_contacts('elodie')`);
    expect(rows[0].n).toBe(0);
  });
});

describe('statement-level audit of contacts', () => {
  it('logs each row of a multi-row insert, update, soft delete, restore and purge once, with its actor', async () => {
    const owner = await createTenant(admin);
    const requestIds = await as(
      owner,
      async (q) => {
        const inserted = await q(
          `insert into crm.contacts (first_name, last_name) values ('Ada', 'Lovelace'), ('Alan', 'Turing'), ('Grace', 'Hopper')
           returning id`,
        );
        // One of three changes; the two others are no-ops and write nothing.
        await q(
          `update crm.contacts set job_title = case when first_name = 'Ada' then 'Analyst' else job_title end`,
        );
        await q(`update crm.contacts set deleted_at = now() where first_name = 'Alan'`);
        await q(`update crm.contacts set deleted_at = null where first_name = 'Alan'`);
        await q(`delete from crm.contacts where first_name = 'Grace'`);
        return inserted.map((r) => r.id);
      },
      true,
    );
    const { rows } = await admin.query(
      `select action, entity_type, entity_id, actor_id, actor_type, request_id, before, after
       from platform.audit_log where tenant_id = $1 and entity_type = 'crm.contacts' order by id`,
      [owner.tenantId],
    );
    expect(rows.map((r) => r.action)).toEqual([
      'create',
      'create',
      'create',
      'update',
      'delete',
      'restore',
      'purge',
    ]);
    expect(new Set(rows.map((r) => r.entity_id))).toEqual(new Set(requestIds));
    expect(rows.every((r) => r.actor_id === owner.userId && r.actor_type === 'user')).toBe(true);
    expect(new Set(rows.map((r) => r.request_id)).size).toBe(1);
    expect(rows[0].after.first_name).toBe('Ada');
    expect(rows[0].after).not.toHaveProperty('search');
    expect(rows[0].after).not.toHaveProperty('email_keys');
    expect(rows[3].before.job_title).toBeNull();
    expect(rows[3].after.job_title).toBe('Analyst');
    // A physical delete of a soft-deletable row is a purge.
    expect(rows[6].before.first_name).toBe('Grace');
  });
});

describe('row triggers skipped when they have nothing to do', () => {
  it('still enforces required custom fields on a multi-row insert, writing nothing', async () => {
    const owner = await createTenant(admin);
    await admin.query(
      `insert into crm.custom_fields (tenant_id, entity, key, label, type, required) values ($1, 'contact', 'vat', 'VAT', 'text', true)`,
      [owner.tenantId],
    );
    await expect(
      as(owner, (q) =>
        q(
          `insert into crm.contacts (first_name, last_name, custom) values ('With', 'Vat', '{"vat":"FR1"}'), ('Without', 'Vat', '{}')`,
        ),
      ),
    ).rejects.toThrow(/custom field vat is required/);
    await expect(
      as(owner, (q) =>
        q(`insert into crm.contacts (first_name, last_name, custom) values ('Typed', 'Wrong', '{"vat":1}')`),
      ),
    ).rejects.toThrow(/custom field vat must be a valid text/);
    const { rows } = await admin.query(`select count(*)::int as n from crm.contacts where tenant_id = $1`, [
      owner.tenantId,
    ]);
    expect(rows[0].n).toBe(0);
  });

  it('keeps company names right: looked up when linked, checked when given, cleared when not', async () => {
    const owner = await createTenant(admin);
    const { rows, refused, kept } = await as(owner, async (q) => {
      const [company] = await q(`insert into crm.companies (name) values ('Comptoir SARL') returning id`);
      const rows = await q(
        `insert into crm.contacts (first_name, last_name, company_id, company_name)
         values ('Linked', 'One', $1, null), ('Named', 'One', $1, 'Comptoir SARL'), ('Unlinked', 'One', null, 'Stray name')
         returning first_name, company_name`,
        [company.id],
      );
      // A bulk writer that gives a name that is not its company's is refused, statement and all.
      await q('savepoint wrong_name');
      const refused = await q(
        `insert into crm.contacts (first_name, last_name, company_id, company_name)
         values ('Right', 'Two', $1, 'Comptoir SARL'), ('Wrong', 'Two', $1, 'Wrong name')`,
        [company.id],
      ).then(
        () => null,
        (error: { code?: string }) => error.code,
      );
      await q('rollback to savepoint wrong_name');
      const kept = await q(`select first_name from crm.contacts where last_name = 'Two'`);
      return { rows, refused, kept };
    });
    expect(Object.fromEntries(rows.map((r) => [r.first_name, r.company_name]))).toEqual({
      Linked: 'Comptoir SARL',
      Named: 'Comptoir SARL',
      Unlinked: null,
    });
    expect(refused).toBe('23514');
    expect(kept).toEqual([]);
  });
});
