/**
 * Invoices, credit notes and payments through the real HTTP handlers on the run's PostgreSQL:
 * every state transition and its refusals, gapless numbering under concurrency, totals and VAT,
 * legal mentions, the database's own immutability guard, events, permissions and tenant
 * isolation.
 */
import { randomUUID } from 'node:crypto';
import { addMember, createTenant, signAccessToken, useAdminPool } from '@comptoir/testing/fixtures';
import { expectProblem } from '@comptoir/testing/http';
import { describe, expect, it } from 'vitest';
import { billingTenant, client, useBillingService } from './helpers.js';

const admin = useAdminPool();
const { app } = useBillingService();
const { send, ok, get } = client(app);

const LINES = [
  {
    description: 'Développement site vitrine',
    quantity_milli: 3500,
    unit_code: 'DAY',
    unit_price_minor: 45_000,
  },
  { description: 'Livres techniques', quantity_milli: 2000, unit_price_minor: 3_999 },
];

async function rateId(token: string, basisPoints: number, category = 'S') {
  const { data } = await ok(get('/tax-rates', token));
  return data.find((r: any) => r.rate_basis_points === basisPoints && r.vat_category === category)
    .id as string;
}

async function draft(token: string, customerId: string, extra: Record<string, unknown> = {}) {
  const reduced = await rateId(token, 550);
  return ok(
    send('POST', '/invoices', token, {
      customer_id: customerId,
      lines: [LINES[0], { ...LINES[1], tax_rate_id: reduced }],
      ...extra,
    }),
    201,
  );
}

/** Events of a type the tenant's transactions wrote to the outbox. */
async function eventCount(tenantId: string, type: string): Promise<number> {
  const { rows } = await admin.query(
    'select count(*)::int as n from platform.outbox where tenant_id = $1 and event_type = $2',
    [tenantId, type],
  );
  return rows[0].n;
}

const issue = (token: string, id: string, body: Record<string, unknown> = {}) =>
  send('POST', `/invoices/${id}/issue`, token, body);

async function tableCounts(tenantId: string) {
  const { rows } = await admin.query(
    `select (select count(*) from billing.invoices where tenant_id = $1)::int as invoices,
            (select count(*) from billing.invoice_lines where tenant_id = $1)::int as lines,
            (select count(*) from billing.payments where tenant_id = $1)::int as payments,
            (select count(*) from billing.customer_credit_entries where tenant_id = $1)::int as credits,
            (select coalesce(max(last_value), 0) from billing.number_sequences where tenant_id = $1)::int as last_number`,
    [tenantId],
  );
  return rows[0];
}

describe('draft invoices', () => {
  it('computes line nets, VAT per rate and totals in minor units, and stays editable', async () => {
    const { token, customer } = await billingTenant(app, admin);
    const invoice = await draft(token, customer.id);
    expect(invoice).toMatchObject({
      status: 'draft',
      number: null,
      currency: 'EUR',
      customer_name: 'Boulangerie Martin SARL',
    });
    // 3.5 × 450.00 = 1575.00 at 20 %; 2 × 39.99 = 79.98 at 5.5 % (VAT 4.3989 → 4.40)
    expect(invoice.lines.map((l: any) => l.net_minor)).toEqual([157_500, 7_998]);
    expect(invoice.vat_breakdown).toEqual([
      expect.objectContaining({ vat_rate_basis_points: 2000, taxable_minor: 157_500, tax_minor: 31_500 }),
      expect.objectContaining({ vat_rate_basis_points: 550, taxable_minor: 7_998, tax_minor: 440 }),
    ]);
    expect(invoice).toMatchObject({
      net_minor: 165_498,
      tax_minor: 31_940,
      gross_minor: 197_438,
      balance_due_minor: 0,
    });

    const edited = await ok(
      send('PATCH', `/invoices/${invoice.id}`, token, { lines: [LINES[1]], note: 'Merci' }),
    );
    expect(edited.lines).toHaveLength(1);
    expect(edited).toMatchObject({ note: 'Merci', net_minor: 7_998, tax_minor: 1_600, gross_minor: 9_598 });
  });

  it('takes description, unit, price and rate from a product', async () => {
    const { token, customer } = await billingTenant(app, admin);
    const ten = await rateId(token, 1000);
    const product = await ok(
      send('POST', '/products', token, {
        name: 'Repas',
        unit_code: 'C62',
        unit_price_minor: 1_850,
        tax_rate_id: ten,
      }),
      201,
    );
    const invoice = await ok(
      send('POST', '/invoices', token, {
        customer_id: customer.id,
        lines: [{ product_id: product.id, quantity_milli: 6000 }],
      }),
      201,
    );
    expect(invoice.lines[0]).toMatchObject({
      description: 'Repas',
      unit_price_minor: 1_850,
      vat_rate_basis_points: 1000,
      net_minor: 11_100,
    });
    expect(invoice.tax_minor).toBe(1_110);
  });

  it('refuses unknown products, tax rates and customers, naming each line, and writes nothing', async () => {
    const { owner, token, customer } = await billingTenant(app, admin);
    const before = await tableCounts(owner.tenantId);
    const res = await send('POST', '/invoices', token, {
      customer_id: customer.id,
      lines: [
        { product_id: randomUUID() },
        { description: 'x', unit_price_minor: 100, tax_rate_id: randomUUID() },
      ],
    });
    const problem = await expectProblem(res, 422);
    expect(problem.errors?.map((e) => e.pointer)).toEqual(['#/lines/0/product_id', '#/lines/1/tax_rate_id']);
    await expectProblem(await send('POST', '/invoices', token, { customer_id: randomUUID() }), 422);
    expect(await tableCounts(owner.tenantId)).toEqual(before);
  });

  it('refuses floats, zero quantities and unknown fields with field errors', async () => {
    const { token, customer } = await billingTenant(app, admin);
    const problem = await expectProblem(
      await send('POST', '/invoices', token, {
        customer_id: customer.id,
        lines: [{ description: 'x', unit_price_minor: 12.5, quantity_milli: 0 }],
        surprise: true,
      }),
      422,
    );
    expect(JSON.stringify(problem)).toMatch(/lines\/0\/unit_price_minor|unit_price_minor/);
  });
});

describe('issuing', () => {
  it('numbers F-<year>-000001, freezes seller, buyer and due date, adds the legal mentions and emits billing.invoice.issued', async () => {
    const { owner, token, customer } = await billingTenant(app, admin);
    const invoice = await draft(token, customer.id);
    const issued = await ok(issue(token, invoice.id, { issue_date: '2026-11-02' }));
    expect(issued).toMatchObject({
      status: 'issued',
      number: 'F-2026-000001',
      issue_date: '2026-11-02',
      due_date: '2026-12-02',
      payment_terms_days: 30,
      balance_due_minor: 197_438,
    });
    expect(issued.legal_mentions.join('\n')).toMatch(/L441-10/);
    expect(issued.legal_mentions.join('\n')).toMatch(/40 €.*D441-5/);

    // The customer changes later; the issued invoice keeps the buyer it was issued to.
    await ok(send('PATCH', `/customers/${customer.id}`, token, { legal_name: 'Martin & Fils' }));
    expect((await ok(get(`/invoices/${invoice.id}`, token))).customer_name).toBe('Boulangerie Martin SARL');

    const { rows } = await admin.query(
      `select event_type, payload from platform.outbox where tenant_id = $1 and aggregate_id = $2`,
      [owner.tenantId, invoice.id],
    );
    expect(rows).toEqual([
      expect.objectContaining({
        event_type: 'billing.invoice.issued',
        payload: expect.objectContaining({ number: 'F-2026-000001', gross_minor: 197_438, currency: 'EUR' }),
      }),
    ]);
  });

  it('refuses to issue without lines, with incomplete seller settings, in the future, or twice', async () => {
    const { owner, token, customer } = await billingTenant(app, admin);
    const empty = await ok(send('POST', '/invoices', token, { customer_id: customer.id }), 201);
    const noLine = await expectProblem(await issue(token, empty.id), 422);
    expect(noLine.errors?.map((e) => e.pointer)).toContain('#/lines');

    const invoice = await draft(token, customer.id);
    await expectProblem(await issue(token, invoice.id, { issue_date: '2999-01-01' }), 422);
    await ok(send('PATCH', '/settings', token, { siren: null, vat_number: null }));
    const incomplete = await expectProblem(await issue(token, invoice.id), 422);
    expect(incomplete.errors?.map((e) => e.pointer)).toEqual(['#/settings/siren', '#/settings/vat_number']);
    expect((await tableCounts(owner.tenantId)).last_number).toBe(0);

    await ok(send('PATCH', '/settings', token, { siren: '303265045', vat_number: 'FR40303265045' }));
    await ok(issue(token, invoice.id));
    await expectProblem(await issue(token, invoice.id), 409);
  });

  it('keeps numbers in date order: an issue date before the last one is refused and gives its number back', async () => {
    const { owner, token, customer } = await billingTenant(app, admin);
    await ok(issue(token, (await draft(token, customer.id)).id, { issue_date: '2026-11-10' }));
    const late = await draft(token, customer.id);
    const problem = await expectProblem(await issue(token, late.id, { issue_date: '2026-11-09' }), 422);
    expect(problem.detail).toMatch(/2026-11-10/);
    expect((await tableCounts(owner.tenantId)).last_number).toBe(1);
    expect((await ok(issue(token, late.id, { issue_date: '2026-11-10' }))).number).toBe('F-2026-000002');
  });

  it('gives 20 concurrent issues the numbers 1 to 20, each once, with no gap', async () => {
    const { token, customer } = await billingTenant(app, admin);
    const drafts = [];
    for (let i = 0; i < 20; i++) drafts.push(await draft(token, customer.id));
    const responses = await Promise.all(drafts.map((d) => issue(token, d.id, { issue_date: '2026-11-02' })));
    const numbers = await Promise.all(responses.map(async (r) => (await ok(r)).number as string));
    expect(numbers.sort()).toEqual(
      Array.from({ length: 20 }, (_, i) => `F-2026-${String(i + 1).padStart(6, '0')}`),
    );
  });

  it('numbers each year from 1 and each tenant on its own', async () => {
    const a = await billingTenant(app, admin);
    const b = await billingTenant(app, admin);
    await ok(issue(a.token, (await draft(a.token, a.customer.id)).id, { issue_date: '2025-12-31' }));
    const jan = await ok(
      issue(a.token, (await draft(a.token, a.customer.id)).id, { issue_date: '2026-01-02' }),
    );
    const other = await ok(
      issue(b.token, (await draft(b.token, b.customer.id)).id, { issue_date: '2026-01-02' }),
    );
    expect([jan.number, other.number]).toEqual(['F-2026-000001', 'F-2026-000001']);
  });
});

describe('an issued invoice', () => {
  it('cannot be edited or deleted through the API, and the database refuses it too', async () => {
    const { owner, token, customer } = await billingTenant(app, admin);
    const invoice = await ok(issue(token, (await draft(token, customer.id)).id));
    const before = await tableCounts(owner.tenantId);
    expect(
      (await expectProblem(await send('PATCH', `/invoices/${invoice.id}`, token, { note: 'changed' }), 409))
        .detail,
    ).toMatch(/credit note/);
    await expectProblem(await send('DELETE', `/invoices/${invoice.id}`, token), 409);
    expect(await tableCounts(owner.tenantId)).toEqual(before);

    // Even the service's own role, bypassing the API, cannot change it.
    const db = await admin.connect();
    try {
      await db.query('begin');
      await db.query(`select set_config('request.jwt.claims', $1, true)`, [
        JSON.stringify({
          sub: owner.userId,
          role: 'authenticated',
          app_metadata: { tenant_id: owner.tenantId, tenant_role: 'OWNER' },
        }),
      ]);
      await db.query('set local role billing_authenticated');
      await expect(
        db.query(`update billing.invoices set net_minor = 1 where id = $1`, [invoice.id]),
      ).rejects.toMatchObject({ code: '55000' });
      await db.query('rollback');
      await db.query('begin');
      await db.query(`select set_config('request.jwt.claims', $1, true)`, [
        JSON.stringify({
          sub: owner.userId,
          role: 'authenticated',
          app_metadata: { tenant_id: owner.tenantId, tenant_role: 'OWNER' },
        }),
      ]);
      await db.query('set local role billing_authenticated');
      await expect(
        db.query(`update billing.invoice_lines set description = 'x' where invoice_id = $1`, [invoice.id]),
      ).rejects.toMatchObject({ code: '55000' });
      await db.query('rollback');
    } finally {
      db.release();
    }
  });

  it('a draft can be deleted', async () => {
    const { owner, token, customer } = await billingTenant(app, admin);
    const invoice = await draft(token, customer.id);
    await ok(send('DELETE', `/invoices/${invoice.id}`, token), 204);
    expect((await tableCounts(owner.tenantId)).lines).toBe(0);
    await expectProblem(await get(`/invoices/${invoice.id}`, token), 404);
  });
});

describe('payments', () => {
  it('partial then full payment: partially paid, then paid; an overpayment becomes customer credit', async () => {
    const { owner, token, customer } = await billingTenant(app, admin);
    const invoice = await ok(issue(token, (await draft(token, customer.id)).id));
    const first = await ok(
      send('POST', `/invoices/${invoice.id}/payments`, token, {
        amount_minor: 100_000,
        method: 'transfer',
        received_on: '2026-11-05',
      }),
      201,
    );
    expect(first).toMatchObject({ applied_minor: 100_000, credit_minor: 0, currency: 'EUR' });
    expect(await ok(get(`/invoices/${invoice.id}`, token))).toMatchObject({
      status: 'partially_paid',
      paid_minor: 100_000,
      balance_due_minor: 97_438,
    });

    const second = await ok(
      send('POST', `/invoices/${invoice.id}/payments`, token, {
        amount_minor: 100_000,
        method: 'cheque',
        received_on: '2026-11-06',
      }),
      201,
    );
    expect(second).toMatchObject({ applied_minor: 97_438, credit_minor: 2_562 });
    expect(await ok(get(`/invoices/${invoice.id}`, token))).toMatchObject({
      status: 'paid',
      balance_due_minor: 0,
    });
    expect(await ok(get(`/customers/${customer.id}/balance`, token))).toEqual({
      data: [{ currency: 'EUR', credit_minor: 2_562, outstanding_minor: 0 }],
    });
    await expectProblem(
      await send('POST', `/invoices/${invoice.id}/payments`, token, {
        amount_minor: 1,
        method: 'cash',
        received_on: '2026-11-06',
      }),
      409,
    );
    expect((await ok(get(`/invoices/${invoice.id}/payments`, token))).data).toHaveLength(2);

    expect(await eventCount(owner.tenantId, 'billing.payment.received')).toBe(2);
  });

  it('customer credit pays another invoice, never more than the credit held', async () => {
    const { token, customer } = await billingTenant(app, admin);
    const one = await ok(
      issue(
        token,
        (
          await ok(
            send('POST', '/invoices', token, {
              customer_id: customer.id,
              lines: [{ description: 'A', unit_price_minor: 1_000 }],
            }),
            201,
          )
        ).id,
      ),
    );
    await ok(
      send('POST', `/invoices/${one.id}/payments`, token, {
        amount_minor: 1_500,
        method: 'transfer',
        received_on: '2026-11-05',
      }),
      201,
    );
    const two = await ok(
      issue(
        token,
        (
          await ok(
            send('POST', '/invoices', token, {
              customer_id: customer.id,
              lines: [{ description: 'B', unit_price_minor: 1_000 }],
            }),
            201,
          )
        ).id,
      ),
    );
    await expectProblem(
      await send('POST', `/invoices/${two.id}/payments`, token, {
        amount_minor: 400,
        method: 'customer_credit',
        received_on: '2026-11-06',
      }),
      422,
    );
    await ok(
      send('POST', `/invoices/${two.id}/payments`, token, {
        amount_minor: 300,
        method: 'customer_credit',
        received_on: '2026-11-06',
      }),
      201,
    );
    expect(await ok(get(`/customers/${customer.id}/balance`, token))).toEqual({
      data: [{ currency: 'EUR', credit_minor: 0, outstanding_minor: 900 }],
    });
  });

  it('refuses payments of drafts and of cancelled invoices', async () => {
    const { token, customer } = await billingTenant(app, admin);
    const d = await draft(token, customer.id);
    const pay = { amount_minor: 100, method: 'card', received_on: '2026-11-05' };
    await expectProblem(await send('POST', `/invoices/${d.id}/payments`, token, pay), 409);
    const issued = await ok(issue(token, d.id));
    await ok(send('POST', `/invoices/${issued.id}/credit-notes`, token, {}), 201);
    expect(
      (await expectProblem(await send('POST', `/invoices/${issued.id}/payments`, token, pay), 409)).detail,
    ).toMatch(/cancelled/);
  });

  it('a failed payment (returned direct debit) puts its amount back on the balance and emits billing.payment.failed', async () => {
    const { owner, token, customer } = await billingTenant(app, admin);
    const invoice = await ok(issue(token, (await draft(token, customer.id)).id));
    const payment = await ok(
      send('POST', `/invoices/${invoice.id}/payments`, token, {
        amount_minor: invoice.gross_minor,
        method: 'sepa_debit',
        received_on: '2026-11-05',
      }),
      201,
    );
    expect((await ok(get(`/invoices/${invoice.id}`, token))).status).toBe('paid');
    const failed = await ok(
      send('POST', `/payments/${payment.id}/fail`, token, { reason: 'AM04 insufficient funds' }),
    );
    expect(failed).toMatchObject({ status: 'failed', failure_reason: 'AM04 insufficient funds' });
    expect(await ok(get(`/invoices/${invoice.id}`, token))).toMatchObject({
      status: 'issued',
      paid_minor: 0,
      balance_due_minor: invoice.gross_minor,
    });
    await expectProblem(await send('POST', `/payments/${payment.id}/fail`, token, { reason: 'again' }), 409);
    expect(await eventCount(owner.tenantId, 'billing.payment.failed')).toBe(1);
  });
});

describe('credit notes', () => {
  it('a full credit note is numbered AV-<year>-000001, cancels the invoice and emits billing.credit_note.issued', async () => {
    const { owner, token, customer } = await billingTenant(app, admin);
    const invoice = await ok(issue(token, (await draft(token, customer.id)).id));
    const note = await ok(
      send('POST', `/invoices/${invoice.id}/credit-notes`, token, { note: 'Commande annulée' }),
      201,
    );
    expect(note).toMatchObject({
      kind: 'credit_note',
      status: 'issued',
      credited_invoice_id: invoice.id,
      gross_minor: invoice.gross_minor,
    });
    expect(note.number).toMatch(/^AV-\d{4}-000001$/);
    expect(await ok(get(`/invoices/${invoice.id}`, token))).toMatchObject({
      status: 'cancelled',
      credited_minor: invoice.gross_minor,
      balance_due_minor: 0,
    });
    await expectProblem(await send('POST', `/invoices/${invoice.id}/credit-notes`, token, {}), 409);
    await expectProblem(await send('POST', `/invoices/${note.id}/credit-notes`, token, {}), 409);
    expect(await eventCount(owner.tenantId, 'billing.credit_note.issued')).toBe(1);
  });

  it('a partial credit note lowers the balance; crediting more than is left is refused', async () => {
    const { token, customer } = await billingTenant(app, admin);
    const invoice = await ok(issue(token, (await draft(token, customer.id)).id));
    const partial = await ok(
      send('POST', `/invoices/${invoice.id}/credit-notes`, token, {
        lines: [{ description: 'Geste commercial', unit_price_minor: 10_000 }],
      }),
      201,
    );
    expect(partial.gross_minor).toBe(12_000);
    expect(await ok(get(`/invoices/${invoice.id}`, token))).toMatchObject({
      status: 'issued',
      credited_minor: 12_000,
      balance_due_minor: invoice.gross_minor - 12_000,
    });
    await expectProblem(
      await send('POST', `/invoices/${invoice.id}/credit-notes`, token, {
        lines: [{ description: 'Trop', unit_price_minor: 1_000_000 }],
      }),
      422,
    );
  });

  it('crediting a paid invoice turns the money paid into customer credit', async () => {
    const { token, customer } = await billingTenant(app, admin);
    const invoice = await ok(issue(token, (await draft(token, customer.id)).id));
    await ok(
      send('POST', `/invoices/${invoice.id}/payments`, token, {
        amount_minor: invoice.gross_minor,
        method: 'transfer',
        received_on: '2026-11-05',
      }),
      201,
    );
    await ok(send('POST', `/invoices/${invoice.id}/credit-notes`, token, {}), 201);
    expect(await ok(get(`/customers/${customer.id}/balance`, token))).toEqual({
      data: [{ currency: 'EUR', credit_minor: invoice.gross_minor, outstanding_minor: 0 }],
    });
  });
});

describe('list, overdue and totals', () => {
  it('derives overdue from the due date, filters by status and sums per currency', async () => {
    const { token, customer } = await billingTenant(app, admin);
    const late = await ok(
      issue(token, (await draft(token, customer.id, { due_date: '2026-01-10' })).id, {
        issue_date: '2026-01-02',
      }),
    );
    expect(late.status).toBe('overdue');
    await draft(token, customer.id);
    const overdue = await ok(get('/invoices?status=overdue', token));
    expect(overdue.data.map((i: any) => i.id)).toEqual([late.id]);
    expect((await ok(get('/invoices?status=draft', token))).data).toHaveLength(1);
    expect((await ok(get('/invoices?status=issued', token))).data).toHaveLength(0);
    const summary = await ok(get('/invoices/summary', token));
    expect(summary.data).toEqual([
      expect.objectContaining({
        currency: 'EUR',
        draft_count: 1,
        overdue_count: 1,
        overdue_minor: late.gross_minor,
        outstanding_minor: late.gross_minor,
      }),
    ]);
  });

  it('pages with a cursor, newest first, each invoice once', async () => {
    const { token, customer } = await billingTenant(app, admin);
    for (let i = 0; i < 5; i++) await draft(token, customer.id);
    const first = await ok(get('/invoices?limit=2', token));
    const second = await ok(get(`/invoices?limit=2&cursor=${first.next_cursor}`, token));
    const third = await ok(get(`/invoices?limit=2&cursor=${second.next_cursor}`, token));
    const ids = [...first.data, ...second.data, ...third.data].map((i: any) => i.id);
    expect(new Set(ids).size).toBe(5);
    expect(third.next_cursor).toBeNull();
  });
});

describe('permissions and tenant isolation', () => {
  it('MEMBER drafts and records payments but cannot issue, credit or delete', async () => {
    const { owner, token, customer } = await billingTenant(app, admin);
    const member = await addMember(admin, owner.tenantId, 'MEMBER');
    const memberToken = await signAccessToken(member);
    const d = await draft(memberToken, customer.id);
    await expectProblem(await issue(memberToken, d.id), 403);
    await expectProblem(await send('DELETE', `/invoices/${d.id}`, memberToken), 403);
    const issued = await ok(issue(token, d.id));
    await expectProblem(await send('POST', `/invoices/${issued.id}/credit-notes`, memberToken, {}), 403);
    await ok(
      send('POST', `/invoices/${issued.id}/payments`, memberToken, {
        amount_minor: 100,
        method: 'cash',
        received_on: '2026-11-05',
      }),
      201,
    );
  });

  it("answers 404 for another tenant's invoice, customer and payment, and changes nothing", async () => {
    const a = await billingTenant(app, admin);
    const invoice = await ok(issue(a.token, (await draft(a.token, a.customer.id)).id));
    const payment = await ok(
      send('POST', `/invoices/${invoice.id}/payments`, a.token, {
        amount_minor: 100,
        method: 'cash',
        received_on: '2026-11-05',
      }),
      201,
    );
    const before = await tableCounts(a.owner.tenantId);
    const intruder = await createTenant(admin);
    const token = await signAccessToken(intruder);
    await expectProblem(await get(`/invoices/${invoice.id}`, token), 404);
    await expectProblem(await send('PATCH', `/invoices/${invoice.id}`, token, { note: 'x' }), 404);
    await expectProblem(await send('DELETE', `/invoices/${invoice.id}`, token), 404);
    await expectProblem(await issue(token, invoice.id), 404);
    await expectProblem(await send('POST', `/invoices/${invoice.id}/credit-notes`, token, {}), 404);
    await expectProblem(
      await send('POST', `/invoices/${invoice.id}/payments`, token, {
        amount_minor: 1,
        method: 'cash',
        received_on: '2026-11-05',
      }),
      404,
    );
    await expectProblem(await send('POST', `/payments/${payment.id}/fail`, token, { reason: 'x' }), 404);
    await expectProblem(await get(`/customers/${a.customer.id}`, token), 404);
    await expectProblem(await send('POST', '/invoices', token, { customer_id: a.customer.id }), 422);
    expect((await ok(get('/invoices', token))).data).toEqual([]);
    expect(await tableCounts(a.owner.tenantId)).toEqual(before);
  });
});
