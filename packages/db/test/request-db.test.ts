/**
 * The per-request handle: the role and claims apply to the request's statements only, nothing
 * leaks to the next user of a pooled connection, inlined parameters mean exactly what bound ones
 * do, and write requests commit or roll back as one transaction.
 */
import { randomUUID } from 'node:crypto';
import { createTenant, useAdminPool, useServicePool } from '@comptoir/testing/fixtures';
import { describe, expect, it } from 'vitest';
import type { DB } from '../src/generated/crm.js';
import {
  AbortedTransactionError,
  NestedTransactionError,
  PREPARED_PER_CONNECTION,
  RequestDb,
} from '../src/request-db.js';

const admin = useAdminPool();
const pool = useServicePool('crm', 1); // one connection: every request reuses it

const claimsOf = (tenantId: string, userId: string) => ({
  sub: userId,
  role: 'authenticated',
  app_metadata: { tenant_id: tenantId, tenant_role: 'OWNER' },
});

function handle(mode: 'read' | 'write', tenantId: string, userId: string) {
  return new RequestDb<DB>({
    pool,
    role: 'crm_authenticated',
    claims: claimsOf(tenantId, userId),
    requestId: randomUUID(),
    mode,
  });
}

describe('RequestDb', () => {
  it('runs read statements as the request role with the claims, and leaves nothing on the connection', async () => {
    const t = await createTenant(admin);
    const rdb = handle('read', t.tenantId, t.userId);
    const { rows } = await rdb.query(
      `select current_user as role, private.current_tenant_id() as tenant, auth.uid() as uid`,
    );
    expect(rows[0]).toEqual({ role: 'crm_authenticated', tenant: t.tenantId, uid: t.userId });
    await rdb.finish('commit');
    const after = await pool.query(
      `select current_user as role, current_setting('request.jwt.claims', true) as claims`,
    );
    expect(after.rows[0].role).toBe('crm_api');
    expect(after.rows[0].claims ?? '').toBe('');
  });

  it('answers inlined parameters exactly as bound ones', async () => {
    const t = await createTenant(admin);
    const values = [
      "it's \\ a 'test' $1 😀",
      42,
      -1.5,
      true,
      null,
      new Date('2026-11-21T10:00:00.123Z'),
      ['a', 'b,c', 'd"e'],
      { nested: { q: "'" } },
      Buffer.from('bytes'),
    ];
    const sql =
      'select $1::text as a, $2::int as b, $3::numeric as c, $4::boolean as d, $5::text as e, $6::timestamptz as f, $7::text[] as g, $8::jsonb as h, $9::bytea as i';
    const read = handle('read', t.tenantId, t.userId);
    const inlined = (await read.query(sql, values)).rows[0];
    await read.finish('commit');
    const bound = (await pool.query(sql, values)).rows[0];
    expect(inlined).toEqual(bound);
  });

  it('commits the statements of a write request together', async () => {
    const t = await createTenant(admin);
    const rdb = handle('write', t.tenantId, t.userId);
    await rdb.db.insertInto('crm.contacts').values({ first_name: 'One' }).execute();
    await rdb.db.insertInto('crm.contacts').values({ first_name: 'Two' }).execute();
    await rdb.finish('commit');
    const { rows } = await admin.query('select count(*)::int as n from crm.contacts where tenant_id = $1', [
      t.tenantId,
    ]);
    expect(rows[0].n).toBe(2);
  });

  it('rolls a write request back entirely', async () => {
    const t = await createTenant(admin);
    const rdb = handle('write', t.tenantId, t.userId);
    await rdb.db.insertInto('crm.contacts').values({ first_name: 'Ghost' }).execute();
    await rdb.finish('rollback');
    const { rows } = await admin.query('select count(*)::int as n from crm.contacts where tenant_id = $1', [
      t.tenantId,
    ]);
    expect(rows[0].n).toBe(0);
  });

  it('refuses to report a commit when a statement had failed', async () => {
    const t = await createTenant(admin);
    const rdb = handle('write', t.tenantId, t.userId);
    await rdb.db.insertInto('crm.contacts').values({ first_name: 'Kept?' }).execute();
    await expect(rdb.query('select 1 / 0')).rejects.toMatchObject({ code: '22012' });
    await expect(rdb.finish('commit')).rejects.toBeInstanceOf(AbortedTransactionError);
    const { rows } = await admin.query('select count(*)::int as n from crm.contacts where tenant_id = $1', [
      t.tenantId,
    ]);
    expect(rows[0].n).toBe(0);
  });

  it('sees only the caller’s tenant, and cannot write into another one', async () => {
    const a = await createTenant(admin);
    const b = await createTenant(admin);
    await admin.query(`insert into crm.contacts (tenant_id, first_name) values ($1, 'A''s')`, [a.tenantId]);
    const read = handle('read', b.tenantId, b.userId);
    expect((await read.db.selectFrom('crm.contacts').select('id').execute()).length).toBe(0);
    await read.finish('commit');
    const write = handle('write', b.tenantId, b.userId);
    await expect(
      write.db.insertInto('crm.contacts').values({ tenant_id: a.tenantId, first_name: 'Intruder' }).execute(),
    ).rejects.toMatchObject({
      code: '42501',
    });
    await write.finish('rollback');
  });

  it('runs concurrent statements of one request one after another, in order', async () => {
    const t = await createTenant(admin);
    const rdb = handle('write', t.tenantId, t.userId);
    const results = await Promise.all([1, 2, 3, 4].map((n) => rdb.query('select $1::int as n', [n])));
    expect(results.map((r) => r.rows[0]?.n)).toEqual([1, 2, 3, 4]);
    await rdb.finish('commit');
  });

  it('takes no connection when the handler never queries', async () => {
    const t = await createTenant(admin);
    const rdb = handle('write', t.tenantId, t.userId);
    await rdb.finish('commit');
    expect(rdb.used).toBe(false);
  });

  it('refuses nested transactions', async () => {
    const t = await createTenant(admin);
    const rdb = handle('write', t.tenantId, t.userId);
    await expect(rdb.db.transaction().execute(async () => {})).rejects.toBeInstanceOf(NestedTransactionError);
    await rdb.finish('rollback');
  });
});

describe('RequestDb read statements, prepared once per connection', () => {
  /** The statements this module prepared on the (single) pooled connection, with their plan counts. */
  async function preparedStatements() {
    const { rows } = await pool.query<{ name: string; statement: string; generic_plans: string }>(
      "select name, statement, generic_plans from pg_prepared_statements where name like 'rdb\\_%'",
    );
    return rows;
  }

  it('plans a page once and still answers each tenant with its own rows', async () => {
    const a = await createTenant(admin);
    const b = await createTenant(admin);
    await admin.query(
      `insert into crm.contacts (tenant_id, first_name) select $1, 'A' || g from generate_series(1, 3) g`,
      [a.tenantId],
    );
    await admin.query(`insert into crm.contacts (tenant_id, first_name) values ($1, 'B1')`, [b.tenantId]);
    const page = async (t: { tenantId: string; userId: string }) => {
      const rdb = handle('read', t.tenantId, t.userId);
      const rows = await rdb.db
        .selectFrom('crm.contacts')
        .select(['first_name', 'tenant_id'])
        .orderBy('first_name')
        .limit(10)
        .execute();
      await rdb.finish('commit');
      return rows;
    };
    for (let i = 0; i < 4; i++) {
      expect(await page(a)).toEqual(
        ['A1', 'A2', 'A3'].map((first_name) => ({ first_name, tenant_id: a.tenantId })),
      );
      expect(await page(b)).toEqual([{ first_name: 'B1', tenant_id: b.tenantId }]);
    }
    const statement = (await preparedStatements()).find((s) =>
      s.statement.includes('select "first_name", "tenant_id" from "crm"."contacts"'),
    );
    // The limit is written into the statement, so its plan is generic (made once, reused).
    expect(statement?.statement).toContain(`limit '10'`);
    expect(Number(statement?.generic_plans)).toBeGreaterThan(0);
    // The role and claims still come from the request, not from the connection.
    const after = await pool.query(
      `select current_user as role, current_setting('request.jwt.claims', true) as claims`,
    );
    expect(after.rows[0]).toMatchObject({ role: 'crm_api' });
    expect(after.rows[0].claims ?? '').toBe('');
  });

  it('runs inlined what PostgreSQL cannot prepare without types, and reports errors unchanged', async () => {
    const t = await createTenant(admin);
    for (let i = 0; i < 2; i++) {
      const rdb = handle('read', t.tenantId, t.userId);
      expect((await rdb.query('select $1 as x', ['untyped'])).rows[0]).toEqual({ x: 'untyped' });
      await rdb.finish('commit');
    }
    const failing = handle('read', t.tenantId, t.userId);
    await expect(failing.query('select $1::int / $2::int as q', [1, 0])).rejects.toMatchObject({
      code: '22012',
    });
    expect((await failing.query('select $1::int / $2::int as q', [6, 3])).rows[0]).toEqual({ q: 2 });
    await failing.finish('commit');
  });

  it(`keeps at most ${PREPARED_PER_CONNECTION} statements, and prepares again what went missing`, async () => {
    const t = await createTenant(admin);
    const rdb = handle('read', t.tenantId, t.userId);
    for (let k = 0; k < PREPARED_PER_CONNECTION + 5; k++) {
      expect((await rdb.query(`select $1::int + ${k} as n`, [1])).rows[0]).toEqual({ n: k + 1 });
    }
    await rdb.finish('commit');
    expect((await preparedStatements()).length).toBeLessThanOrEqual(PREPARED_PER_CONNECTION);
    // Someone deallocates them behind the handle's back (DISCARD ALL, a pooler…): still answered.
    await pool.query('deallocate all');
    const again = handle('read', t.tenantId, t.userId);
    const last = PREPARED_PER_CONNECTION + 4;
    expect((await again.query(`select $1::int + ${last} as n`, [1])).rows[0]).toEqual({ n: last + 1 });
    await again.finish('commit');
  });
});
