/**
 * @module billing/sepa
 * SEPA Direct Debit Core: mandates (EPC SDD Core Rulebook: unique mandate reference AT-01,
 * signature date AT-25, debtor IBAN AT-07 / BIC AT-13), batches of collections exported as
 * ISO 20022 pain.008.001.02, and returns (R-transactions) that mark a collection failed.
 */
import { z } from 'zod';
import { IdSchema, LineSchema, PageQuerySchema, PageSchema } from '../common/index.js';
import { CalendarDateSchema } from './common.js';

export const SepaMandateSchema = z
  .object({
    id: IdSchema,
    customer_id: IdSchema,
    reference: z.string(),
    signed_on: z.string(),
    type: z.enum(['recurrent', 'one_off']),
    debtor_name: z.string(),
    debtor_iban: z.string(),
    debtor_bic: z.string().nullable(),
    status: z.enum(['active', 'revoked']),
    collections_presented: z.int(),
    next_sequence_type: z
      .enum(['FRST', 'RCUR', 'OOFF'])
      .nullable()
      .meta({ description: 'null once unusable' }),
    revoked_at: z.string().nullable(),
    created_at: z.string(),
  })
  .meta({ id: 'SepaMandate' });

export const SepaMandateCreateSchema = z
  .strictObject({
    customer_id: IdSchema,
    reference: z
      .string()
      .trim()
      .max(35)
      .optional()
      .meta({ description: 'Unique mandate reference; generated when absent' }),
    signed_on: CalendarDateSchema,
    type: z.enum(['recurrent', 'one_off']).default('recurrent'),
    debtor_name: LineSchema(70).min(1).optional().meta({ description: "Default: the customer's legal name" }),
    debtor_iban: z.string().max(50),
    debtor_bic: z
      .string()
      .max(20)
      .nullable()
      .optional()
      .meta({ description: 'Optional for an account in the EEA' }),
  })
  .meta({ id: 'SepaMandateCreate' });

export const SepaMandateListQuerySchema = z.strictObject({
  customer_id: IdSchema.optional(),
  status: z.enum(['active', 'revoked']).optional(),
});

export const SepaMandateListSchema = z
  .object({ data: z.array(SepaMandateSchema) })
  .meta({ id: 'SepaMandateList' });

export const SepaBatchCreateSchema = z
  .strictObject({
    collection_date: CalendarDateSchema.meta({
      description: 'Requested collection date (a TARGET2 business day)',
    }),
    invoice_ids: z
      .array(IdSchema)
      .min(1)
      .max(1000)
      .meta({ description: 'Issued EUR invoices whose customer has an active mandate' }),
  })
  .meta({ id: 'SepaBatchCreate' });

export const SepaBatchSchema = z
  .object({
    id: IdSchema,
    message_id: z.string(),
    collection_date: z.string(),
    transaction_count: z.int(),
    control_sum_minor: z.int(),
    created_at: z.string(),
    collections: z
      .array(
        z.object({
          payment_id: IdSchema,
          invoice_id: IdSchema.nullable(),
          mandate_id: IdSchema,
          end_to_end_id: z.string(),
          amount_minor: z.int(),
          status: z.enum(['succeeded', 'failed']),
        }),
      )
      .optional(),
  })
  .meta({ id: 'SepaBatch' });

export const SepaBatchPageSchema = PageSchema(SepaBatchSchema).meta({ id: 'SepaBatchPage' });
export const SepaBatchListQuerySchema = PageQuerySchema;

export const SepaReturnSchema = z
  .strictObject({
    end_to_end_id: z.string().trim().min(1).max(35),
    reason_code: z
      .string()
      .regex(/^[A-Z0-9]{4}$/, 'Use the ISO 20022 return reason code, e.g. AM04 or MD01')
      .meta({
        description:
          'ISO 20022 ExternalReturnReason1Code: AC04 account closed, AM04 insufficient funds, MD01 no mandate, MS02 refused by debtor…',
      }),
  })
  .meta({ id: 'SepaReturn' });

export type SepaMandate = z.infer<typeof SepaMandateSchema>;
export type SepaMandateCreate = z.infer<typeof SepaMandateCreateSchema>;
export type SepaBatch = z.infer<typeof SepaBatchSchema>;
