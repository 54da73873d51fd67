/**
 * Documents of issued invoices through the real HTTP handlers: the Factur-X XML validates
 * against the Factur-X 1.09 EN 16931 XSD of the shared corpus (skipped when the corpus is absent),
 * the PDF carries it as `factur-x.xml`, drafts have no document, other tenants get 404.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createTenant, signAccessToken, useAdminPool } from '@comptoir/testing/fixtures';
import { expectProblem } from '@comptoir/testing/http';
import { decodePDFRawStream, PDFDict, PDFDocument, PDFName, type PDFRawStream } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { parseIncomingInvoice } from '../src/einvoice/parse.js';
import { validateFacturXml } from '../src/einvoice/xsd.js';
import { billingTenant, client, useBillingService } from './helpers.js';

const admin = useAdminPool();
const { app } = useBillingService();
const { send, ok, get } = client(app);

/** The corpus lives beside the repository (../shared), never in it. */
const XSD_FOLDER = fileURLToPath(
  new URL('../../../../shared/corpus/einvoice/xsd/facturx-1.09-en16931/', import.meta.url),
);
const HAS_XSD = existsSync(XSD_FOLDER);

async function issuedInvoice() {
  const t = await billingTenant(app, admin);
  const { data: rates } = await ok(get('/tax-rates', t.token));
  const reduced = rates.find((r: any) => r.rate_basis_points === 550).id;
  const draft = await ok(
    send('POST', '/invoices', t.token, {
      customer_id: t.customer.id,
      purchase_order_reference: 'PO-8812',
      lines: [
        {
          description: 'Développement site vitrine',
          quantity_milli: 3500,
          unit_code: 'DAY',
          unit_price_minor: 45_000,
        },
        {
          description: 'Livres techniques',
          quantity_milli: 2000,
          unit_price_minor: 3_999,
          tax_rate_id: reduced,
        },
      ],
    }),
    201,
  );
  const invoice = await ok(
    send('POST', `/invoices/${draft.id}/issue`, t.token, { issue_date: '2026-11-02' }),
  );
  return { ...t, invoice };
}

describe('Factur-X XML of an issued invoice', () => {
  it('carries the number, totals and VAT breakdown, and parses back to the same amounts', async () => {
    const { token, invoice } = await issuedInvoice();
    const res = await get(`/invoices/${invoice.id}/factur-x.xml`, token);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/xml/);
    const parsed = parseIncomingInvoice(await res.text());
    expect(parsed).toMatchObject({
      syntax: 'CII',
      number: 'F-2026-000001',
      currency: 'EUR',
      issueDate: '2026-11-02',
    });
    expect(parsed.totals).toMatchObject({
      netMinor: invoice.net_minor,
      taxMinor: invoice.tax_minor,
      grossMinor: invoice.gross_minor,
    });
    expect(parsed.lines).toHaveLength(2);
  });

  // Skipped only when ../shared/corpus is absent (a checkout without the shared corpus).
  it.skipIf(!HAS_XSD)(
    'validates against the Factur-X 1.09 EN 16931 XSD, for the invoice and its credit note',
    async () => {
      const { token, invoice } = await issuedInvoice();
      const note = await ok(send('POST', `/invoices/${invoice.id}/credit-notes`, token, {}), 201);
      for (const id of [invoice.id, note.id]) {
        const xml = await (await get(`/invoices/${id}/factur-x.xml`, token)).text();
        const result = await validateFacturXml(xml, XSD_FOLDER);
        expect(result.errors).toEqual([]);
        expect(result.valid).toBe(true);
      }
    },
  );
});

describe('PDF of an issued invoice', () => {
  it('is a PDF/A-3 with factur-x.xml embedded and listed in /AF', async () => {
    const { token, invoice } = await issuedInvoice();
    const res = await get(`/invoices/${invoice.id}/pdf`, token);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('content-disposition')).toContain('F-2026-000001.pdf');
    const bytes = new Uint8Array(await res.arrayBuffer());
    const pdf = await PDFDocument.load(bytes);
    expect(pdf.getTitle()).toContain('F-2026-000001');
    const catalog = pdf.catalog;
    expect(catalog.get(PDFName.of('AF'))).toBeDefined();
    const names = catalog.lookup(PDFName.of('Names'), PDFDict);
    const files = names.lookup(PDFName.of('EmbeddedFiles'), PDFDict);
    const list = files.lookup(PDFName.of('Names')) as unknown as { asArray(): unknown[] };
    const [name, spec] = list.asArray() as [{ decodeText(): string }, unknown];
    expect(name.decodeText()).toBe('factur-x.xml');
    const fileSpec = pdf.context.lookup(spec as never, PDFDict);
    const ef = fileSpec.lookup(PDFName.of('EF'), PDFDict);
    const stream = ef.lookup(PDFName.of('F')) as PDFRawStream;
    const xml = Buffer.from(decodePDFRawStream(stream).decode()).toString('utf8');
    expect(parseIncomingInvoice(xml).totals.grossMinor).toBe(invoice.gross_minor);
  });

  it('does not exist for a draft (409) nor for another tenant (404)', async () => {
    const { token, customer, invoice } = await issuedInvoice();
    const draft = await ok(
      send('POST', '/invoices', token, {
        customer_id: customer.id,
        lines: [{ description: 'x', unit_price_minor: 100 }],
      }),
      201,
    );
    await expectProblem(await get(`/invoices/${draft.id}/pdf`, token), 409);
    await expectProblem(await get(`/invoices/${draft.id}/factur-x.xml`, token), 409);
    const intruder = await signAccessToken(await createTenant(admin));
    await expectProblem(await get(`/invoices/${invoice.id}/pdf`, intruder), 404);
    await expectProblem(await get(`/invoices/${invoice.id}/factur-x.xml`, intruder), 404);
  });
});

/** The e-invoice corpus lives beside the repository (../shared), never in it. */
const EINVOICE_CORPUS = fileURLToPath(new URL('../../../../shared/corpus/einvoice/', import.meta.url));

describe('incoming e-invoices', () => {
  // Skipped only when ../shared/corpus is absent (a checkout without the shared corpus).
  it.skipIf(!existsSync(EINVOICE_CORPUS))(
    'reads a third-party UBL invoice into a supplier bill draft in minor units',
    async () => {
      const { token } = await billingTenant(app, admin);
      const xml = readFileSync(`${EINVOICE_CORPUS}en16931__ubl-tc434-example1.xml`, 'utf8');
      const res = await app.request('/einvoices/parse', {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/xml' },
        body: xml,
      });
      expect(res.status).toBe(200);
      const draft: any = await res.json();
      expect(draft).toMatchObject({ syntax: 'UBL', number: '12115118', currency: 'EUR', kind: 'invoice' });
      expect(draft.lines).toHaveLength(20);
      expect(draft.totals.grossMinor).toBe(25_033);
    },
  );

  it('answers 422 with a reason for XML that is no invoice, 415 for another type, and writes nothing', async () => {
    const { token } = await billingTenant(app, admin);
    const post = (body: string, type: string) =>
      app.request('/einvoices/parse', {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': type },
        body,
      });
    const problem = await expectProblem(
      await post('<?xml version="1.0"?><note>hello</note>', 'application/xml'),
      422,
    );
    expect(problem.detail).toBeTruthy();
    await expectProblem(await post('not xml at all <', 'text/xml'), 422);
    await expectProblem(await post('{}', 'application/json'), 415);
  });
});

describe('reminder PDFs', () => {
  it('are downloadable for each reminder sent, and 404 for steps not taken', async () => {
    const { token, customer } = await billingTenant(app, admin);
    const draft = await ok(
      send('POST', '/invoices', token, {
        customer_id: customer.id,
        due_date: '2026-01-10',
        lines: [{ description: 'x', unit_price_minor: 10_000 }],
      }),
      201,
    );
    const invoice = await ok(
      send('POST', `/invoices/${draft.id}/issue`, token, { issue_date: '2026-01-02' }),
    );
    await ok(send('POST', '/dunning/run', token));
    const res = await get(`/invoices/${invoice.id}/dunning/4/pdf`, token);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toContain('mise-en-demeure');
    expect(
      Buffer.from(await res.arrayBuffer())
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');
    await expectProblem(await get(`/invoices/${invoice.id}/dunning/1/pdf`, token), 404);
  });
});

describe('e-mailing documents', () => {
  it('queues an issued invoice to the customer with its Factur-X PDF attached, and refuses drafts', async () => {
    const { owner, token, customer, invoice } = await issuedInvoice();
    const queued = await ok(send('POST', `/invoices/${invoice.id}/email`, token, {}), 202);
    expect(queued.to).toBe('compta@boulangerie-martin.example');
    const { rows } = await admin.query(
      'select subject, attachments from platform.emails where id = $1 and tenant_id = $2',
      [queued.email_id, owner.tenantId],
    );
    expect(rows[0].subject).toMatch(/^Facture F-2026-000001/);
    const pdf = Buffer.from(rows[0].attachments[0].content_base64, 'base64');
    const attachedXml = (await PDFDocument.load(pdf)).catalog.get(PDFName.of('AF'));
    expect(attachedXml).toBeDefined();
    const draft = await ok(
      send('POST', '/invoices', token, {
        customer_id: customer.id,
        lines: [{ description: 'x', unit_price_minor: 100 }],
      }),
      201,
    );
    await expectProblem(await send('POST', `/invoices/${draft.id}/email`, token, {}), 409);
    await expectProblem(
      await send('POST', `/invoices/${invoice.id}/email`, token, { to: 'not an address' }),
      422,
    );
  });

  it('needs an address when the customer has none, and e-mails a sent quote', async () => {
    const { token } = await billingTenant(app, admin);
    const silent = await ok(
      send('POST', '/customers', token, {
        legal_name: 'Sans Mail',
        address_line1: '1 rue',
        postal_code: '75001',
        city: 'Paris',
      }),
      201,
    );
    const quote = await ok(
      send('POST', '/quotes', token, {
        customer_id: silent.id,
        lines: [{ description: 'x', unit_price_minor: 100 }],
      }),
      201,
    );
    await expectProblem(await send('POST', `/quotes/${quote.id}/email`, token, {}), 409);
    await ok(send('POST', `/quotes/${quote.id}/send`, token, {}));
    await expectProblem(await send('POST', `/quotes/${quote.id}/email`, token, {}), 422);
    expect(
      (await ok(send('POST', `/quotes/${quote.id}/email`, token, { to: 'achat@client.example' }), 202)).to,
    ).toBe('achat@client.example');
  });
});
