/**
 * @module routes/quotes
 * `/quotes`: drafts (create, edit, delete), send (numbered), accept / decline, convert to a draft
 * invoice in one call, and the PDF of a sent quote.
 */
import { InvoiceWithLinesSchema } from '@comptoir/contracts/billing/invoices';
import {
  QuoteCreateSchema,
  QuoteListQuerySchema,
  QuotePageSchema,
  QuoteSendSchema,
  QuoteUpdateSchema,
  QuoteWithLinesSchema,
} from '@comptoir/contracts/billing/quotes';
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
import { quoteDocument } from '../db/documents.js';
import { emailDocument } from '../db/mailing.js';
import * as quotes from '../db/quotes.js';
import { renderDocumentPdf } from '../pdf/render.js';

const tags = ['Quotes'];
const notFound = () => new HttpProblem(404, { detail: 'No quote with this id' });
const STATE_RESPONSES = { ...PROBLEM_RESPONSES, ...NOT_FOUND_RESPONSE, ...CONFLICT_RESPONSE };

export const quotesRouter = new OpenAPIHono<AppEnv<DB>>();

quotesRouter.openapi(
  createRoute({
    method: 'get',
    path: '/quotes',
    operationId: 'listQuotes',
    summary: 'List quotes, newest first',
    description: 'status=expired: sent and past valid_until in the tenant time zone.',
    tags,
    ...guarded('quotes:read'),
    request: { query: QuoteListQuerySchema },
    responses: { 200: jsonResponse(QuotePageSchema, 'A page of quotes'), ...PROBLEM_RESPONSES },
  }),
  async (c) => c.json(await quotes.listQuotes(c.var.db, c.req.valid('query')), 200),
);

quotesRouter.openapi(
  createRoute({
    method: 'get',
    path: '/quotes/{id}',
    operationId: 'getQuote',
    summary: 'Get a quote with its lines',
    tags,
    ...guarded('quotes:read'),
    request: { params: IdParamsSchema },
    responses: {
      200: jsonResponse(QuoteWithLinesSchema, 'The quote'),
      ...PROBLEM_RESPONSES,
      ...NOT_FOUND_RESPONSE,
    },
  }),
  async (c) => {
    const quote = await quotes.getQuote(c.var.db, c.req.valid('param').id);
    if (!quote) throw notFound();
    return c.json(quote, 200);
  },
);

quotesRouter.openapi(
  createRoute({
    method: 'post',
    path: '/quotes',
    operationId: 'createQuote',
    summary: 'Create a draft quote',
    tags,
    ...guarded('quotes:create'),
    request: { body: jsonBody(QuoteCreateSchema) },
    responses: { 201: jsonResponse(QuoteWithLinesSchema, 'Created'), ...PROBLEM_RESPONSES },
  }),
  async (c) => {
    const quote = await quotes.createQuote(c.var.db, {
      ...c.req.valid('json'),
      created_by: c.var.principal.userId,
    });
    c.header('location', `/quotes/${quote.id}`);
    return c.json(quote, 201);
  },
);

quotesRouter.openapi(
  createRoute({
    method: 'patch',
    path: '/quotes/{id}',
    operationId: 'updateQuote',
    summary: 'Edit a draft quote',
    tags,
    ...guarded('quotes:update'),
    request: { params: IdParamsSchema, body: jsonBody(QuoteUpdateSchema) },
    responses: { 200: jsonResponse(QuoteWithLinesSchema, 'Updated'), ...STATE_RESPONSES },
  }),
  async (c) => {
    const quote = await quotes.updateQuote(c.var.db, c.req.valid('param').id, c.req.valid('json'));
    if (!quote) throw notFound();
    return c.json(quote, 200);
  },
);

quotesRouter.openapi(
  createRoute({
    method: 'delete',
    path: '/quotes/{id}',
    operationId: 'deleteQuote',
    summary: 'Delete a draft quote',
    tags,
    ...guarded('quotes:delete'),
    request: { params: IdParamsSchema },
    responses: { 204: { description: 'Deleted' }, ...STATE_RESPONSES },
  }),
  async (c) => {
    if (!(await quotes.deleteQuote(c.var.db, c.req.valid('param').id))) throw notFound();
    return c.body(null, 204);
  },
);

quotesRouter.openapi(
  createRoute({
    method: 'post',
    path: '/quotes/{id}/send',
    operationId: 'sendQuote',
    summary: 'Send a draft quote: number it and freeze it',
    description: 'valid_until defaults to 30 days after the issue date.',
    tags,
    ...guarded('quotes:send'),
    request: { params: IdParamsSchema, body: jsonBody(QuoteSendSchema) },
    responses: { 200: jsonResponse(QuoteWithLinesSchema, 'Sent'), ...STATE_RESPONSES },
  }),
  async (c) => {
    const quote = await quotes.sendQuote(c.var.db, c.req.valid('param').id, c.req.valid('json').issue_date);
    if (!quote) throw notFound();
    return c.json(quote, 200);
  },
);

for (const [answer, summary] of [
  ['accept', 'Record that the customer accepted a sent quote'],
  ['decline', 'Record that the customer declined a sent quote'],
] as const) {
  quotesRouter.openapi(
    createRoute({
      method: 'post',
      path: `/quotes/{id}/${answer}`,
      operationId: `${answer}Quote`,
      summary,
      tags,
      ...guarded('quotes:update'),
      request: { params: IdParamsSchema },
      responses: { 200: jsonResponse(QuoteWithLinesSchema, 'Answered'), ...STATE_RESPONSES },
    }),
    async (c) => {
      const quote = await quotes.answerQuote(
        c.var.db,
        c.req.valid('param').id,
        answer === 'accept' ? 'accepted' : 'declined',
      );
      if (!quote) throw notFound();
      return c.json(quote, 200);
    },
  );
}

quotesRouter.openapi(
  createRoute({
    method: 'post',
    path: '/quotes/{id}/invoice',
    operationId: 'invoiceQuote',
    summary: 'Turn an accepted quote into a draft invoice (a sent quote is accepted on the way)',
    tags,
    ...guarded('invoices:create'),
    request: { params: IdParamsSchema },
    responses: { 201: jsonResponse(InvoiceWithLinesSchema, 'The draft invoice'), ...STATE_RESPONSES },
  }),
  async (c) => {
    const invoice = await quotes.invoiceQuote(c.var.db, c.req.valid('param').id, c.var.principal.userId);
    if (!invoice) throw notFound();
    c.header('location', `/invoices/${invoice.id}`);
    return c.json(invoice, 201);
  },
);

quotesRouter.openapi(
  createRoute({
    method: 'get',
    path: '/quotes/{id}/pdf',
    operationId: 'getQuotePdf',
    summary: 'The PDF of a sent quote',
    tags,
    ...guarded('quotes:read'),
    request: { params: IdParamsSchema },
    responses: {
      200: {
        description: 'The PDF',
        content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } },
      },
      ...STATE_RESPONSES,
    },
  }),
  async (c) => {
    const { id } = c.req.valid('param');
    const document = await quoteDocument(c.var.db, id);
    if (!document) {
      if (await quotes.getQuote(c.var.db, id)) {
        throw new HttpProblem(409, {
          type: 'invalid-state',
          detail: 'A draft quote has no document yet: send it first',
        });
      }
      throw notFound();
    }
    const pdf = await renderDocumentPdf(document);
    return c.body(new Uint8Array(pdf), 200, {
      'content-type': 'application/pdf',
      'content-disposition': `inline; filename="${document.number.replace(/[^A-Za-z0-9._-]/g, '_')}.pdf"`,
      'cache-control': 'private, no-store',
    });
  },
);

quotesRouter.openapi(
  createRoute({
    method: 'post',
    path: '/quotes/{id}/email',
    operationId: 'emailQuote',
    summary: 'E-mail a sent quote to the customer, its PDF attached',
    tags,
    ...guarded('quotes:send'),
    request: {
      params: IdParamsSchema,
      body: jsonBody(
        z
          .strictObject({
            to: EmailSchema.optional().meta({ description: "Default: the customer's e-mail address" }),
            message: TextSchema(5000).nullable().optional(),
          })
          .meta({ id: 'QuoteEmailRequest' }),
      ),
    },
    responses: {
      202: jsonResponse(
        z.object({ email_id: z.string(), to: z.string() }).meta({ id: 'QuoteEmailQueued' }),
        'Queued',
      ),
      ...STATE_RESPONSES,
    },
  }),
  async (c) => {
    const { id } = c.req.valid('param');
    const document = await quoteDocument(c.var.db, id);
    if (!document) {
      if (await quotes.getQuote(c.var.db, id)) {
        throw new HttpProblem(409, {
          type: 'invalid-state',
          detail: 'Send the quote first: a draft is not e-mailed',
        });
      }
      throw notFound();
    }
    const quote = (await quotes.getQuote(c.var.db, id))!;
    return c.json(await emailDocument(c.var.db, document, quote.customer_id, c.req.valid('json')), 202);
  },
);
