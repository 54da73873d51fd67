/**
 * Billing edge cases found in review, through the real HTTP handlers: credit and failed payments
 * combined, concurrent spending of one customer's credit, zero invoices, credit-note dates,
 * deleting a draft made from a quote, prefixes, amounts beyond exact arithmetic, the first use of
 * the default tax rates from two requests at once, and a tenant trying to pick its own plan.
 */
import { createTenant, signAccessToken, useAdminPool } from '@comptoir/testing/fixtures';
import { expectProblem } from '@comptoir/testing/http';
import { describe, expect, it } from 'vitest';
import { billingTenant, client, useBillingService } from './helpers.js';

const admin = useAdminPool();
const { app } = useBillingService();
const { send, ok, get } = client(app);

async function issued(
  token: string,
  customerId: string,
  unitPriceMinor: number,
  extra: Record<string, unknown> = {},
) {
  const draft = await ok(
    send('POST', '/invoices', token, {
      customer_id: customerId,
      lines: [{ description: 'Service', unit_price_minor: unitPriceMinor }],
      ...extra,
    }),
    201,
  );
  return ok(send('POST', `/invoices/${draft.id}/issue`, token, {}));
}

const balanceOf = async (token: string, customerId: string) =>
  (await ok(get(`/customers/${customerId}/balance`, token))).data;

describe('credit and failed payments', () => {
  it('a payment returned after the invoice was credited takes back the credit the credit note gave', async () => {
    const { token, customer } = await billingTenant(app, admin);
    const invoice = await issued(token, customer.id, 10_000);
    const payment = await ok(
      send('POST', `/invoices/${invoice.id}/payments`, token, {
        amount_minor: invoice.gross_minor,
        method: 'sepa_debit',
        received_on: '2026-11-05',
      }),
      201,
    );
    await ok(send('POST', `/invoices/${invoice.id}/credit-notes`, token, {}), 201);
    expect(await balanceOf(token, customer.id)).toEqual([
      { currency: 'EUR', credit_minor: 12_000, outstanding_minor: 0 },
    ]);
    await ok(send('POST', `/payments/${payment.id}/fail`, token, { reason: 'AM04' }));
    expect(await balanceOf(token, customer.id)).toEqual([
      { currency: 'EUR', credit_minor: 0, outstanding_minor: 0 },
    ]);
  });

  it('two payments spending the same credit at once cannot both succeed', async () => {
    const { token, customer } = await billingTenant(app, admin);
    const first = await issued(token, customer.id, 1_000);
    await ok(
      send('POST', `/invoices/${first.id}/payments`, token, {
        amount_minor: first.gross_minor + 500,
        method: 'transfer',
        received_on: '2026-11-05',
      }),
      201,
    );
    const a = await issued(token, customer.id, 1_000);
    const b = await issued(token, customer.id, 1_000);
    const results = await Promise.all(
      [a, b].map((i) =>
        send('POST', `/invoices/${i.id}/payments`, token, {
          amount_minor: 500,
          method: 'customer_credit',
          received_on: '2026-11-06',
        }),
      ),
    );
    expect(results.map((r) => r.status).sort()).toEqual([201, 422]);
    expect((await balanceOf(token, customer.id))[0].credit_minor).toBe(0);
  });
});

describe('documents that make no sense are refused', () => {
  it('an invoice totalling zero or less cannot be issued', async () => {
    const { token, customer } = await billingTenant(app, admin);
    const draft = await ok(
      send('POST', '/invoices', token, {
        customer_id: customer.id,
        lines: [
          { description: 'Service', unit_price_minor: 1_000 },
          { description: 'Remise', unit_price_minor: -1_000 },
        ],
      }),
      201,
    );
    expect(
      (await expectProblem(await send('POST', `/invoices/${draft.id}/issue`, token, {}), 422)).detail,
    ).toMatch(/more than zero/);
  });

  it('a credit note dated before its invoice, or crediting everything after a partial credit, is refused', async () => {
    const { token, customer } = await billingTenant(app, admin);
    const invoice = await issued(token, customer.id, 10_000);
    await expectProblem(
      await send('POST', `/invoices/${invoice.id}/credit-notes`, token, { issue_date: '2020-01-01' }),
      422,
    );
    await ok(
      send('POST', `/invoices/${invoice.id}/credit-notes`, token, {
        lines: [{ description: 'Geste', unit_price_minor: 1_000 }],
      }),
      201,
    );
    expect(
      (await expectProblem(await send('POST', `/invoices/${invoice.id}/credit-notes`, token, {}), 422))
        .detail,
    ).toMatch(/partly credited/);
  });

  it('amounts beyond exact arithmetic are a 422, not a 500', async () => {
    const { token, customer } = await billingTenant(app, admin);
    await expectProblem(
      await send('POST', '/invoices', token, {
        customer_id: customer.id,
        lines: [{ description: 'x', quantity_milli: 1_000_000_000_000, unit_price_minor: 100_000_000_000 }],
      }),
      422,
    );
  });

  it('invoices and credit notes cannot share a numbering prefix', async () => {
    const { token } = await billingTenant(app, admin);
    await expectProblem(await send('PATCH', '/settings', token, { credit_note_prefix: 'F' }), 422);
  });
});

describe('drafts made from quotes', () => {
  it('can be deleted, and the quote invoiced again', async () => {
    const { token, customer } = await billingTenant(app, admin);
    const quote = await ok(
      send('POST', '/quotes', token, {
        customer_id: customer.id,
        lines: [{ description: 'x', unit_price_minor: 1_000 }],
      }),
      201,
    );
    await ok(send('POST', `/quotes/${quote.id}/send`, token, {}));
    const invoice = await ok(send('POST', `/quotes/${quote.id}/invoice`, token), 201);
    await ok(send('DELETE', `/invoices/${invoice.id}`, token), 204);
    expect((await ok(get(`/quotes/${quote.id}`, token))).invoice_id).toBeNull();
    await ok(send('POST', `/quotes/${quote.id}/invoice`, token), 201);
  });
});

describe('first use and plans', () => {
  it("a tenant's first two requests at once both get the default tax rates, created once", async () => {
    const token = await signAccessToken(await createTenant(admin));
    const [a, b] = await Promise.all([get('/tax-rates', token), get('/tax-rates', token)]);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect((await ok(get('/tax-rates', token))).data).toHaveLength(8);
  });

  it('the request role cannot choose its own plan (only the Stripe webhook can)', async () => {
    const owner = await createTenant(admin);
    const token = await signAccessToken(owner);
    await ok(get('/plan', token));
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
      await expect(db.query(`update billing.subscriptions set plan = 'ENTERPRISE'`)).rejects.toMatchObject({
        code: '42501',
      });
      await db.query('rollback');
    } finally {
      db.release();
    }
    expect((await ok(get('/plan', token))).plan).toBe('FREE');
  });
});
