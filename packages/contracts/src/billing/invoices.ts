/**
 * @module billing/invoices
 * Invoices and credit notes, their lines, and payments.
 *
 * Life cycle: draft (editable, no number) → issued (immutable, numbered `<prefix>-<year>-<000001>`
 * gaplessly per tenant and year) → partially paid / paid; a credit note cancels all or part of an
 * issued invoice, which is never deleted. "overdue" is derived: issued or partially paid and past
 * its due date in the tenant's time zone. Amounts are integer minor units of the invoice currency.
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
import {
  CalendarDateSchema,
  MinorUnitsSchema,
  PositiveMinorUnitsSchema,
  QuantityMilliSchema,
  ReferenceSchema,
  UnitCodeSchema,
  VatCategorySchema,
} from './common.js';

export const INVOICE_KINDS = ['invoice', 'credit_note'] as const;
/** Statuses as the API shows them (`overdue` is derived from `issued`/`partially_paid`). */
export const INVOICE_STATUSES = [
  'draft',
  'issued',
  'partially_paid',
  'paid',
  'overdue',
  'cancelled',
] as const;
/** List filters: a status, or `unpaid` (issued, partially paid or overdue). */
export const INVOICE_STATUS_FILTERS = [...INVOICE_STATUSES, 'unpaid'] as const;
export const PAYMENT_METHODS = [
  'transfer',
  'card',
  'sepa_debit',
  'cash',
  'cheque',
  'customer_credit',
] as const;

/** Most lines one document may hold. */
export const MAX_LINES = 500;

export const DocumentLineSchema = z
  .object({
    id: IdSchema,
    position: z.int(),
    product_id: IdSchema.nullable(),
    description: z.string(),
    quantity_milli: z.int().meta({ description: 'Thousandths: 1500 = 1.5' }),
    unit_code: z.string(),
    unit_price_minor: z.int(),
    vat_category: VatCategorySchema,
    vat_rate_basis_points: z.int(),
    exemption_reason: z.string().nullable(),
    exemption_reason_code: z.string().nullable(),
    net_minor: z.int().meta({ description: 'quantity × unit price, rounded half away from zero per line' }),
  })
  .meta({ id: 'DocumentLine' });

/**
 * A line as sent: from a product (its description, unit, price and tax rate are the defaults) or
 * written out; the tax rate defaults to the product's, then to the tenant's default rate.
 */
export const DocumentLineInputSchema = z
  .strictObject({
    product_id: IdSchema.optional(),
    description: TextSchema(1000).min(1, 'A description is required').optional(),
    quantity_milli: QuantityMilliSchema.default(1000),
    unit_code: UnitCodeSchema.optional(),
    unit_price_minor: MinorUnitsSchema.optional().meta({ description: 'Net unit price, minor units' }),
    tax_rate_id: IdSchema.optional(),
  })
  .refine((l) => l.product_id !== undefined || l.description !== undefined, {
    message: 'Give a description or a product',
    path: ['description'],
  })
  .refine((l) => l.product_id !== undefined || l.unit_price_minor !== undefined, {
    message: 'Give a unit price or a product',
    path: ['unit_price_minor'],
  })
  .meta({ id: 'DocumentLineInput' });

export const VatBreakdownSchema = z
  .object({
    vat_category: VatCategorySchema,
    vat_rate_basis_points: z.int(),
    taxable_minor: z.int(),
    tax_minor: z.int(),
    exemption_reason: z.string().nullable(),
    exemption_reason_code: z.string().nullable(),
  })
  .meta({ id: 'VatBreakdown' });

export const InvoiceSchema = z
  .object({
    id: IdSchema,
    kind: z.enum(INVOICE_KINDS),
    status: z.enum(INVOICE_STATUSES),
    number: z.string().nullable().meta({ description: 'Assigned at issue' }),
    customer_id: IdSchema,
    customer_name: z.string(),
    currency: z.string(),
    issue_date: z.string().nullable(),
    due_date: z.string().nullable(),
    delivery_date: z.string().nullable(),
    payment_terms_days: z.int().nullable(),
    buyer_reference: z.string().nullable(),
    purchase_order_reference: z.string().nullable(),
    note: z.string().nullable(),
    net_minor: z.int(),
    tax_minor: z.int(),
    gross_minor: z.int(),
    paid_minor: z.int(),
    credited_minor: z.int(),
    balance_due_minor: z
      .int()
      .meta({ description: 'gross − paid − credited; 0 for drafts and credit notes' }),
    vat_breakdown: z.array(VatBreakdownSchema),
    legal_mentions: z.array(z.string()),
    credited_invoice_id: IdSchema.nullable(),
    quote_id: IdSchema.nullable(),
    disputed: z.boolean(),
    issued_at: z.string().nullable(),
    cancelled_at: z.string().nullable(),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .meta({ id: 'Invoice' });

export const InvoiceWithLinesSchema = InvoiceSchema.extend({ lines: z.array(DocumentLineSchema) }).meta({
  id: 'InvoiceWithLines',
});

const invoiceFields = {
  currency: CurrencySchema,
  lines: z.array(DocumentLineInputSchema).max(MAX_LINES, `At most ${MAX_LINES} lines`),
  delivery_date: CalendarDateSchema.nullable(),
  due_date: CalendarDateSchema.nullable().meta({ description: 'Default: issue date + payment terms' }),
  payment_terms_days: z.int().min(0).max(365).nullable(),
  buyer_reference: ReferenceSchema.nullable(),
  purchase_order_reference: ReferenceSchema.nullable(),
  note: TextSchema(5000).nullable(),
};

export const InvoiceCreateSchema = z
  .strictObject({
    customer_id: IdSchema,
    currency: invoiceFields.currency.optional().meta({ description: "Default: the customer's currency" }),
    lines: invoiceFields.lines.default([]),
    delivery_date: invoiceFields.delivery_date.optional(),
    due_date: invoiceFields.due_date.optional(),
    payment_terms_days: invoiceFields.payment_terms_days.optional(),
    buyer_reference: invoiceFields.buyer_reference.optional(),
    purchase_order_reference: invoiceFields.purchase_order_reference.optional(),
    note: invoiceFields.note.optional(),
  })
  .meta({ id: 'InvoiceCreate' });

export const InvoiceUpdateSchema = z
  .strictObject({
    customer_id: IdSchema.optional(),
    currency: invoiceFields.currency.optional(),
    lines: invoiceFields.lines.optional().meta({ description: 'Replaces every line' }),
    delivery_date: invoiceFields.delivery_date.optional(),
    due_date: invoiceFields.due_date.optional(),
    payment_terms_days: invoiceFields.payment_terms_days.optional(),
    buyer_reference: invoiceFields.buyer_reference.optional(),
    purchase_order_reference: invoiceFields.purchase_order_reference.optional(),
    note: invoiceFields.note.optional(),
  })
  .refine((t) => Object.keys(t).length > 0, { message: 'Nothing to update' })
  .meta({ id: 'InvoiceUpdate' });

export const InvoiceIssueSchema = z
  .strictObject({
    issue_date: CalendarDateSchema.optional().meta({
      description: "Default: today in the tenant's time zone",
    }),
  })
  .meta({ id: 'InvoiceIssue' });

export const CreditNoteCreateSchema = z
  .strictObject({
    lines: z.array(DocumentLineInputSchema).min(1).max(MAX_LINES).optional().meta({
      description: 'Lines to credit (positive amounts); default: every line, cancelling the invoice',
    }),
    note: TextSchema(5000).nullable().optional().meta({ description: 'Why the invoice is credited' }),
    issue_date: CalendarDateSchema.optional(),
  })
  .meta({ id: 'CreditNoteCreate' });

export const InvoiceDisputeSchema = z
  .strictObject({
    disputed: z.boolean().meta({ description: 'Dunning pauses while an invoice is disputed' }),
  })
  .meta({ id: 'InvoiceDispute' });

export const InvoiceListQuerySchema = PageQuerySchema.extend({
  status: z.enum(INVOICE_STATUS_FILTERS).optional(),
  kind: z.enum(INVOICE_KINDS).optional(),
  customer_id: IdSchema.optional(),
  q: LineSchema(40).optional().meta({ description: 'Start of the number' }),
});

export const InvoicePageSchema = PageSchema(InvoiceSchema).meta({ id: 'InvoicePage' });

export const InvoiceSummarySchema = z
  .object({
    data: z.array(
      z.object({
        currency: z.string(),
        draft_count: z.int(),
        unpaid_count: z.int(),
        overdue_count: z.int(),
        outstanding_minor: z.int().meta({ description: 'Balance due of issued and partially paid invoices' }),
        overdue_minor: z.int(),
        paid_this_year_minor: z.int(),
      }),
    ),
  })
  .meta({ id: 'InvoiceSummary' });

export const PaymentSchema = z
  .object({
    id: IdSchema,
    customer_id: IdSchema,
    invoice_id: IdSchema.nullable(),
    amount_minor: z.int(),
    applied_minor: z.int().meta({ description: 'Part applied to the invoice' }),
    credit_minor: z.int().meta({ description: 'Overpayment kept as customer credit' }),
    currency: z.string(),
    method: z.enum(PAYMENT_METHODS),
    received_on: z.string(),
    reference: z.string().nullable(),
    status: z.enum(['succeeded', 'failed']),
    failure_reason: z.string().nullable(),
    failed_at: z.string().nullable(),
    created_at: z.string(),
  })
  .meta({ id: 'Payment' });

export const PaymentCreateSchema = z
  .strictObject({
    amount_minor: PositiveMinorUnitsSchema,
    method: z.enum(PAYMENT_METHODS),
    received_on: CalendarDateSchema,
    reference: ReferenceSchema.nullable().optional(),
  })
  .meta({ id: 'PaymentCreate' });

export const PaymentFailSchema = z
  .strictObject({
    reason: LineSchema(300).min(1, 'Say why the payment failed (e.g. SEPA return code AM04)'),
  })
  .meta({ id: 'PaymentFail' });

export const PaymentListSchema = z.object({ data: z.array(PaymentSchema) }).meta({ id: 'PaymentList' });

export const CustomerBalanceSchema = z
  .object({
    data: z.array(z.object({ currency: z.string(), credit_minor: z.int(), outstanding_minor: z.int() })),
  })
  .meta({ id: 'CustomerBalance' });

export type DocumentLine = z.infer<typeof DocumentLineSchema>;
export type DocumentLineInput = z.infer<typeof DocumentLineInputSchema>;
export type Invoice = z.infer<typeof InvoiceSchema>;
export type InvoiceWithLines = z.infer<typeof InvoiceWithLinesSchema>;
export type InvoiceCreate = z.infer<typeof InvoiceCreateSchema>;
export type InvoiceUpdate = z.infer<typeof InvoiceUpdateSchema>;
export type InvoiceListQuery = z.infer<typeof InvoiceListQuerySchema>;
export type InvoiceStatus = (typeof INVOICE_STATUSES)[number];
export type CreditNoteCreate = z.infer<typeof CreditNoteCreateSchema>;
export type Payment = z.infer<typeof PaymentSchema>;
export type PaymentCreate = z.infer<typeof PaymentCreateSchema>;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];
