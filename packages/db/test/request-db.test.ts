/**
 * The per-request handle: the role and claims apply to the request's statements only, nothing
 * leaks to the next user of a pooled connection, inlined parameters mean exactly what bound ones
 * do, and write requests commit or roll back as one transaction.
 */
import { randomUUID } from 'node:crypto';
import { createTenant, useAdminPool, useServicePool } from '@comptoir/testing/fixtures';
import { describe, expect, it } from 'vitest';
import type { DB } from '../src/generated/crm.js';
import { AbortedTransactionError, NestedTransactionError, RequestDb } from '../src/request-db.js';

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
