/**
 * @module routes/dunning
 * `/dunning/schedule` (read, replace, pause), `/dunning/run` (run now for the tenant; the job
 * queue also runs it every hour) and `/invoices/{id}/dunning` (the steps taken for an invoice).
 */
import {
  DunningRunResultSchema,
  DunningScheduleSchema,
  DunningScheduleUpdateSchema,
  DunningTimelineSchema,
} from '@comptoir/contracts/billing/dunning';
import { IdParamsSchema } from '@comptoir/contracts/common';
import type { DB } from '@comptoir/db/schema/billing';
import {
  type AppEnv,
  guarded,
  HttpProblem,
  jsonBody,
  jsonResponse,
  NOT_FOUND_RESPONSE,
  PROBLEM_RESPONSES,
} from '@comptoir/service-kit';
import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import * as dunning from '../db/dunning.js';
import { getInvoice } from '../db/invoices.js';
import { loadSettings } from '../db/settings.js';

const tags = ['Dunning'];

export const dunningRouter = new OpenAPIHono<AppEnv<DB>>();

async function schedule(db: AppEnv<DB>['Variables']['db']) {
  const [settings, steps] = await Promise.all([loadSettings(db), dunning.dunningSchedule(db)]);
  return { enabled: settings.dunning_enabled, data: steps };
}

dunningRouter.openapi(
  createRoute({
    method: 'get',
    path: '/dunning/schedule',
    operationId: 'getDunningSchedule',
    summary: 'The dunning schedule (days after the due date)',
    tags,
    ...guarded('dunning:read'),
    responses: { 200: jsonResponse(DunningScheduleSchema, 'The schedule'), ...PROBLEM_RESPONSES },
  }),
  async (c) => c.json(await schedule(c.var.db), 200),
);

dunningRouter.openapi(
  createRoute({
    method: 'put',
    path: '/dunning/schedule',
    operationId: 'updateDunningSchedule',
    summary: 'Replace the dunning schedule, or pause or resume dunning',
    description:
      'Steps already taken for an invoice stay recorded; a new schedule applies from the next run.',
    tags,
    ...guarded('dunning:manage'),
    request: { body: jsonBody(DunningScheduleUpdateSchema) },
    responses: { 200: jsonResponse(DunningScheduleSchema, 'The schedule'), ...PROBLEM_RESPONSES },
  }),
  async (c) => {
    const input = c.req.valid('json');
    if (input.steps) await dunning.replaceSchedule(c.var.db, input.steps);
    if (input.enabled !== undefined) {
      await loadSettings(c.var.db);
      await c.var.db.updateTable('billing.settings').set({ dunning_enabled: input.enabled }).execute();
    }
    return c.json(await schedule(c.var.db), 200);
  },
);

dunningRouter.openapi(
  createRoute({
    method: 'post',
    path: '/dunning/run',
    operationId: 'runDunning',
    summary: "Run dunning now for the tenant's overdue invoices",
    description: 'Idempotent: a step is taken once per invoice. The job queue runs the same every hour.',
    tags,
    ...guarded('dunning:run'),
    responses: { 200: jsonResponse(DunningRunResultSchema, 'What was done'), ...PROBLEM_RESPONSES },
  }),
  async (c) => c.json(await dunning.runDunning(c.var.db), 200),
);

dunningRouter.openapi(
  createRoute({
    method: 'get',
    path: '/invoices/{id}/dunning',
    operationId: 'getInvoiceDunning',
    summary: 'The dunning steps taken for an invoice',
    tags,
    ...guarded('dunning:read'),
    request: { params: IdParamsSchema },
    responses: {
      200: jsonResponse(DunningTimelineSchema, 'Steps taken'),
      ...PROBLEM_RESPONSES,
      ...NOT_FOUND_RESPONSE,
    },
  }),
  async (c) => {
    const { id } = c.req.valid('param');
    if (!(await getInvoice(c.var.db, id))) throw new HttpProblem(404, { detail: 'No invoice with this id' });
    return c.json({ data: await dunning.invoiceTimeline(c.var.db, id) }, 200);
  },
);
