/**
 * @module crm/common
 * Building blocks shared by CRM resources: labelled e-mails, phones and postal addresses, tags,
 * custom-field values, owners, list filters and sort orders.
 */
import { z } from 'zod';
import { EmailSchema, IdSchema, LineSchema, PageQuerySchema, TextSchema } from '../common/index.js';

export const EMAIL_LABELS = ['work', 'home', 'other'] as const;
export const PHONE_LABELS = ['mobile', 'work', 'home', 'fax', 'other'] as const;
export const ADDRESS_LABELS = ['work', 'home', 'billing', 'shipping', 'other'] as const;

/** An e-mail address with its label; addresses are stored in lower case. */
export const LabelledEmailSchema = z
  .strictObject({ label: z.enum(EMAIL_LABELS).default('work'), address: EmailSchema })
  .meta({ id: 'LabelledEmail' });

/** A phone number as typed; the API adds its E.164 form (ITU-T E.164) when it can parse it. */
export const LabelledPhoneInputSchema = z
  .strictObject({
    label: z.enum(PHONE_LABELS).default('mobile'),
    number: LineSchema(50).min(3, 'Too short for a phone number'),
  })
  .meta({ id: 'LabelledPhoneInput' });

export const LabelledPhoneSchema = z
  .object({
    label: z.enum(PHONE_LABELS),
    number: z.string(),
    e164: z.string().nullable().meta({ description: 'E.164 form, e.g. +33612345678; null when unparsable' }),
  })
  .meta({ id: 'LabelledPhone' });

/** A postal address; `country` is an ISO 3166-1 alpha-2 code. */
export const AddressSchema = z
  .strictObject({
    label: z.enum(ADDRESS_LABELS).default('work'),
    street: TextSchema(300).optional(),
    postal_code: LineSchema(20).optional(),
    city: LineSchema(100).optional(),
    region: LineSchema(100).optional(),
    country: z
      .string()
      .regex(/^[A-Z]{2}$/, 'Use an ISO 3166-1 alpha-2 code such as FR')
      .optional(),
  })
  .meta({ id: 'Address' });

/** A tag: trimmed, 1 to 50 characters, no commas (the CSV export joins tags with commas). */
export const TagSchema = LineSchema(50)
  .min(1)
  .refine((t) => !t.includes(','), 'Tags cannot contain commas');

export const TagsSchema = z
  .array(TagSchema)
  .max(50)
  .transform((tags) => [...new Set(tags)]);

/** Values of custom fields, keyed by the field's key (validated against the tenant's definitions). */
export const CustomValuesSchema = z
  .record(z.string().regex(/^[a-z][a-z0-9_]{0,39}$/), z.union([z.string().max(2000), z.number(), z.null()]))
  .meta({ id: 'CustomValues' });

/** An RFC 3339 timestamp (UTC) in responses. */
export const TimestampSchema = z.iso.datetime({ offset: true });

/** A calendar date (ISO 8601, `YYYY-MM-DD`). */
export const DateSchema = z.iso.date();

/** Filters shared by the contact and company lists. */
export const ListFiltersSchema = PageQuerySchema.extend({
  q: z
    .string()
    .trim()
    .max(200)
    .optional()
    .meta({ description: 'Full-text search, accent-insensitive, prefix matching' }),
  tag: z.string().trim().max(50).optional(),
  owner_id: IdSchema.optional(),
  created_from: z.iso.datetime({ offset: true }).optional(),
  created_to: z.iso.datetime({ offset: true }).optional(),
  updated_from: z.iso.datetime({ offset: true }).optional(),
  updated_to: z.iso.datetime({ offset: true }).optional(),
  deleted: z.enum(['exclude', 'only']).default('exclude').meta({ description: "'only' lists the trash" }),
});

/** Sort orders of the contact and company lists (`-` for descending). */
export const SORTS = [
  '-created_at',
  'created_at',
  '-updated_at',
  'updated_at',
  'name',
  '-name',
  'relevance',
] as const;
export const SortSchema = z
  .enum(SORTS)
  .optional()
  .meta({ description: "Default: 'relevance' with q, else '-created_at'" });

/** A reference to a company in a contact. */
export const CompanyRefSchema = z.object({ id: IdSchema, name: z.string() }).meta({ id: 'CompanyRef' });

/** Bulk actions on a selection of ids. */
export const BulkSchema = z
  .strictObject({
    ids: z.array(IdSchema).min(1).max(500),
    action: z.discriminatedUnion('type', [
      z.strictObject({
        type: z.literal('add_tags'),
        tags: TagsSchema.refine((t) => t.length > 0, 'Give at least one tag'),
      }),
      z.strictObject({
        type: z.literal('remove_tags'),
        tags: TagsSchema.refine((t) => t.length > 0, 'Give at least one tag'),
      }),
      z.strictObject({ type: z.literal('assign'), owner_id: IdSchema.nullable() }),
      z.strictObject({ type: z.literal('delete') }),
    ]),
  })
  .meta({ id: 'BulkAction' });

export const BulkResultSchema = z
  .object({
    affected: z
      .number()
      .int()
      .meta({ description: 'Records changed (ids of other tenants count as not found)' }),
  })
  .meta({ id: 'BulkResult' });

export type LabelledEmail = z.infer<typeof LabelledEmailSchema>;
export type LabelledPhone = z.infer<typeof LabelledPhoneSchema>;
export type LabelledPhoneInput = z.infer<typeof LabelledPhoneInputSchema>;
export type Address = z.infer<typeof AddressSchema>;
export type CustomValues = z.infer<typeof CustomValuesSchema>;
export type Bulk = z.infer<typeof BulkSchema>;
