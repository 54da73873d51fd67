/**
 * @module routes/einvoices
 * `POST /einvoices/parse`: reads an incoming e-invoice (Factur-X / ZUGFeRD CII XML, or UBL 2.1
 * Invoice / CreditNote: Peppol BIS 3, XRechnung) into a supplier bill draft: supplier, number,
 * dates, lines, VAT breakdown and totals in minor units, with warnings for whatever is missing or
 * rounded. Nothing is stored: the accounting vertical books supplier bills from this draft.
 */
import type { DB } from '@comptoir/db/schema/billing';
import { type AppEnv, guarded, HttpProblem, jsonResponse, PROBLEM_RESPONSES } from '@comptoir/service-kit';
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { EInvoiceParseError, parseIncomingInvoice } from '../einvoice/parse.js';

/** Largest e-invoice accepted, bytes. */
export const EINVOICE_MAX_BYTES = 5 * 1024 * 1024;

/** The draft's main fields; the full shape is `SupplierBillDraft` of `../einvoice/parse.ts`. */
const SupplierBillDraftSchema = z
  .object({
    syntax: z.enum(['CII', 'UBL']),
    profile: z.string(),
    number: z.string(),
    kind: z.enum(['invoice', 'credit_note']),
    issueDate: z.string(),
    currency: z.string(),
    lines: z.array(z.record(z.string(), z.any())),
    totals: z.record(z.string(), z.any()),
    warnings: z.array(z.string()),
  })
  .catchall(z.any())
  .meta({ id: 'SupplierBillDraft' });

export const einvoicesRouter = new OpenAPIHono<AppEnv<DB>>();

einvoicesRouter.openapi(
  createRoute({
    method: 'post',
    path: '/einvoices/parse',
    operationId: 'parseIncomingEInvoice',
    summary: 'Read an incoming e-invoice (CII or UBL XML) into a supplier bill draft',
    description:
      'Amounts come back in integer minor units of the invoice currency. 422 with a reason for XML that is not an invoice of a supported syntax.',
    tags: ['E-invoices'],
    ...guarded('supplier_bills:import'),
    request: {
      body: {
        required: true,
        content: {
          'application/xml': { schema: { type: 'string' } },
          'text/xml': { schema: { type: 'string' } },
        },
      },
    },
    responses: {
      200: jsonResponse(SupplierBillDraftSchema, 'The supplier bill draft'),
      ...PROBLEM_RESPONSES,
    },
  }),
  async (c) => {
    const type = c.req.header('content-type') ?? '';
    if (!/^(application|text)\/xml\b/.test(type)) {
      throw new HttpProblem(415, { detail: 'Send the e-invoice as application/xml or text/xml' });
    }
    const xml = await c.req.text();
    try {
      const draft: z.infer<typeof SupplierBillDraftSchema> = { ...parseIncomingInvoice(xml) };
      return c.json(draft, 200);
    } catch (error) {
      if (error instanceof EInvoiceParseError) {
        throw new HttpProblem(422, {
          type: 'einvoice-unreadable',
          title: 'This is not an e-invoice we can read',
          detail: error.message,
          extensions: { code: error.code, ...(error.path ? { path: error.path } : {}) },
        });
      }
      throw error;
    }
  },
);
