/**
 * @module routes/documents
 * Downloads of issued invoices and credit notes: the PDF (PDF/A-3b with the Factur-X XML
 * embedded as `factur-x.xml`) and the Factur-X / EN 16931 CII XML alone. Drafts have no legal
 * existence and are not rendered (409).
 */
import { EmailSchema, IdParamsSchema, TextSchema } from '@comptoir/contracts/common';
import type { DB } from '@comptoir/db/schema/billing';
import {
  type AppEnv,
  CONFLICT_RESPONSE,
  guarded,
  HttpProblem,
  jsonBody,
  jsonResponse,
  NOT_FOUND_RESPONSE,
  PROBLEM_RESPONSES,
} from '@comptoir/service-kit';
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { issuedDocument } from '../db/documents.js';
import { getInvoice } from '../db/invoices.js';
import { emailDocument } from '../db/mailing.js';
import { buildFacturXml } from '../einvoice/facturx.js';
import { renderDocumentPdf } from '../pdf/render.js';

const tags = ['Invoices'];

export const documentsRouter = new OpenAPIHono<AppEnv<DB>>();

async function documentOf(c: { var: AppEnv<DB>['Variables'] }, id: string) {
  const document = await issuedDocument(c.var.db, id);
  if (document) return document;
  if (await getInvoice(c.var.db, id)) {
    throw new HttpProblem(409, {
      type: 'invalid-state',
      detail: 'A draft has no document yet: issue it first',
    });
  }
  throw new HttpProblem(404, { detail: 'No invoice with this id' });
}

/** `F-2026-000042.pdf`: safe in a Content-Disposition filename. */
const fileName = (number: string, extension: string) =>
  `${number.replace(/[^A-Za-z0-9._-]/g, '_')}.${extension}`;

documentsRouter.openapi(
  createRoute({
    method: 'get',
    path: '/invoices/{id}/pdf',
    operationId: 'getInvoicePdf',
    summary: 'The PDF of an issued invoice or credit note (Factur-X: PDF/A-3b with factur-x.xml embedded)',
    tags,
    ...guarded('invoices:read'),
    request: { params: IdParamsSchema },
    responses: {
      200: {
        description: 'The PDF',
        content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } },
      },
      ...PROBLEM_RESPONSES,
      ...NOT_FOUND_RESPONSE,
    },
  }),
  async (c) => {
    const document = await documentOf(c, c.req.valid('param').id);
    const pdf = await renderDocumentPdf(document, { facturXml: buildFacturXml(document) });
    return c.body(new Uint8Array(pdf), 200, {
      'content-type': 'application/pdf',
      'content-disposition': `inline; filename="${fileName(document.number, 'pdf')}"`,
      'cache-control': 'private, no-store',
    });
  },
);

documentsRouter.openapi(
  createRoute({
    method: 'get',
    path: '/invoices/{id}/factur-x.xml',
    operationId: 'getInvoiceFacturX',
    summary: 'The Factur-X (EN 16931, UN/CEFACT CII) XML of an issued invoice or credit note',
    tags,
    ...guarded('invoices:read'),
    request: { params: IdParamsSchema },
    responses: {
      200: { description: 'CII XML', content: { 'application/xml': { schema: { type: 'string' } } } },
      ...PROBLEM_RESPONSES,
      ...NOT_FOUND_RESPONSE,
    },
  }),
  async (c) => {
    const document = await documentOf(c, c.req.valid('param').id);
    return c.body(buildFacturXml(document), 200, {
      'content-type': 'application/xml; charset=utf-8',
      'content-disposition': `attachment; filename="${fileName(document.number, 'xml')}"`,
      'cache-control': 'private, no-store',
    });
  },
);

const EmailRequestSchema = z
  .strictObject({
    to: EmailSchema.optional().meta({ description: "Default: the customer's e-mail address" }),
    message: TextSchema(5000).nullable().optional().meta({ description: 'Replaces the default text' }),
  })
  .meta({ id: 'DocumentEmailRequest' });

const EmailQueuedSchema = z
  .object({ email_id: z.string(), to: z.string() })
  .meta({ id: 'DocumentEmailQueued' });

documentsRouter.openapi(
  createRoute({
    method: 'post',
    path: '/invoices/{id}/email',
    operationId: 'emailInvoice',
    summary: 'E-mail an issued invoice or credit note to the customer, its Factur-X PDF attached',
    tags,
    ...guarded('invoices:read'),
    request: { params: IdParamsSchema, body: jsonBody(EmailRequestSchema) },
    responses: {
      202: jsonResponse(EmailQueuedSchema, 'Queued in the e-mail outbox'),
      ...PROBLEM_RESPONSES,
      ...NOT_FOUND_RESPONSE,
      ...CONFLICT_RESPONSE,
    },
  }),
  async (c) => {
    const { id } = c.req.valid('param');
    const document = await documentOf(c, id);
    const invoice = (await getInvoice(c.var.db, id))!;
    return c.json(await emailDocument(c.var.db, document, invoice.customer_id, c.req.valid('json')), 202);
  },
);
