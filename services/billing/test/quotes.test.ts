/**
 * Quotes through the real HTTP handlers: draft → sent (numbered) → accepted / declined / expired,
 * the accepted quote becoming a draft invoice in one call, the PDF, tenant isolation; and the
 * `crm.deal.won` consumer drafting a quote from an event the CRM's own trigger wrote.
 */
import { randomUUID } from 'node:crypto';
import {
  createTenant,
  signAccessToken,
  silentLogger,
  useAdminPool,
  useServicePool,
} from '@comptoir/testing/fixtures';
import { expectProblem } from '@comptoir/testing/http';
import { describe, expect, it } from 'vitest';
import { handleDealWon } from '../src/jobs/deal-won.js';
import { billingTenant, client, useBillingService } from './helpers.js';

const admin = useAdminPool();
const pool = useServicePool('billing', 5);
const { app } = useBillingService();
const { send, ok, get } = client(app);

const LINES = [
  { description: 'Audit de sécurité', quantity_milli: 2000, unit_code: 'DAY', unit_price_minor: 80_000 },
  { description: 'Rapport', unit_price_minor: 25_000 },
];

async function draftQuote(token: string, customerId: string, extra: Record<string, unknown> = {}) {
  return ok(
    send('POST', '/quotes', token, { customer_id: customerId, title: 'Audit', lines: LINES, ...extra }),
    201,
  );
}

describe('quotes', () => {
  it('are numbered when sent (D-<year>-000001), valid 30 days by default, and frozen', async () => {
    const { token, customer } = await billingTenant(app, admin);
    const quote = await draftQuote(token, customer.id);
    expect(quote).toMatchObject({
      status: 'draft',
      number: null,
      net_minor: 185_000,
      tax_minor: 37_000,
      gross_minor: 222_000,
    });
    const edited = await ok(send('PATCH', `/quotes/${quote.id}`, token, { lines: [LINES[0]] }));
    expect(edited.gross_minor).toBe(192_000);
    const sent = await ok(send('POST', `/quotes/${quote.id}/send`, token, { issue_date: '2026-11-02' }));
    expect(sent).toMatchObject({
      status: 'sent',
      number: 'D-2026-000001',
      issue_date: '2026-11-02',
      valid_until: '2026-12-02',
    });
    await expectProblem(await send('PATCH', `/quotes/${quote.id}`, token, { title: 'x' }), 409);
    await expectProblem(await send('DELETE', `/quotes/${quote.id}`, token), 409);
    await expectProblem(await send('POST', `/quotes/${quote.id}/send`, token, {}), 409);
  });

  it('an accepted quote becomes a draft invoice with the same lines, once', async () => {
    const { token, customer } = await billingTenant(app, admin);
    const quote = await draftQuote(token, customer.id);
    await expectProblem(await send('POST', `/quotes/${quote.id}/invoice`, token), 409);
    await ok(send('POST', `/quotes/${quote.id}/send`, token, {}));
    const invoice = await ok(send('POST', `/quotes/${quote.id}/invoice`, token), 201);
    expect(invoice).toMatchObject({
      status: 'draft',
      quote_id: quote.id,
      customer_id: customer.id,
      gross_minor: 222_000,
    });
    expect(invoice.lines.map((l: any) => l.description)).toEqual(['Audit de sécurité', 'Rapport']);
    expect(await ok(get(`/quotes/${quote.id}`, token))).toMatchObject({
      status: 'accepted',
      invoice_id: invoice.id,
    });
    await expectProblem(await send('POST', `/quotes/${quote.id}/invoice`, token), 409);
    // The invoice issues like any other.
    expect((await ok(send('POST', `/invoices/${invoice.id}/issue`, token, {}))).number).toMatch(
      /^F-\d{4}-000001$/,
    );
  });

  it('a declined quote cannot be accepted or invoiced; an expired one cannot be accepted', async () => {
    const { token, customer } = await billingTenant(app, admin);
    const declined = await draftQuote(token, customer.id);
    await ok(send('POST', `/quotes/${declined.id}/send`, token, {}));
    expect((await ok(send('POST', `/quotes/${declined.id}/decline`, token))).status).toBe('declined');
    await expectProblem(await send('POST', `/quotes/${declined.id}/accept`, token), 409);
    await expectProblem(await send('POST', `/quotes/${declined.id}/invoice`, token), 409);

    const old = await draftQuote(token, customer.id, { valid_until: '2026-01-31' });
    const sent = await ok(send('POST', `/quotes/${old.id}/send`, token, { issue_date: '2026-01-02' }));
    expect(sent.status).toBe('expired');
    expect((await ok(get('/quotes?status=expired', token))).data.map((q: any) => q.id)).toEqual([old.id]);
    expect((await expectProblem(await send('POST', `/quotes/${old.id}/accept`, token), 409)).detail).toMatch(
      /expired/,
    );
  });

  it('have a PDF once sent, none as drafts, and none for another tenant', async () => {
    const { token, customer } = await billingTenant(app, admin);
    const quote = await draftQuote(token, customer.id);
    await expectProblem(await get(`/quotes/${quote.id}/pdf`, token), 409);
    await ok(send('POST', `/quotes/${quote.id}/send`, token, {}));
    const res = await get(`/quotes/${quote.id}/pdf`, token);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(
      Buffer.from(await res.arrayBuffer())
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');
    const intruder = await signAccessToken(await createTenant(admin));
    await expectProblem(await get(`/quotes/${quote.id}`, intruder), 404);
    await expectProblem(await get(`/quotes/${quote.id}/pdf`, intruder), 404);
    await expectProblem(await send('POST', `/quotes/${quote.id}/accept`, intruder), 404);
  });
});

describe('crm.deal.won', () => {
  /** A company, a pipeline with a won stage and a deal moved to it, written as the CRM would. */
  async function winDeal(tenantId: string, userId: string, amountMinor: number) {
    const ids = {
      company: randomUUID(),
      pipeline: randomUUID(),
      open: randomUUID(),
      won: randomUUID(),
      deal: randomUUID(),
    };
    await admin.query(
      `insert into crm.companies (id, tenant_id, name, emails) values ($1, $2, 'Brasserie du Port', '[{"label":"work","address":"compta@brasserie.example"}]')`,
      [ids.company, tenantId],
    );
    await admin.query('insert into crm.pipelines (id, tenant_id, name, position) values ($1, $2, $3, 0)', [
      ids.pipeline,
      tenantId,
      'Sales',
    ]);
    await admin.query(
      `insert into crm.stages (id, tenant_id, pipeline_id, name, position, kind, probability)
       values ($1, $3, $4, 'Open', 0, 'open', 10), ($2, $3, $4, 'Won', 1, 'won', 100)`,
      [ids.open, ids.won, tenantId, ids.pipeline],
    );
    await admin.query(
      `insert into crm.deals (id, tenant_id, pipeline_id, stage_id, title, amount_minor, currency, company_id)
       values ($1, $2, $3, $4, 'Rénovation de la terrasse', $5, 'EUR', $6)`,
      [ids.deal, tenantId, ids.pipeline, ids.open, amountMinor, ids.company],
    );
    const client = await admin.connect();
    try {
      await client.query('begin');
      await client.query(`select set_config('request.jwt.claims', $1, true)`, [
        JSON.stringify({
          sub: userId,
          role: 'authenticated',
          app_metadata: { tenant_id: tenantId, tenant_role: 'OWNER' },
        }),
      ]);
      await client.query('update crm.deals set stage_id = $1 where id = $2', [ids.won, ids.deal]);
      await client.query('commit');
    } finally {
      client.release();
    }
    const { rows } = await admin.query(
      `select id, tenant_id, event_type as type, aggregate_type, aggregate_id, occurred_at, payload
       from platform.outbox where tenant_id = $1 and event_type = 'crm.deal.won'`,
      [tenantId],
    );
    expect(rows).toHaveLength(1);
    return { ids, event: { ...rows[0], id: Number(rows[0].id), occurred_at: String(rows[0].occurred_at) } };
  }

  it('drafts one quote for the deal company, creating the billing customer from the event, once', async () => {
    const { owner, token } = await billingTenant(app, admin);
    const { ids, event } = await winDeal(owner.tenantId, owner.userId, 450_000);
    expect(event.payload.company).toEqual({ name: 'Brasserie du Port', email: 'compta@brasserie.example' });
    const deps = { pool, logger: silentLogger() };
    const quoteId = await handleDealWon(deps, event);
    expect(await handleDealWon(deps, event)).toBeNull();
    const quote = await ok(get(`/quotes/${quoteId}`, token));
    expect(quote).toMatchObject({
      status: 'draft',
      crm_deal_id: ids.deal,
      title: 'Rénovation de la terrasse',
      net_minor: 450_000,
      currency: 'EUR',
    });
    const customer = await ok(get(`/customers/${quote.customer_id}`, token));
    expect(customer).toMatchObject({
      legal_name: 'Brasserie du Port',
      email: 'compta@brasserie.example',
      crm_company_id: ids.company,
    });
    const { rows } = await admin.query('select created_by from billing.quotes where id = $1', [quoteId]);
    expect(rows[0].created_by).toBe(owner.userId);
  });

  it('uses the customer already linked to the company', async () => {
    const { owner, token } = await billingTenant(app, admin);
    const { event, ids } = await winDeal(owner.tenantId, owner.userId, 10_000);
    const linked = await ok(
      send('POST', '/customers', token, { legal_name: 'Brasserie du Port SAS', crm_company_id: ids.company }),
      201,
    );
    const quoteId = await handleDealWon({ pool, logger: silentLogger() }, event);
    expect((await ok(get(`/quotes/${quoteId}`, token))).customer_id).toBe(linked.id);
  });
});
