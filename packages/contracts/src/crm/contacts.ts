/**
 * @module crm/contacts
 * Contacts (people) of the CRM. The CRM issue extends these schemas (emails and phones as labelled
 * lists, company, tags, custom fields).
 */
import { z } from 'zod';
import { EmailSchema, IdSchema, LineSchema, PageQuerySchema, PageSchema } from '../common/index.js';

export const ContactSchema = z
  .object({
    id: IdSchema,
    first_name: z.string(),
    last_name: z.string(),
    email: z.string().nullable(),
    phone: z.string().nullable(),
    created_at: z.iso.datetime({ offset: true }).meta({ description: 'UTC, RFC 3339' }),
    updated_at: z.iso.datetime({ offset: true }),
    deleted_at: z.iso.datetime({ offset: true }).nullable(),
  })
  .meta({ id: 'Contact' });

const contactFields = {
  first_name: LineSchema(200),
  last_name: LineSchema(200),
  email: EmailSchema.nullable(),
  phone: LineSchema(50).nullable(),
};

export const ContactCreateSchema = z
  .strictObject({
    first_name: contactFields.first_name.default(''),
    last_name: contactFields.last_name.default(''),
    email: contactFields.email.optional(),
    phone: contactFields.phone.optional(),
  })
  .refine((c) => c.first_name.length + c.last_name.length > 0, {
    message: 'A first or last name is required',
    path: ['last_name'],
  })
  .meta({ id: 'ContactCreate' });

export const ContactUpdateSchema = z
  .strictObject({
    first_name: contactFields.first_name.optional(),
    last_name: contactFields.last_name.optional(),
    email: contactFields.email.optional(),
    phone: contactFields.phone.optional(),
  })
  .refine((c) => Object.keys(c).length > 0, { message: 'Nothing to update' })
  .meta({ id: 'ContactUpdate' });

export const ContactListQuerySchema = PageQuerySchema.extend({
  deleted: z.enum(['exclude', 'only']).default('exclude').meta({ description: "'only' lists the trash" }),
});

export const ContactPageSchema = PageSchema(ContactSchema).meta({ id: 'ContactPage' });

export type Contact = z.infer<typeof ContactSchema>;
export type ContactCreate = z.infer<typeof ContactCreateSchema>;
export type ContactUpdate = z.infer<typeof ContactUpdateSchema>;
export type ContactListQuery = z.infer<typeof ContactListQuerySchema>;
