/**
 * @module crm/companies
 * Companies (organisations) of the CRM; contacts belong to at most one company.
 */
import { z } from 'zod';
import { IdSchema, LineSchema, PageSchema, TextSchema } from '../common/index.js';
import {
  AddressSchema,
  CustomValuesSchema,
  LabelledEmailSchema,
  LabelledPhoneInputSchema,
  LabelledPhoneSchema,
  ListFiltersSchema,
  SortSchema,
  TagsSchema,
  TimestampSchema,
} from './common.js';

export const CompanySchema = z
  .object({
    id: IdSchema,
    name: z.string(),
    domain: z.string().nullable(),
    industry: z.string().nullable(),
    emails: z.array(LabelledEmailSchema),
    phones: z.array(LabelledPhoneSchema),
    addresses: z.array(AddressSchema),
    tags: z.array(z.string()),
    notes: z.string().nullable(),
    owner_id: IdSchema.nullable(),
    source: z.string().nullable(),
    custom: CustomValuesSchema,
    contact_count: z.number().int(),
    created_at: TimestampSchema,
    updated_at: TimestampSchema,
    deleted_at: TimestampSchema.nullable(),
  })
  .meta({ id: 'Company' });

const DomainSchema = z
  .string()
  .trim()
  .toLowerCase()
  .max(253)
  .regex(
    /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/,
    'Use a domain such as example.com',
  );

const companyFields = {
  name: LineSchema(200).min(1, 'A name is required'),
  domain: DomainSchema.nullable(),
  industry: LineSchema(100).nullable(),
  emails: z.array(LabelledEmailSchema).max(20),
  phones: z.array(LabelledPhoneInputSchema).max(20),
  addresses: z.array(AddressSchema).max(10),
  tags: TagsSchema,
  notes: TextSchema(20000).nullable(),
  owner_id: IdSchema.nullable(),
  source: LineSchema(100).nullable(),
  custom: CustomValuesSchema,
};

export const CompanyCreateSchema = z
  .strictObject({
    name: companyFields.name,
    domain: companyFields.domain.optional(),
    industry: companyFields.industry.optional(),
    emails: companyFields.emails.default([]),
    phones: companyFields.phones.default([]),
    addresses: companyFields.addresses.default([]),
    tags: companyFields.tags.default([]),
    notes: companyFields.notes.optional(),
    owner_id: companyFields.owner_id.optional(),
    source: companyFields.source.optional(),
    custom: companyFields.custom.default({}),
  })
  .meta({ id: 'CompanyCreate' });

export const CompanyUpdateSchema = z
  .strictObject({
    name: companyFields.name.optional(),
    domain: companyFields.domain.optional(),
    industry: companyFields.industry.optional(),
    emails: companyFields.emails.optional(),
    phones: companyFields.phones.optional(),
    addresses: companyFields.addresses.optional(),
    tags: companyFields.tags.optional(),
    notes: companyFields.notes.optional(),
    owner_id: companyFields.owner_id.optional(),
    source: companyFields.source.optional(),
    custom: companyFields.custom.optional(),
  })
  .refine((c) => Object.keys(c).length > 0, { message: 'Nothing to update' })
  .meta({ id: 'CompanyUpdate' });

export const CompanyListQuerySchema = ListFiltersSchema.extend({ sort: SortSchema });

export const CompanyPageSchema = PageSchema(CompanySchema).meta({ id: 'CompanyPage' });

export type Company = z.infer<typeof CompanySchema>;
export type CompanyCreate = z.infer<typeof CompanyCreateSchema>;
export type CompanyUpdate = z.infer<typeof CompanyUpdateSchema>;
export type CompanyListQuery = z.infer<typeof CompanyListQuerySchema>;
