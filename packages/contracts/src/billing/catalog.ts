/**
 * @module billing/catalog
 * Tax rates (French VAT 20 / 10 / 5.5 / 2.1 %, exemptions with their legal mention, reverse charge)
 * and the price list (products with a net unit price in minor units and a tax rate).
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
import { MinorUnitsSchema, UnitCodeSchema, VatCategorySchema } from './common.js';

export const TaxRateSchema = z
  .object({
    id: IdSchema,
    name: z.string(),
    rate_basis_points: z.int().meta({ description: '2000 = 20 %' }),
    vat_category: VatCategorySchema,
    exemption_reason: z.string().nullable(),
    exemption_reason_code: z.string().nullable(),
    is_default: z.boolean(),
    archived_at: z.string().nullable(),
  })
  .meta({ id: 'TaxRate' });

export const TaxRateCreateSchema = z
  .strictObject({
    name: LineSchema(100).min(1, 'A name is required'),
    rate_basis_points: z.int().min(0).max(10_000).meta({ description: '2000 = 20 %' }),
    vat_category: VatCategorySchema,
    exemption_reason: LineSchema(300).nullable().optional().meta({
      description: 'The legal mention printed for an exemption (required unless the category is S or Z)',
    }),
    exemption_reason_code: z
      .string()
      .regex(/^VATEX-[A-Z0-9-]{1,30}$/, 'Use a VATEX code such as VATEX-EU-AE')
      .nullable()
      .optional(),
    is_default: z.boolean().default(false),
  })
  .refine((t) => (t.vat_category === 'S') === t.rate_basis_points > 0, {
    message: 'Only the standard category (S) has a rate above zero',
    path: ['rate_basis_points'],
  })
  .refine((t) => ['S', 'Z'].includes(t.vat_category) || !!t.exemption_reason, {
    message: 'An exemption needs its legal mention',
    path: ['exemption_reason'],
  })
  .meta({ id: 'TaxRateCreate' });

export const TaxRateUpdateSchema = z
  .strictObject({
    name: LineSchema(100).min(1).optional(),
    is_default: z.literal(true).optional().meta({ description: 'Makes this the default rate' }),
    archived: z.boolean().optional(),
  })
  .refine((t) => Object.keys(t).length > 0, { message: 'Nothing to update' })
  .meta({ id: 'TaxRateUpdate' });

export const TaxRateListSchema = z.object({ data: z.array(TaxRateSchema) }).meta({ id: 'TaxRateList' });

export const ProductSchema = z
  .object({
    id: IdSchema,
    name: z.string(),
    description: z.string().nullable(),
    unit_code: z.string(),
    unit_price_minor: z.int(),
    currency: z.string(),
    tax_rate_id: IdSchema,
    archived_at: z.string().nullable(),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .meta({ id: 'Product' });

export const ProductCreateSchema = z
  .strictObject({
    name: LineSchema(200).min(1, 'A name is required'),
    description: TextSchema(2000).nullable().optional(),
    unit_code: UnitCodeSchema.default('C62'),
    unit_price_minor: MinorUnitsSchema.meta({ description: 'Net unit price excluding VAT, minor units' }),
    currency: CurrencySchema.default('EUR'),
    tax_rate_id: IdSchema.optional().meta({ description: 'Default: the tenant default tax rate' }),
  })
  .meta({ id: 'ProductCreate' });

export const ProductUpdateSchema = z
  .strictObject({
    name: LineSchema(200).min(1).optional(),
    description: TextSchema(2000).nullable().optional(),
    unit_code: UnitCodeSchema.optional(),
    unit_price_minor: MinorUnitsSchema.optional(),
    currency: CurrencySchema.optional(),
    tax_rate_id: IdSchema.optional(),
    archived: z.boolean().optional(),
  })
  .refine((t) => Object.keys(t).length > 0, { message: 'Nothing to update' })
  .meta({ id: 'ProductUpdate' });

export const ProductListQuerySchema = PageQuerySchema.extend({
  q: LineSchema(200).optional(),
  archived: z.enum(['false', 'true', 'all']).default('false'),
});

export const ProductPageSchema = PageSchema(ProductSchema).meta({ id: 'ProductPage' });

export type TaxRate = z.infer<typeof TaxRateSchema>;
export type TaxRateCreate = z.infer<typeof TaxRateCreateSchema>;
export type TaxRateUpdate = z.infer<typeof TaxRateUpdateSchema>;
export type Product = z.infer<typeof ProductSchema>;
export type ProductCreate = z.infer<typeof ProductCreateSchema>;
export type ProductUpdate = z.infer<typeof ProductUpdateSchema>;
export type ProductListQuery = z.infer<typeof ProductListQuerySchema>;
