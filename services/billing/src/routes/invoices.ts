/**
 * @module routes/invoices
 * `/invoices`: drafts (create, edit, delete), issue (gapless number), credit notes, dispute flag,
 * payments (record, list, mark failed) and the list with status filters and totals.
 */
import {
  CreditNoteCreateSchema,
  InvoiceCreateSchema,
  InvoiceDisputeSchema,
  InvoiceIssueSchema,
  InvoiceListQuerySchema,
  InvoicePageSchema,
  InvoiceSummarySchema,
  InvoiceUpdateSchema,
  InvoiceWithLinesSchema,
  PaymentCreateSchema,
  PaymentFailSchema,
  PaymentListSchema,
  PaymentSchema,
} from '@comptoir/contracts/billing/invoices';
import { IdParamsSchema } from '@comptoir/contracts/common';
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
import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import * as invoices from '../db/invoices.js';

const tags = ['Invoices'];
const notFound = () => new HttpProblem(404, { detail: 'No invoice with this id' });
const STATE_RESPONSES = { ...PROBLEM_RESPONSES, ...NOT_FOUND_RESPONSE, ...CONFLICT_RESPONSE };

export const invoicesRouter = new OpenAPIHono<AppEnv<DB>>();

invoicesRouter.openapi(
  createRoute({
    method: 'get',
    path: '/invoices',
    operationId: 'listInvoices',
    summary: 'List invoices and credit notes, newest first',
    description:
      'status=overdue: issued or partially paid and past due in the tenant time zone; unpaid: any of issued, partially paid, overdue.',
    tags,
    ...guarded('invoices:read'),
    request: { query: InvoiceListQuerySchema },
    responses: { 200: jsonResponse(InvoicePageSchema, 'A page of invoices'), ...PROBLEM_RESPONSES },
  }),
  async (c) => c.json(await invoices.listInvoices(c.var.db, c.req.valid('query')), 200),
);

invoicesRouter.openapi(
  createRoute({
    method: 'get',
    path: '/invoices/summary',
    operationId: 'getInvoiceSummary',
    summary: 'Totals per currency: drafts, unpaid, overdue, outstanding, paid this year',
    tags,
    ...guarded('invoices:read'),
    responses: { 200: jsonResponse(InvoiceSummarySchema, 'Totals'), ...PROBLEM_RESPONSES },
  }),
  async (c) => c.json(await invoices.invoiceSummary(c.var.db), 200),
);

invoicesRouter.openapi(
  createRoute({
    method: 'get',
    path: '/invoices/{id}',
    operationId: 'getInvoice',
    summary: 'Get an invoice or credit note with its lines',
    tags,
    ...guarded('invoices:read'),
    request: { params: IdParamsSchema },
    responses: {
      200: jsonResponse(InvoiceWithLinesSchema, 'The invoice'),
      ...PROBLEM_RESPONSES,
      ...NOT_FOUND_RESPONSE,
    },
  }),
  async (c) => {
    const invoice = await invoices.getInvoice(c.var.db, c.req.valid('param').id);
    if (!invoice) throw notFound();
    return c.json(invoice, 200);
  },
);

invoicesRouter.openapi(
  createRoute({
    method: 'post',
    path: '/invoices',
    operationId: 'createInvoice',
    summary: 'Create a draft invoice',
    tags,
    ...guarded('invoices:create'),
    request: { body: jsonBody(InvoiceCreateSchema) },
    responses: { 201: jsonResponse(InvoiceWithLinesSchema, 'Created'), ...PROBLEM_RESPONSES },
  }),
  async (c) => {
    const invoice = await invoices.createInvoice(c.var.db, {
      ...c.req.valid('json'),
      created_by: c.var.principal.userId,
    });
    c.header('location', `/invoices/${invoice.id}`);
    return c.json(invoice, 201);
  },
);

invoicesRouter.openapi(
  createRoute({
    method: 'patch',
    path: '/invoices/{id}',
    operationId: 'updateInvoice',
    summary: 'Edit a draft invoice',
    description: 'An issued invoice never changes (409): correct it with a credit note.',
    tags,
    ...guarded('invoices:update'),
    request: { params: IdParamsSchema, body: jsonBody(InvoiceUpdateSchema) },
    responses: { 200: jsonResponse(InvoiceWithLinesSchema, 'Updated'), ...STATE_RESPONSES },
  }),
  async (c) => {
    const invoice = await invoices.updateInvoice(c.var.db, c.req.valid('param').id, c.req.valid('json'));
    if (!invoice) throw notFound();
    return c.json(invoice, 200);
  },
);

invoicesRouter.openapi(
  createRoute({
    method: 'delete',
    path: '/invoices/{id}',
    operationId: 'deleteDraftInvoice',
    summary: 'Delete a draft invoice',
    description: 'Issued invoices are never deleted (409).',
    tags,
    ...guarded('invoices:delete'),
    request: { params: IdParamsSchema },
    responses: { 204: { description: 'Deleted' }, ...STATE_RESPONSES },
  }),
  async (c) => {
    if (!(await invoices.deleteDraft(c.var.db, c.req.valid('param').id))) throw notFound();
    return c.body(null, 204);
  },
);

invoicesRouter.openapi(
  createRoute({
    method: 'post',
    path: '/invoices/{id}/issue',
    operationId: 'issueInvoice',
    summary: 'Issue a draft: assign its number and freeze it',
    description:
      'Numbers are <prefix>-<year>-<000001>, gapless per tenant, series and year, in date order. Emits billing.invoice.issued.',
    tags,
    ...guarded('invoices:issue'),
    request: { params: IdParamsSchema, body: jsonBody(InvoiceIssueSchema) },
    responses: { 200: jsonResponse(InvoiceWithLinesSchema, 'Issued'), ...STATE_RESPONSES },
  }),
  async (c) => {
    const invoice = await invoices.issueInvoice(
      c.var.db,
      c.req.valid('param').id,
      c.req.valid('json').issue_date,
    );
    if (!invoice) throw notFound();
    return c.json(invoice, 200);
  },
);

invoicesRouter.openapi(
  createRoute({
    method: 'post',
    path: '/invoices/{id}/credit-notes',
    operationId: 'creditInvoice',
    summary: 'Issue a credit note cancelling all or part of an invoice',
    description:
      'Without lines, every line is credited and the invoice is cancelled. Emits billing.credit_note.issued.',
    tags,
    ...guarded('invoices:credit'),
    request: { params: IdParamsSchema, body: jsonBody(CreditNoteCreateSchema) },
    responses: { 201: jsonResponse(InvoiceWithLinesSchema, 'The issued credit note'), ...STATE_RESPONSES },
  }),
  async (c) => {
    const note = await invoices.creditInvoice(c.var.db, c.req.valid('param').id, {
      ...c.req.valid('json'),
      created_by: c.var.principal.userId,
    });
    if (!note) throw notFound();
    c.header('location', `/invoices/${note.id}`);
    return c.json(note, 201);
  },
);

invoicesRouter.openapi(
  createRoute({
    method: 'post',
    path: '/invoices/{id}/dispute',
    operationId: 'setInvoiceDisputed',
    summary: 'Mark an issued invoice disputed or not (dunning pauses while disputed)',
    tags,
    ...guarded('invoices:update'),
    request: { params: IdParamsSchema, body: jsonBody(InvoiceDisputeSchema) },
    responses: { 200: jsonResponse(InvoiceWithLinesSchema, 'Updated'), ...STATE_RESPONSES },
  }),
  async (c) => {
    const invoice = await invoices.setDisputed(
      c.var.db,
      c.req.valid('param').id,
      c.req.valid('json').disputed,
    );
    if (!invoice) throw notFound();
    return c.json(invoice, 200);
  },
);

invoicesRouter.openapi(
  createRoute({
    method: 'get',
    path: '/invoices/{id}/payments',
    operationId: 'listInvoicePayments',
    summary: 'Payments of an invoice',
    tags: ['Payments'],
    ...guarded('payments:read'),
    request: { params: IdParamsSchema },
    responses: {
      200: jsonResponse(PaymentListSchema, 'Payments'),
      ...PROBLEM_RESPONSES,
      ...NOT_FOUND_RESPONSE,
    },
  }),
  async (c) => {
    const { id } = c.req.valid('param');
    if (!(await invoices.getInvoice(c.var.db, id))) throw notFound();
    return c.json({ data: await invoices.listPayments(c.var.db, id) }, 200);
  },
);

invoicesRouter.openapi(
  createRoute({
    method: 'post',
    path: '/invoices/{id}/payments',
    operationId: 'recordPayment',
    summary: 'Record a payment of an issued invoice',
    description:
      'Applied up to the balance due; any overpayment becomes customer credit. Emits billing.payment.received.',
    tags: ['Payments'],
    ...guarded('payments:record'),
    request: { params: IdParamsSchema, body: jsonBody(PaymentCreateSchema) },
    responses: { 201: jsonResponse(PaymentSchema, 'Recorded'), ...STATE_RESPONSES },
  }),
  async (c) => {
    const payment = await invoices.recordPayment(c.var.db, c.req.valid('param').id, {
      ...c.req.valid('json'),
      created_by: c.var.principal.userId,
    });
    if (!payment) throw notFound();
    return c.json(payment, 201);
  },
);

invoicesRouter.openapi(
  createRoute({
    method: 'post',
    path: '/payments/{id}/fail',
    operationId: 'failPayment',
    summary: 'Mark a payment failed (returned direct debit, bounced cheque)',
    description: 'Its amount returns to the invoice balance. Emits billing.payment.failed.',
    tags: ['Payments'],
    ...guarded('payments:fail'),
    request: { params: IdParamsSchema, body: jsonBody(PaymentFailSchema) },
    responses: { 200: jsonResponse(PaymentSchema, 'Marked failed'), ...STATE_RESPONSES },
  }),
  async (c) => {
    const payment = await invoices.failPayment(c.var.db, c.req.valid('param').id, c.req.valid('json').reason);
    if (!payment) throw new HttpProblem(404, { detail: 'No payment with this id' });
    return c.json(payment, 200);
  },
);
