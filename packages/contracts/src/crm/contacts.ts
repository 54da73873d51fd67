/**
 * @module crm/contacts
 * Contacts (people) of the CRM: labelled e-mails and phones (E.164), addresses, company, tags,
 * notes, owner, source and custom fields; search, duplicates and merge.
 */
import { z } from 'zod';
import { IdSchema, LineSchema, PageSchema, TextSchema } from '../common/index.js';
import {
  AddressSchema,
  CompanyRefSchema,
  CustomValuesSchema,
  LabelledEmailSchema,
  LabelledPhoneInputSchema,
  LabelledPhoneSchema,
  ListFiltersSchema,
  SortSchema,
  TagsSchema,
  TimestampSchema,
} from './common.js';

export const ContactSchema = z
  .object({
    id: IdSchema,
    first_name: z.string(),
    last_name: z.string(),
    display_name: z.string(),
    job_title: z.string().nullable(),
    company: CompanyRefSchema.nullable(),
    emails: z.array(LabelledEmailSchema),
    phones: z.array(LabelledPhoneSchema),
    addresses: z.array(AddressSchema),
    tags: z.array(z.string()),
    notes: z.string().nullable(),
    owner_id: IdSchema.nullable(),
    source: z.string().nullable(),
    custom: CustomValuesSchema,
    created_at: TimestampSchema.meta({ description: 'UTC, RFC 3339' }),
    updated_at: TimestampSchema,
    deleted_at: TimestampSchema.nullable(),
  })
  .meta({ id: 'Contact' });

const contactFields = {
  first_name: LineSchema(200),
  last_name: LineSchema(200),
  job_title: LineSchema(200).nullable(),
  company_id: IdSchema.nullable(),
  emails: z.array(LabelledEmailSchema).max(20),
  phones: z.array(LabelledPhoneInputSchema).max(20),
  addresses: z.array(AddressSchema).max(10),
  tags: TagsSchema,
  notes: TextSchema(20000).nullable(),
  owner_id: IdSchema.nullable(),
  source: LineSchema(100).nullable(),
  custom: CustomValuesSchema,
};

const hasName = (c: { first_name?: string | undefined; last_name?: string | undefined }) =>
  (c.first_name ?? '').length + (c.last_name ?? '').length > 0;

export const ContactCreateSchema = z
  .strictObject({
    first_name: contactFields.first_name.default(''),
    last_name: contactFields.last_name.default(''),
    job_title: contactFields.job_title.optional(),
    company_id: contactFields.company_id.optional(),
    emails: contactFields.emails.default([]),
    phones: contactFields.phones.default([]),
    addresses: contactFields.addresses.default([]),
    tags: contactFields.tags.default([]),
    notes: contactFields.notes.optional(),
    owner_id: contactFields.owner_id.optional(),
    source: contactFields.source.optional(),
    custom: contactFields.custom.default({}),
  })
  .refine(hasName, { message: 'A first or last name is required', path: ['last_name'] })
  .meta({ id: 'ContactCreate' });

export const ContactUpdateSchema = z
  .strictObject({
    first_name: contactFields.first_name.optional(),
    last_name: contactFields.last_name.optional(),
    job_title: contactFields.job_title.optional(),
    company_id: contactFields.company_id.optional(),
    emails: contactFields.emails.optional(),
    phones: contactFields.phones.optional(),
    addresses: contactFields.addresses.optional(),
    tags: contactFields.tags.optional(),
    notes: contactFields.notes.optional(),
    owner_id: contactFields.owner_id.optional(),
    source: contactFields.source.optional(),
    custom: contactFields.custom.optional(),
  })
  .refine((c) => Object.keys(c).length > 0, { message: 'Nothing to update' })
  .meta({ id: 'ContactUpdate' });

export const ContactListQuerySchema = ListFiltersSchema.extend({
  company_id: IdSchema.optional(),
  sort: SortSchema,
});

export const ContactPageSchema = PageSchema(ContactSchema).meta({ id: 'ContactPage' });

/** Why two contacts look like the same person. */
export const DUPLICATE_REASONS = ['same_email', 'same_phone', 'similar_name'] as const;

export const DuplicatePairSchema = z
  .object({
    contact: ContactSchema,
    duplicate: ContactSchema,
    reasons: z.array(z.enum(DUPLICATE_REASONS)),
    /** 0–1: 1 for a shared e-mail or phone, else the names' trigram similarity. */
    score: z.number(),
  })
  .meta({ id: 'DuplicatePair' });

export const DuplicatePageSchema = PageSchema(DuplicatePairSchema).meta({ id: 'DuplicatePage' });

/** Merge `duplicate_id` into the contact of the path (the survivor). */
export const ContactMergeSchema = z
  .strictObject({
    duplicate_id: IdSchema,
    /** Fields to take from the duplicate rather than the survivor (lists are always united). */
    prefer_duplicate: z
      .array(z.enum(['first_name', 'last_name', 'job_title', 'company_id', 'notes', 'owner_id', 'source']))
      .max(7)
      .default([]),
  })
  .meta({ id: 'ContactMerge' });

export type Contact = z.infer<typeof ContactSchema>;
export type ContactCreate = z.infer<typeof ContactCreateSchema>;
export type ContactUpdate = z.infer<typeof ContactUpdateSchema>;
export type ContactListQuery = z.infer<typeof ContactListQuerySchema>;
export type DuplicatePair = z.infer<typeof DuplicatePairSchema>;
export type ContactMerge = z.infer<typeof ContactMergeSchema>;
