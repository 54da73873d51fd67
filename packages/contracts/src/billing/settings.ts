/**
 * @module billing/settings
 * The seller identity printed on every document, bank details, VAT regime, numbering prefixes and
 * branding of a tenant.
 */
import { z } from 'zod';
import { EmailSchema, LineSchema } from '../common/index.js';
import { CountryCodeSchema, SirenSchema, SiretSchema, VatNumberSchema } from './common.js';

export const BillingSettingsSchema = z
  .object({
    legal_name: z.string(),
    trading_name: z.string().nullable(),
    address_line1: z.string(),
    address_line2: z.string().nullable(),
    postal_code: z.string(),
    city: z.string(),
    country_code: z.string(),
    vat_number: z.string().nullable(),
    siren: z.string().nullable(),
    siret: z.string().nullable(),
    legal_form: z.string().nullable(),
    registration: z.string().nullable(),
    email: z.string().nullable(),
    iban: z.string().nullable(),
    bic: z.string().nullable(),
    sepa_creditor_id: z.string().nullable(),
    vat_regime: z.enum(['normal', 'franchise']),
    default_payment_terms_days: z.int(),
    late_penalty_text: z.string(),
    invoice_prefix: z.string(),
    credit_note_prefix: z.string(),
    quote_prefix: z.string(),
    primary_color: z.string(),
    has_logo: z.boolean(),
    complete: z.boolean().meta({ description: 'Whether everything an invoice must show is filled in' }),
    missing: z.array(z.string()).meta({ description: 'Fields still needed before issuing' }),
  })
  .meta({ id: 'BillingSettings' });

const Prefix = z.string().regex(/^[A-Z0-9-]{1,10}$/, 'Use 1 to 10 capital letters, digits or hyphens');

export const BillingSettingsUpdateSchema = z
  .strictObject({
    legal_name: LineSchema(200).optional(),
    trading_name: LineSchema(200).nullable().optional(),
    address_line1: LineSchema(200).optional(),
    address_line2: LineSchema(200).nullable().optional(),
    postal_code: LineSchema(20).optional(),
    city: LineSchema(100).optional(),
    country_code: CountryCodeSchema.optional(),
    vat_number: VatNumberSchema.nullable().optional(),
    siren: SirenSchema.nullable().optional(),
    siret: SiretSchema.nullable().optional(),
    legal_form: LineSchema(200).nullable().optional(),
    registration: LineSchema(200).nullable().optional(),
    email: EmailSchema.nullable().optional(),
    iban: z
      .string()
      .transform((s) => s.replace(/\s/g, '').toUpperCase())
      .pipe(z.string().regex(/^[A-Z]{2}[0-9]{2}[0-9A-Z]{11,30}$/, 'This is not an IBAN'))
      .nullable()
      .optional(),
    bic: z
      .string()
      .transform((s) => s.replace(/\s/g, '').toUpperCase())
      .pipe(z.string().regex(/^[A-Z]{6}[0-9A-Z]{2}([0-9A-Z]{3})?$/, 'This is not a BIC'))
      .nullable()
      .optional(),
    sepa_creditor_id: z
      .string()
      .transform((s) => s.replace(/\s/g, '').toUpperCase())
      .pipe(
        z
          .string()
          .regex(/^[A-Z]{2}[0-9]{2}[0-9A-Z]{3}[0-9A-Z]{1,28}$/, 'This is not a SEPA creditor identifier'),
      )
      .nullable()
      .optional(),
    vat_regime: z.enum(['normal', 'franchise']).optional(),
    default_payment_terms_days: z.int().min(0).max(365).optional(),
    late_penalty_text: LineSchema(500).min(1).optional(),
    invoice_prefix: Prefix.optional(),
    credit_note_prefix: Prefix.optional(),
    quote_prefix: Prefix.optional(),
    primary_color: z
      .string()
      .regex(/^#[0-9a-fA-F]{6}$/, 'Use a colour as #RRGGBB')
      .optional(),
  })
  .refine((t) => Object.keys(t).length > 0, { message: 'Nothing to update' })
  .meta({ id: 'BillingSettingsUpdate' });

export type BillingSettings = z.infer<typeof BillingSettingsSchema>;
export type BillingSettingsUpdate = z.infer<typeof BillingSettingsUpdateSchema>;
