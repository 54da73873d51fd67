/**
 * @module billing/recurring
 * Recurring invoices: a template (customer, lines, frequency) that produces one invoice per
 * period, as a draft or issued at once.
 */
import { z } from 'zod';
import { CurrencySchema, IdSchema, LineSchema, TextSchema } from '../common/index.js';
import { CalendarDateSchema } from './common.js';
import { DocumentLineInputSchema, MAX_LINES } from './invoices.js';

export const FREQUENCIES = ['monthly', 'quarterly', 'yearly'] as const;

export const RecurringInvoiceSchema = z
  .object({
    id: IdSchema,
    customer_id: IdSchema,
    customer_name: z.string(),
    title: z.string().nullable(),
    currency: z.string(),
    frequency: z.enum(FREQUENCIES),
    start_date: z.string(),
    end_date: z.string().nullable(),
    next_run_on: z.string().meta({ description: 'Start of the next period to invoice' }),
    occurrences: z.int().meta({ description: 'Periods invoiced so far' }),
    auto_issue: z.boolean(),
    status: z.enum(['active', 'paused', 'ended']),
    lines: z.array(DocumentLineInputSchema),
    payment_terms_days: z.int().nullable(),
    note: z.string().nullable(),
    last_invoice_id: IdSchema.nullable(),
    last_error: z
      .string()
      .nullable()
      .meta({ description: 'Why the last run could not invoice (it retries next run)' }),
    created_at: z.string(),
  })
  .meta({ id: 'RecurringInvoice' });

const lines = z.array(DocumentLineInputSchema).min(1, 'At least one line').max(MAX_LINES);

export const RecurringInvoiceCreateSchema = z
  .strictObject({
    customer_id: IdSchema,
    title: LineSchema(200).nullable().optional(),
    currency: CurrencySchema.optional(),
    frequency: z.enum(FREQUENCIES),
    start_date: CalendarDateSchema,
    end_date: CalendarDateSchema.nullable().optional(),
    auto_issue: z.boolean().default(false),
    lines,
    payment_terms_days: z.int().min(0).max(365).nullable().optional(),
    note: TextSchema(5000).nullable().optional(),
  })
  .refine((t) => !t.end_date || t.end_date >= t.start_date, {
    message: 'The end comes before the start',
    path: ['end_date'],
  })
  .meta({ id: 'RecurringInvoiceCreate' });

export const RecurringInvoiceUpdateSchema = z
  .strictObject({
    title: LineSchema(200).nullable().optional(),
    end_date: CalendarDateSchema.nullable().optional(),
    auto_issue: z.boolean().optional(),
    status: z.enum(['active', 'paused', 'ended']).optional(),
    lines: lines.optional(),
    payment_terms_days: z.int().min(0).max(365).nullable().optional(),
    note: TextSchema(5000).nullable().optional(),
  })
  .refine((t) => Object.keys(t).length > 0, { message: 'Nothing to update' })
  .meta({ id: 'RecurringInvoiceUpdate' });

export const RecurringInvoiceListSchema = z
  .object({ data: z.array(RecurringInvoiceSchema) })
  .meta({ id: 'RecurringInvoiceList' });

export const RecurringRunResultSchema = z
  .object({ templates: z.int(), invoices_created: z.int(), invoices_issued: z.int(), failed: z.int() })
  .meta({ id: 'RecurringRunResult' });

export type RecurringInvoice = z.infer<typeof RecurringInvoiceSchema>;
export type RecurringInvoiceCreate = z.infer<typeof RecurringInvoiceCreateSchema>;
export type RecurringInvoiceUpdate = z.infer<typeof RecurringInvoiceUpdateSchema>;
export type RecurringRunResult = z.infer<typeof RecurringRunResultSchema>;
