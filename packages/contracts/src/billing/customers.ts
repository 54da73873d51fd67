/**
 * @module billing/customers
 * Billing identities: legal name, postal address, VAT number, SIREN/SIRET for French companies,
 * e-mail, payment terms and default currency, optionally linked to a CRM company or contact by id.
 */
import { z } from 'zod';
import {
  CurrencySchema,
  EmailSchema,
  IdSchema,
  LineSchema,
  PageQuerySchema,
  PageSchema,
  TextSchema,
} from '../common/index.js';
import { CountryCodeSchema, SirenSchema, SiretSchema, VatNumberSchema } from './common.js';

/** `business` customers get the B2B mentions (fixed 40 EUR recovery fee, Code de commerce D441-5). */
export const CUSTOMER_KINDS = ['business', 'individual'] as const;

export const CustomerSchema = z
  .object({
    id: IdSchema,
    kind: z.enum(CUSTOMER_KINDS),
    legal_name: z.string(),
    trading_name: z.string().nullable(),
    email: z.string().nullable(),
    address_line1: z.string(),
    address_line2: z.string().nullable(),
    postal_code: z.string(),
    city: z.string(),
    country_code: z.string(),
    vat_number: z.string().nullable(),
    siren: z.string().nullable(),
    siret: z.string().nullable(),
    payment_terms_days: z.int().nullable(),
    default_currency: z.string(),
    crm_company_id: IdSchema.nullable(),
    crm_contact_id: IdSchema.nullable(),
    notes: z.string().nullable(),
    archived_at: z.string().nullable(),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .meta({ id: 'Customer' });

const fields = {
  kind: z.enum(CUSTOMER_KINDS),
  legal_name: LineSchema(200).min(1, 'A legal name is required'),
  trading_name: LineSchema(200).nullable(),
  email: EmailSchema.nullable(),
  address_line1: LineSchema(200),
  address_line2: LineSchema(200).nullable(),
  postal_code: LineSchema(20),
  city: LineSchema(100),
  country_code: CountryCodeSchema,
  vat_number: VatNumberSchema.nullable(),
  siren: SirenSchema.nullable(),
  siret: SiretSchema.nullable(),
  payment_terms_days: z
    .int()
    .min(0)
    .max(365)
    .nullable()
    .meta({ description: 'Days after issue; null: the tenant default' }),
  default_currency: CurrencySchema,
  crm_company_id: IdSchema.nullable().meta({
    description: 'Id of a CRM company (resolved through the CRM API)',
  }),
  crm_contact_id: IdSchema.nullable().meta({
    description: 'Id of a CRM contact (resolved through the CRM API)',
  }),
  notes: TextSchema(5000).nullable(),
};

const sirenMatchesSiret = (c: { siren?: string | null; siret?: string | null }) =>
  !c.siren || !c.siret || c.siret.startsWith(c.siren);

export const CustomerCreateSchema = z
  .strictObject({
    kind: fields.kind.default('business'),
    legal_name: fields.legal_name,
    trading_name: fields.trading_name.optional(),
    email: fields.email.optional(),
    address_line1: fields.address_line1.default(''),
    address_line2: fields.address_line2.optional(),
    postal_code: fields.postal_code.default(''),
    city: fields.city.default(''),
    country_code: fields.country_code.default('FR'),
    vat_number: fields.vat_number.optional(),
    siren: fields.siren.optional(),
    siret: fields.siret.optional(),
    payment_terms_days: fields.payment_terms_days.optional(),
    default_currency: fields.default_currency.default('EUR'),
    crm_company_id: fields.crm_company_id.optional(),
    crm_contact_id: fields.crm_contact_id.optional(),
    notes: fields.notes.optional(),
  })
  .refine(sirenMatchesSiret, { message: 'The SIRET must start with the SIREN', path: ['siret'] })
  .meta({ id: 'CustomerCreate' });

export const CustomerUpdateSchema = z
  .strictObject({
    kind: fields.kind.optional(),
    legal_name: fields.legal_name.optional(),
    trading_name: fields.trading_name.optional(),
    email: fields.email.optional(),
    address_line1: fields.address_line1.optional(),
    address_line2: fields.address_line2.optional(),
    postal_code: fields.postal_code.optional(),
    city: fields.city.optional(),
    country_code: fields.country_code.optional(),
    vat_number: fields.vat_number.optional(),
    siren: fields.siren.optional(),
    siret: fields.siret.optional(),
    payment_terms_days: fields.payment_terms_days.optional(),
    default_currency: fields.default_currency.optional(),
    crm_company_id: fields.crm_company_id.optional(),
    crm_contact_id: fields.crm_contact_id.optional(),
    notes: fields.notes.optional(),
    archived: z.boolean().optional().meta({ description: 'true archives the customer, false restores it' }),
  })
  .refine((c) => Object.keys(c).length > 0, { message: 'Nothing to update' })
  .refine(sirenMatchesSiret, { message: 'The SIRET must start with the SIREN', path: ['siret'] })
  .meta({ id: 'CustomerUpdate' });

export const CustomerListQuerySchema = PageQuerySchema.extend({
  q: LineSchema(200)
    .optional()
    .meta({ description: 'Matches the start of the legal or trading name, or the e-mail' }),
  archived: z.enum(['false', 'true', 'all']).default('false'),
  crm_company_id: IdSchema.optional(),
});

export const CustomerPageSchema = PageSchema(CustomerSchema).meta({ id: 'CustomerPage' });

export type Customer = z.infer<typeof CustomerSchema>;
export type CustomerCreate = z.infer<typeof CustomerCreateSchema>;
export type CustomerUpdate = z.infer<typeof CustomerUpdateSchema>;
export type CustomerListQuery = z.infer<typeof CustomerListQuerySchema>;
