/**
 * SEPA direct debit through the real HTTP handlers: mandates validated (IBAN, BIC, reference,
 * signature date), batches whose pain.008.001.02 validates against the XSD of the shared corpus
 * (skipped when absent), FRST then RCUR, collections recorded as payments, and returns that fail
 * the payment, start dunning and revoke the mandate when the account is closed.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createTenant, signAccessToken, useAdminPool } from '@comptoir/testing/fixtures';
import { expectProblem } from '@comptoir/testing/http';
import { describe, expect, it } from 'vitest';
import { validateFacturXml } from '../src/einvoice/xsd.js';
import { billingTenant, client, useBillingService } from './helpers.js';

const admin = useAdminPool();
const { app } = useBillingService();
const { send, ok, get } = client(app);

/** The corpus lives beside the repository (../shared), never in it. */
const SEPA_CORPUS = fileURLToPath(new URL('../../../../shared/corpus/sepa/', import.meta.url));
const HAS_XSD = existsSync(`${SEPA_CORPUS}php-sepa-xml__pain.008.001.02.xsd`);

const IBAN = 'FR14 2004 1010 0505 0001 3M02 606';

async function issued(token: string, customerId: string, unitPriceMinor: number) {
  const draft = await ok(
    send('POST', '/invoices', token, {
      customer_id: customerId,
      lines: [{ description: 'Abonnement', unit_price_minor: unitPriceMinor }],
    }),
    201,
  );
  return ok(send('POST', `/invoices/${draft.id}/issue`, token, {}));
}

const tomorrow = () => new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);

describe('SEPA mandates', () => {
  it('are recorded with a generated reference and a normalised IBAN; FRST comes first', async () => {
    const { token, customer } = await billingTenant(app, admin);
    const mandate = await ok(
      send('POST', '/sepa/mandates', token, {
        customer_id: customer.id,
        signed_on: '2026-10-01',
        debtor_iban: IBAN,
      }),
      201,
    );
    expect(mandate).toMatchObject({
      status: 'active',
      debtor_iban: 'FR1420041010050500013M02606',
      debtor_bic: null,
      debtor_name: 'Boulangerie Martin SARL',
      next_sequence_type: 'FRST',
      type: 'recurrent',
    });
    expect(mandate.reference).toMatch(/^RUM-\d{4}-[0-9A-Z]{10}$/);
    expect((await ok(get(`/sepa/mandates?customer_id=${customer.id}`, token))).data).toHaveLength(1);
  });

  it('refuse a bad IBAN, a future signature, a reused reference and a non-EEA account without BIC, naming each field', async () => {
    const { token, customer } = await billingTenant(app, admin);
    const bad = await expectProblem(
      await send('POST', '/sepa/mandates', token, {
        customer_id: customer.id,
        signed_on: '2999-01-01',
        debtor_iban: 'FR14 2004 1010 0505 0001 3M02 607',
      }),
      422,
    );
    expect(bad.errors?.map((e) => e.pointer).sort()).toEqual(['#/debtor_iban', '#/signed_on']);
    await ok(
      send('POST', '/sepa/mandates', token, {
        customer_id: customer.id,
        signed_on: '2026-10-01',
        debtor_iban: IBAN,
        reference: 'MDT-0001',
      }),
      201,
    );
    const reused = await expectProblem(
      await send('POST', '/sepa/mandates', token, {
        customer_id: customer.id,
        signed_on: '2026-10-01',
        debtor_iban: IBAN,
        reference: 'mdt-0001',
      }),
      422,
    );
    expect(reused.errors?.map((e) => e.pointer)).toEqual(['#/reference']);
    const swiss = await expectProblem(
      await send('POST', '/sepa/mandates', token, {
        customer_id: customer.id,
        signed_on: '2026-10-01',
        debtor_iban: 'CH93 0076 2011 6238 5295 7',
      }),
      422,
    );
    expect(swiss.errors?.map((e) => e.pointer)).toEqual(['#/debtor_bic']);
  });

  it('need the tenant creditor identifier', async () => {
    const { token, customer } = await billingTenant(app, admin);
    await ok(send('PATCH', '/settings', token, { sepa_creditor_id: null }));
    const problem = await expectProblem(
      await send('POST', '/sepa/mandates', token, {
        customer_id: customer.id,
        signed_on: '2026-10-01',
        debtor_iban: IBAN,
      }),
      422,
    );
    expect(problem.errors?.map((e) => e.pointer)).toEqual(['#/settings/sepa_creditor_id']);
  });
});

describe('SEPA batches', () => {
  // Skipped only when ../shared/corpus is absent (a checkout without the shared corpus).
  it.skipIf(!HAS_XSD)(
    'collect invoices FRST then RCUR in a pain.008.001.02 file that validates against the XSD',
    async () => {
      const { token, customer } = await billingTenant(app, admin);
      await ok(
        send('POST', '/sepa/mandates', token, {
          customer_id: customer.id,
          signed_on: '2026-10-01',
          debtor_iban: IBAN,
        }),
        201,
      );
      const first = await issued(token, customer.id, 10_000);
      const second = await issued(token, customer.id, 2_550);
      const batch = await ok(
        send('POST', '/sepa/batches', token, {
          collection_date: tomorrow(),
          invoice_ids: [first.id, second.id],
        }),
        201,
      );
      expect(batch).toMatchObject({ transaction_count: 2, control_sum_minor: 12_000 + 3_060 });
      expect(batch.message_id).toMatch(/^SDD-\d{14}-[0-9A-F]{8}$/);
      const res = await get(`/sepa/batches/${batch.id}/pain008.xml`, token);
      expect(res.headers.get('content-type')).toMatch(/^application\/xml/);
      const xml = await res.text();
      const check = await validateFacturXml(xml, SEPA_CORPUS, {
        mainSchema: 'php-sepa-xml__pain.008.001.02.xsd',
      });
      expect(check.errors).toEqual([]);
      expect(xml).toContain('<CtrlSum>150.60</CtrlSum>');
      expect(xml).toContain('<SeqTp>FRST</SeqTp>');
      expect(xml).toContain('<SeqTp>RCUR</SeqTp>');
      expect(xml).toContain('<CdtrSchmeId>');
      for (const id of [first.id, second.id]) {
        expect(await ok(get(`/invoices/${id}`, token))).toMatchObject({
          status: 'paid',
          balance_due_minor: 0,
        });
      }
      // Paid invoices are not collected twice.
      const again = await expectProblem(
        await send('POST', '/sepa/batches', token, { collection_date: tomorrow(), invoice_ids: [first.id] }),
        422,
      );
      expect(again.errors?.[0]?.pointer).toBe('#/invoice_ids/0');
    },
  );

  it('refuse drafts, foreign currencies, customers without mandate and past dates, listing each', async () => {
    const { token, customer } = await billingTenant(app, admin);
    const noMandate = await issued(token, customer.id, 1_000);
    const draft = await ok(
      send('POST', '/invoices', token, {
        customer_id: customer.id,
        lines: [{ description: 'x', unit_price_minor: 100 }],
      }),
      201,
    );
    const problem = await expectProblem(
      await send('POST', '/sepa/batches', token, {
        collection_date: '2020-01-01',
        invoice_ids: [noMandate.id, draft.id],
      }),
      422,
    );
    expect(problem.errors?.map((e) => e.pointer)).toEqual([
      '#/collection_date',
      '#/invoice_ids/0',
      '#/invoice_ids/1',
    ]);
    const { rows } = await admin.query(
      'select count(*)::int as n from billing.sepa_batches b join billing.invoices i on i.tenant_id = b.tenant_id where i.id = $1',
      [noMandate.id],
    );
    expect(rows[0].n).toBe(0);
  });

  it('a return fails the payment, puts the amount due again, emits billing.payment.failed, and AC04 revokes the mandate', async () => {
    const { owner, token, customer } = await billingTenant(app, admin);
    const mandate = await ok(
      send('POST', '/sepa/mandates', token, {
        customer_id: customer.id,
        signed_on: '2026-10-01',
        debtor_iban: IBAN,
      }),
      201,
    );
    const invoice = await issued(token, customer.id, 5_000);
    const batch = await ok(
      send('POST', '/sepa/batches', token, { collection_date: tomorrow(), invoice_ids: [invoice.id] }),
      201,
    );
    const endToEndId = batch.collections[0].end_to_end_id;
    const failed = await ok(
      send('POST', '/sepa/returns', token, { end_to_end_id: endToEndId, reason_code: 'AC04' }),
    );
    expect(failed).toMatchObject({ status: 'failed', failure_reason: 'SEPA return AC04: account closed' });
    expect(await ok(get(`/invoices/${invoice.id}`, token))).toMatchObject({
      status: 'issued',
      balance_due_minor: 6_000,
    });
    expect((await ok(get(`/sepa/mandates/${mandate.id}`, token))).status).toBe('revoked');
    await expectProblem(
      await send('POST', '/sepa/returns', token, { end_to_end_id: endToEndId, reason_code: 'AC04' }),
      409,
    );
    const { rows } = await admin.query(
      `select count(*)::int as n from platform.outbox where tenant_id = $1 and event_type = 'billing.payment.failed'`,
      [owner.tenantId],
    );
    expect(rows[0].n).toBe(1);
    await expectProblem(
      await send('POST', '/sepa/returns', token, { end_to_end_id: 'NOPE', reason_code: 'AM04' }),
      404,
    );
  });

  it("are 404 for another tenant's mandates and batches", async () => {
    const { token, customer } = await billingTenant(app, admin);
    const mandate = await ok(
      send('POST', '/sepa/mandates', token, {
        customer_id: customer.id,
        signed_on: '2026-10-01',
        debtor_iban: IBAN,
      }),
      201,
    );
    const invoice = await issued(token, customer.id, 5_000);
    const batch = await ok(
      send('POST', '/sepa/batches', token, { collection_date: tomorrow(), invoice_ids: [invoice.id] }),
      201,
    );
    const intruder = await signAccessToken(await createTenant(admin));
    await expectProblem(await get(`/sepa/mandates/${mandate.id}`, intruder), 404);
    await expectProblem(await send('POST', `/sepa/mandates/${mandate.id}/revoke`, intruder), 404);
    await expectProblem(await get(`/sepa/batches/${batch.id}/pain008.xml`, intruder), 404);
    await expectProblem(
      await send('POST', '/sepa/returns', intruder, {
        end_to_end_id: batch.collections[0].end_to_end_id,
        reason_code: 'AM04',
      }),
      404,
    );
    expect((await ok(get(`/sepa/mandates/${mandate.id}`, token))).status).toBe('active');
  });
});
