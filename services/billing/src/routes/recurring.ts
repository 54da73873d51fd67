/**
 * @module routes/recurring
 * `/recurring-invoices`: templates that invoice a customer every month, quarter or year (create,
 * list, read, update, pause, end) and `/recurring-invoices/run` (run now; the job queue also runs
 * them every hour).
 */
import {
  RecurringInvoiceCreateSchema,
  RecurringInvoiceListSchema,
  RecurringInvoiceSchema,
  RecurringInvoiceUpdateSchema,
  RecurringRunResultSchema,
} from '@comptoir/contracts/billing/recurring';
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
import * as recurring from '../db/recurring.js';

const tags = ['Recurring invoices'];
const notFound = () => new HttpProblem(404, { detail: 'No recurring invoice with this id' });

export const recurringRouter = new OpenAPIHono<AppEnv<DB>>();

recurringRouter.openapi(
  createRoute({
    method: 'get',
    path: '/recurring-invoices',
    operationId: 'listRecurringInvoices',
    summary: 'List recurring invoices, the next to run first',
    tags,
    ...guarded('recurring:read'),
    responses: { 200: jsonResponse(RecurringInvoiceListSchema, 'Templates'), ...PROBLEM_RESPONSES },
  }),
  async (c) => c.json({ data: await recurring.listRecurring(c.var.db) }, 200),
);

recurringRouter.openapi(
  createRoute({
    method: 'get',
    path: '/recurring-invoices/{id}',
    operationId: 'getRecurringInvoice',
    summary: 'Get a recurring invoice',
    tags,
    ...guarded('recurring:read'),
    request: { params: IdParamsSchema },
    responses: {
      200: jsonResponse(RecurringInvoiceSchema, 'The template'),
      ...PROBLEM_RESPONSES,
      ...NOT_FOUND_RESPONSE,
    },
  }),
  async (c) => {
    const template = await recurring.getRecurring(c.var.db, c.req.valid('param').id);
    if (!template) throw notFound();
    return c.json(template, 200);
  },
);

recurringRouter.openapi(
  createRoute({
    method: 'post',
    path: '/recurring-invoices',
    operationId: 'createRecurringInvoice',
    summary: 'Invoice a customer every month, quarter or year',
    description:
      'The first period starts on start_date; auto_issue issues each invoice at once instead of leaving a draft.',
    tags,
    ...guarded('recurring:manage'),
    request: { body: jsonBody(RecurringInvoiceCreateSchema) },
    responses: { 201: jsonResponse(RecurringInvoiceSchema, 'Created'), ...PROBLEM_RESPONSES },
  }),
  async (c) =>
    c.json(await recurring.createRecurring(c.var.db, c.req.valid('json'), c.var.principal.userId), 201),
);

recurringRouter.openapi(
  createRoute({
    method: 'patch',
    path: '/recurring-invoices/{id}',
    operationId: 'updateRecurringInvoice',
    summary: 'Change, pause, resume or end a recurring invoice',
    tags,
    ...guarded('recurring:manage'),
    request: { params: IdParamsSchema, body: jsonBody(RecurringInvoiceUpdateSchema) },
    responses: {
      200: jsonResponse(RecurringInvoiceSchema, 'Updated'),
      ...PROBLEM_RESPONSES,
      ...NOT_FOUND_RESPONSE,
      ...CONFLICT_RESPONSE,
    },
  }),
  async (c) => {
    const template = await recurring.updateRecurring(c.var.db, c.req.valid('param').id, c.req.valid('json'));
    if (!template) throw notFound();
    return c.json(template, 200);
  },
);

recurringRouter.openapi(
  createRoute({
    method: 'post',
    path: '/recurring-invoices/run',
    operationId: 'runRecurringInvoices',
    summary: 'Invoice every period that has come, now',
    description: 'Idempotent: a period is invoiced once. The job queue runs the same every hour.',
    tags,
    ...guarded('recurring:manage'),
    responses: { 200: jsonResponse(RecurringRunResultSchema, 'What was done'), ...PROBLEM_RESPONSES },
  }),
  async (c) => c.json(await recurring.runRecurring(c.var.db), 200),
);
