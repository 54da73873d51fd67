/**
 * Recurring invoices on the run's PostgreSQL: one invoice per period as days pass (as of given
 * dates), catching up, issued at once or left as drafts, month ends, pause and end, a failing
 * template retried without blocking; the job's tenant selection.
 */
import { RequestDb } from '@comptoir/db/request-db';
import type { DB } from '@comptoir/db/schema/billing';
import { createTenant, signAccessToken, useAdminPool, useServicePool } from '@comptoir/testing/fixtures';
import { expectProblem } from '@comptoir/testing/http';
import { describe, expect, it } from 'vitest';
import { runRecurring } from '../src/db/recurring.js';
import { runForTenants, TENANT_JOBS } from '../src/jobs/tenant-jobs.js';
import { billingTenant, client, useBillingService } from './helpers.js';

const admin = useAdminPool();
const pool = useServicePool('billing', 3);
const { app } = useBillingService();
const { send, ok, get } = client(app);

async function runAsOf(tenantId: string, today: string) {
  const rdb = new RequestDb<DB>({
    pool,
    role: 'billing_authenticated',
    claims: { role: 'authenticated', app_metadata: { tenant_id: tenantId } },
    requestId: `test-recurring-${today}`,
    mode: 'write',
  });
  try {
    const result = await runRecurring(rdb.db, today);
    await rdb.finish('commit');
    return result;
  } catch (error) {
    await rdb.finish('rollback');
    throw error;
  }
}

const LINES = [{ description: 'Infogérance mensuelle', unit_price_minor: 30_000 }];

describe('recurring invoices', () => {
  it('issue one invoice per month as the months come, catching up, each period once', async () => {
    const { owner, token, customer } = await billingTenant(app, admin);
    const template = await ok(
      send('POST', '/recurring-invoices', token, {
        customer_id: customer.id,
        frequency: 'monthly',
        start_date: '2026-08-01',
        auto_issue: true,
        lines: LINES,
      }),
      201,
    );
    expect(template).toMatchObject({ status: 'active', next_run_on: '2026-08-01', occurrences: 0 });
    expect(await runAsOf(owner.tenantId, '2026-07-31')).toMatchObject({ templates: 0 });
    expect(await runAsOf(owner.tenantId, '2026-10-15')).toMatchObject({
      invoices_created: 3,
      invoices_issued: 3,
    });
    expect(await runAsOf(owner.tenantId, '2026-10-20')).toMatchObject({ invoices_created: 0 });
    const { data } = await ok(get(`/invoices?customer_id=${customer.id}`, token));
    // Issued on 2026-10-15, due 30 days later: past due by now.
    expect(data.map((i: any) => [i.status, i.issue_date, i.gross_minor])).toEqual([
      ['overdue', '2026-10-15', 36_000],
      ['overdue', '2026-10-15', 36_000],
      ['overdue', '2026-10-15', 36_000],
    ]);
    expect(data.map((i: any) => i.number).sort()).toEqual([
      'F-2026-000001',
      'F-2026-000002',
      'F-2026-000003',
    ]);
    expect(data.map((i: any) => i.note).sort()).toEqual([
      'Période du 2026-08-01 au 2026-08-31.',
      'Période du 2026-09-01 au 2026-09-30.',
      'Période du 2026-10-01 au 2026-10-31.',
    ]);
    expect(await ok(get(`/recurring-invoices/${template.id}`, token))).toMatchObject({
      next_run_on: '2026-11-01',
      occurrences: 3,
    });
  });

  it('leave drafts without auto_issue, follow month ends, stop at the end date', async () => {
    const { owner, token, customer } = await billingTenant(app, admin);
    const template = await ok(
      send('POST', '/recurring-invoices', token, {
        customer_id: customer.id,
        frequency: 'monthly',
        start_date: '2026-01-31',
        end_date: '2026-04-15',
        lines: LINES,
      }),
      201,
    );
    expect(await runAsOf(owner.tenantId, '2026-11-01')).toMatchObject({
      invoices_created: 3,
      invoices_issued: 0,
    });
    const { data } = await ok(get(`/invoices?customer_id=${customer.id}&status=draft`, token));
    expect(data.map((i: any) => /du (\S+) au/.exec(i.note)?.[1]).sort()).toEqual([
      '2026-01-31',
      '2026-02-28',
      '2026-03-31',
    ]);
    expect(await ok(get(`/recurring-invoices/${template.id}`, token))).toMatchObject({
      status: 'ended',
      occurrences: 3,
    });
    await expectProblem(
      await send('PATCH', `/recurring-invoices/${template.id}`, token, { status: 'active' }),
      409,
    );
  });

  it('quarterly and yearly periods; a paused template waits, and resuming does not bill the paused periods', async () => {
    const { owner, token, customer } = await billingTenant(app, admin);
    const quarterly = await ok(
      send('POST', '/recurring-invoices', token, {
        customer_id: customer.id,
        frequency: 'quarterly',
        start_date: '2026-01-01',
        lines: LINES,
      }),
      201,
    );
    const yearly = await ok(
      send('POST', '/recurring-invoices', token, {
        customer_id: customer.id,
        frequency: 'yearly',
        start_date: '2025-06-01',
        lines: LINES,
      }),
      201,
    );
    await ok(send('PATCH', `/recurring-invoices/${yearly.id}`, token, { status: 'paused' }));
    await runAsOf(owner.tenantId, '2026-11-01');
    expect(await ok(get(`/recurring-invoices/${quarterly.id}`, token))).toMatchObject({
      occurrences: 4,
      next_run_on: '2027-01-01',
    });
    expect(await ok(get(`/recurring-invoices/${yearly.id}`, token))).toMatchObject({
      occurrences: 0,
      next_run_on: '2025-06-01',
    });
    await ok(send('PATCH', `/recurring-invoices/${yearly.id}`, token, { status: 'active' }));
    await runAsOf(owner.tenantId, '2026-11-01');
    expect(await ok(get(`/recurring-invoices/${yearly.id}`, token))).toMatchObject({
      occurrences: 2,
      next_run_on: '2027-06-01',
    });
  });

  it('a template that cannot invoice records why, keeps its period, and does not block the others', async () => {
    const { owner, token, customer } = await billingTenant(app, admin);
    const product = await ok(
      send('POST', '/products', token, { name: 'Licence', unit_price_minor: 5_000 }),
      201,
    );
    const broken = await ok(
      send('POST', '/recurring-invoices', token, {
        customer_id: customer.id,
        frequency: 'monthly',
        start_date: '2026-10-01',
        lines: [{ product_id: product.id }],
      }),
      201,
    );
    const fine = await ok(
      send('POST', '/recurring-invoices', token, {
        customer_id: customer.id,
        frequency: 'monthly',
        start_date: '2026-10-01',
        lines: LINES,
      }),
      201,
    );
    await ok(send('PATCH', `/products/${product.id}`, token, { archived: true }));
    expect(await runAsOf(owner.tenantId, '2026-10-02')).toMatchObject({
      templates: 2,
      invoices_created: 1,
      failed: 1,
    });
    expect(await ok(get(`/recurring-invoices/${broken.id}`, token))).toMatchObject({
      occurrences: 0,
      next_run_on: '2026-10-01',
    });
    expect((await ok(get(`/recurring-invoices/${broken.id}`, token))).last_error).toMatch(/product/);
    expect(await ok(get(`/recurring-invoices/${fine.id}`, token))).toMatchObject({ occurrences: 1 });
  });

  it('refuse bad templates, are 404 to other tenants, and the job visits only tenants with a period due', async () => {
    const { owner, token, customer } = await billingTenant(app, admin);
    await expectProblem(
      await send('POST', '/recurring-invoices', token, {
        customer_id: customer.id,
        frequency: 'weekly',
        start_date: '2026-01-01',
        lines: LINES,
      }),
      422,
    );
    await expectProblem(
      await send('POST', '/recurring-invoices', token, {
        customer_id: customer.id,
        frequency: 'monthly',
        start_date: '2026-01-01',
        lines: [],
      }),
      422,
    );
    const template = await ok(
      send('POST', '/recurring-invoices', token, {
        customer_id: customer.id,
        frequency: 'monthly',
        start_date: '2026-11-01',
        lines: LINES,
      }),
      201,
    );
    const intruder = await signAccessToken(await createTenant(admin));
    await expectProblem(await get(`/recurring-invoices/${template.id}`, intruder), 404);
    await expectProblem(
      await send('PATCH', `/recurring-invoices/${template.id}`, intruder, { status: 'paused' }),
      404,
    );
    const { rows } = await pool.query<{ tenant_id: string }>(
      'select private.billing_tenants_with_recurring_due() as tenant_id',
    );
    expect(rows.map((r) => r.tenant_id)).toContain(owner.tenantId);
    expect(typeof runForTenants).toBe('function');
    expect(TENANT_JOBS.recurring.tenantsFunction).toBe('private.billing_tenants_with_recurring_due');
  });
});
