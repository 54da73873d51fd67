/**
 * @module billing/quotes
 * Quotes (devis): draft (editable, no number) → sent (numbered `<prefix>-<year>-<000001>`,
 * frozen) → accepted / declined; "expired" is derived (sent and past `valid_until` in the tenant's
 * time zone). An accepted quote becomes a draft invoice in one call. Amounts are integer minor
 * units of the quote currency.
 */
import { z } from 'zod';
import {
  CurrencySchema,
  IdSchema,
  LineSchema,
  PageQuerySchema,
  PageSchema,
  TextSchema,
} from '../common/index.js';
import { CalendarDateSchema } from './common.js';
import { DocumentLineInputSchema, DocumentLineSchema, MAX_LINES, VatBreakdownSchema } from './invoices.js';

/** Statuses as the API shows them (`expired` is derived from `sent`). */
export const QUOTE_STATUSES = ['draft', 'sent', 'accepted', 'declined', 'expired'] as const;

export const QuoteSchema = z
  .object({
    id: IdSchema,
    status: z.enum(QUOTE_STATUSES),
    number: z.string().nullable().meta({ description: 'Assigned when sent' }),
    customer_id: IdSchema,
    customer_name: z.string(),
    currency: z.string(),
    title: z.string().nullable(),
    issue_date: z.string().nullable(),
    valid_until: z.string().nullable(),
    note: z.string().nullable(),
    net_minor: z.int(),
    tax_minor: z.int(),
    gross_minor: z.int(),
    vat_breakdown: z.array(VatBreakdownSchema),
    crm_deal_id: IdSchema.nullable().meta({ description: 'The CRM deal it was drafted from' }),
    invoice_id: IdSchema.nullable().meta({ description: 'The invoice it became' }),
    sent_at: z.string().nullable(),
    accepted_at: z.string().nullable(),
    declined_at: z.string().nullable(),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .meta({ id: 'Quote' });

export const QuoteWithLinesSchema = QuoteSchema.extend({ lines: z.array(DocumentLineSchema) }).meta({
  id: 'QuoteWithLines',
});

const lines = z.array(DocumentLineInputSchema).max(MAX_LINES, `At most ${MAX_LINES} lines`);

export const QuoteCreateSchema = z
  .strictObject({
    customer_id: IdSchema,
    currency: CurrencySchema.optional().meta({ description: "Default: the customer's currency" }),
    title: LineSchema(200).nullable().optional(),
    lines: lines.default([]),
    valid_until: CalendarDateSchema.nullable()
      .optional()
      .meta({ description: 'Default: 30 days after sending' }),
    note: TextSchema(5000).nullable().optional(),
  })
  .meta({ id: 'QuoteCreate' });

export const QuoteUpdateSchema = z
  .strictObject({
    customer_id: IdSchema.optional(),
    currency: CurrencySchema.optional(),
    title: LineSchema(200).nullable().optional(),
    lines: lines.optional().meta({ description: 'Replaces every line' }),
    valid_until: CalendarDateSchema.nullable().optional(),
    note: TextSchema(5000).nullable().optional(),
  })
  .refine((t) => Object.keys(t).length > 0, { message: 'Nothing to update' })
  .meta({ id: 'QuoteUpdate' });

export const QuoteSendSchema = z
  .strictObject({
    issue_date: CalendarDateSchema.optional().meta({
      description: "Default: today in the tenant's time zone",
    }),
  })
  .meta({ id: 'QuoteSend' });

export const QuoteListQuerySchema = PageQuerySchema.extend({
  status: z.enum(QUOTE_STATUSES).optional(),
  customer_id: IdSchema.optional(),
});

export const QuotePageSchema = PageSchema(QuoteSchema).meta({ id: 'QuotePage' });

export type Quote = z.infer<typeof QuoteSchema>;
export type QuoteWithLines = z.infer<typeof QuoteWithLinesSchema>;
export type QuoteCreate = z.infer<typeof QuoteCreateSchema>;
export type QuoteUpdate = z.infer<typeof QuoteUpdateSchema>;
export type QuoteListQuery = z.infer<typeof QuoteListQuerySchema>;
