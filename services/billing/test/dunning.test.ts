/**
 * Dunning on the run's PostgreSQL: the default schedule, steps taken as days pass (as of given
 * dates), one step at a time with earlier ones recorded skipped, the reminder e-mailed with its
 * PDF attached, pauses while disputed, stops when paid; the API's run and timeline; the tenants
 * the hourly job visits.
 */
import { RequestDb } from '@comptoir/db/request-db';
import type { DB } from '@comptoir/db/schema/billing';
import { useAdminPool, useServicePool } from '@comptoir/testing/fixtures';
import { expectProblem } from '@comptoir/testing/http';
import { describe, expect, it } from 'vitest';
import { runDunning } from '../src/db/dunning.js';
import { billingTenant, client, useBillingService } from './helpers.js';

const admin = useAdminPool();
const pool = useServicePool('billing', 3);
const { app } = useBillingService();
const { send, ok, get } = client(app);

/** runDunning for one tenant as of a date, as the hourly job runs it. */
async function dunAsOf(tenantId: string, today: string) {
  const rdb = new RequestDb<DB>({
    pool,
    role: 'billing_authenticated',
    claims: { role: 'authenticated', app_metadata: { tenant_id: tenantId } },
    requestId: `test-dunning-${today}`,
    mode: 'write',
  });
  try {
    const result = await runDunning(rdb.db, today);
    await rdb.finish('commit');
    return result;
  } catch (error) {
    await rdb.finish('rollback');
    throw error;
  }
}

/** An invoice issued on 2026-01-02, due 2026-01-10. */
async function overdueInvoice(token: string, customerId: string) {
  const draft = await ok(
    send('POST', '/invoices', token, {
      customer_id: customerId,
      due_date: '2026-01-10',
      lines: [{ description: 'Maintenance', unit_price_minor: 50_000 }],
    }),
    201,
  );
  return ok(send('POST', `/invoices/${draft.id}/issue`, token, { issue_date: '2026-01-02' }));
}

async function emailsTo(tenantId: string) {
  const { rows } = await admin.query(
    `select subject, to_address, template, attachments from platform.emails where tenant_id = $1 order by created_at`,
    [tenantId],
  );
  return rows;
}

describe('dunning schedule', () => {
  it('starts at +7, +15, +30 days then a formal notice at +45, and refuses an unordered one', async () => {
    const { token } = await billingTenant(app, admin);
    expect(await ok(get('/dunning/schedule', token))).toEqual({
      enabled: true,
      data: [
        { position: 1, offset_days: 7, kind: 'reminder' },
        { position: 2, offset_days: 15, kind: 'reminder' },
        { position: 3, offset_days: 30, kind: 'reminder' },
        { position: 4, offset_days: 45, kind: 'formal_notice' },
      ],
    });
    await expectProblem(
      await send('PUT', '/dunning/schedule', token, {
        steps: [
          { offset_days: 10, kind: 'reminder' },
          { offset_days: 5, kind: 'reminder' },
        ],
      }),
      422,
    );
    await expectProblem(
      await send('PUT', '/dunning/schedule', token, {
        steps: [
          { offset_days: 10, kind: 'formal_notice' },
          { offset_days: 20, kind: 'reminder' },
        ],
      }),
      422,
    );
    const updated = await ok(
      send('PUT', '/dunning/schedule', token, {
        steps: [
          { offset_days: 3, kind: 'reminder' },
          { offset_days: 20, kind: 'formal_notice' },
        ],
      }),
    );
    expect(updated.data).toHaveLength(2);
  });
});

describe('dunning runs', () => {
  it('takes each step once as days pass, waits while disputed, and stops when paid', async () => {
    const { owner, token, customer } = await billingTenant(app, admin);
    const invoice = await overdueInvoice(token, customer.id);
    expect(await dunAsOf(owner.tenantId, '2026-01-15')).toMatchObject({ invoices_checked: 1, steps_sent: 0 });
    expect(await dunAsOf(owner.tenantId, '2026-01-17')).toMatchObject({ steps_sent: 1 });
    expect(await dunAsOf(owner.tenantId, '2026-01-18')).toMatchObject({ steps_sent: 0 });
    const [first] = await emailsTo(owner.tenantId);
    expect(first).toMatchObject({
      to_address: 'compta@boulangerie-martin.example',
      template: 'billing.dunning.reminder',
    });
    expect(first.subject).toBe(`Rappel : facture ${invoice.number} impayée`);
    expect(first.attachments).toHaveLength(1);
    expect(first.attachments[0]).toMatchObject({
      filename: `relance-${invoice.number}.pdf`,
      content_type: 'application/pdf',
    });
    expect(Buffer.from(first.attachments[0].content_base64, 'base64').subarray(0, 5).toString()).toBe(
      '%PDF-',
    );

    await ok(send('POST', `/invoices/${invoice.id}/dispute`, token, { disputed: true }));
    expect(await dunAsOf(owner.tenantId, '2026-01-30')).toMatchObject({ invoices_checked: 0 });
    await ok(send('POST', `/invoices/${invoice.id}/dispute`, token, { disputed: false }));
    // 20 days past due: the +15 step.
    expect(await dunAsOf(owner.tenantId, '2026-01-30')).toMatchObject({ steps_sent: 1, steps_skipped: 0 });

    await ok(
      send('POST', `/invoices/${invoice.id}/payments`, token, {
        amount_minor: invoice.gross_minor,
        method: 'transfer',
        received_on: '2026-02-01',
      }),
      201,
    );
    expect(await dunAsOf(owner.tenantId, '2026-03-30')).toMatchObject({ invoices_checked: 0 });
    const timeline = await ok(get(`/invoices/${invoice.id}/dunning`, token));
    expect(timeline.data.map((e: any) => [e.step_position, e.outcome, e.days_past_due])).toEqual([
      [1, 'sent', 7],
      [2, 'sent', 20],
    ]);
    expect(timeline.data[0].email_to).toBe('compta@boulangerie-martin.example');
  });

  it('sends only the latest step reached, recording earlier ones skipped; a formal notice at the end', async () => {
    const { owner, token, customer } = await billingTenant(app, admin);
    const invoice = await overdueInvoice(token, customer.id);
    // Run through the API, as of today: the invoice is months overdue.
    expect(await ok(send('POST', '/dunning/run', token))).toMatchObject({ steps_sent: 1, steps_skipped: 3 });
    expect(await ok(send('POST', '/dunning/run', token))).toMatchObject({ steps_sent: 0, steps_skipped: 0 });
    const emails = await emailsTo(owner.tenantId);
    expect(emails.map((e) => e.subject)).toEqual([`Mise en demeure : facture ${invoice.number}`]);
    const timeline = await ok(get(`/invoices/${invoice.id}/dunning`, token));
    expect(timeline.data.map((e: any) => e.outcome)).toEqual(['skipped', 'skipped', 'skipped', 'sent']);
  });

  it('records the step without an e-mail when the customer has no address, and does nothing when paused', async () => {
    const { owner, token } = await billingTenant(app, admin);
    const silent = await ok(
      send('POST', '/customers', token, {
        legal_name: 'Sans Mail',
        address_line1: '1 rue',
        postal_code: '75001',
        city: 'Paris',
      }),
      201,
    );
    await overdueInvoice(token, silent.id);
    await ok(send('PUT', '/dunning/schedule', token, { enabled: false }));
    expect(await dunAsOf(owner.tenantId, '2026-01-20')).toMatchObject({ invoices_checked: 0 });
    await ok(send('PUT', '/dunning/schedule', token, { enabled: true }));
    expect(await dunAsOf(owner.tenantId, '2026-01-20')).toMatchObject({ without_email: 1, steps_sent: 0 });
    expect(await emailsTo(owner.tenantId)).toEqual([]);
  });

  it('the hourly job visits tenants with an overdue undisputed invoice, and no other', async () => {
    const a = await billingTenant(app, admin);
    await overdueInvoice(a.token, a.customer.id);
    const b = await billingTenant(app, admin);
    const disputed = await overdueInvoice(b.token, b.customer.id);
    await ok(send('POST', `/invoices/${disputed.id}/dispute`, b.token, { disputed: true }));
    const { rows } = await pool.query<{ tenant_id: string }>(
      'select private.billing_tenants_to_dun() as tenant_id',
    );
    const visited = rows.map((r) => r.tenant_id);
    expect(visited).toContain(a.owner.tenantId);
    expect(visited).not.toContain(b.owner.tenantId);
  });
});
