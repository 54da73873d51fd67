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
import { IdParamsSchema, IdSchema } from '@comptoir/contracts/common';
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
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import * as dunning from '../db/dunning.js';
import { getInvoice } from '../db/invoices.js';
import { loadSettings } from '../db/settings.js';

const tags = ['Dunning'];

const ReminderParamsSchema = z.strictObject({
  id: IdSchema,
  position: z.coerce.number().int().min(1).max(20).meta({ description: 'Step of the schedule' }),
});

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

dunningRouter.openapi(
  createRoute({
    method: 'get',
    path: '/invoices/{id}/dunning/{position}/pdf',
    operationId: 'getReminderPdf',
    summary: 'The PDF of a reminder or formal notice sent for an invoice (as it was sent: the balance then)',
    tags,
    ...guarded('dunning:read'),
    request: { params: ReminderParamsSchema },
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
    const { id, position } = c.req.valid('param');
    const step = (await dunning.invoiceTimeline(c.var.db, id)).find(
      (e) => e.step_position === position && e.outcome !== 'skipped',
    );
    if (!step) throw new HttpProblem(404, { detail: 'No reminder of this invoice has this step' });
    const rendered = await dunning.reminderPdf(c.var.db, id, {
      position,
      daysPastDue: step.days_past_due,
      formalNotice: step.kind === 'formal_notice',
      balanceMinor: step.balance_due_minor,
    });
    if (!rendered) throw new HttpProblem(404, { detail: 'No invoice with this id' });
    const name = `${step.kind === 'formal_notice' ? 'mise-en-demeure' : 'relance'}-${rendered.document.number}.pdf`;
    return c.body(new Uint8Array(rendered.pdf), 200, {
      'content-type': 'application/pdf',
      'content-disposition': `inline; filename="${name.replace(/[^A-Za-z0-9._-]/g, '_')}"`,
      'cache-control': 'private, no-store',
    });
  },
);
