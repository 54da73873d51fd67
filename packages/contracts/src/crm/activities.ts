/**
 * @module crm/activities
 * The timeline: notes, calls, e-mails and meetings attached to a contact, a company and/or a deal
 * (at least one), newest first.
 */
import { z } from 'zod';
import { IdSchema, LineSchema, PageQuerySchema, PageSchema, TextSchema } from '../common/index.js';
import { TimestampSchema } from './common.js';

export const ACTIVITY_TYPES = ['note', 'call', 'email', 'meeting'] as const;

export const ActivitySchema = z
  .object({
    id: IdSchema,
    type: z.enum(ACTIVITY_TYPES),
    subject: z.string().nullable(),
    body: z.string().nullable(),
    occurred_at: TimestampSchema.meta({ description: 'When it happened (UTC); the timeline’s order' }),
    duration_minutes: z.int().nullable(),
    contact_id: IdSchema.nullable(),
    company_id: IdSchema.nullable(),
    deal_id: IdSchema.nullable(),
    created_by: IdSchema.nullable(),
    created_at: TimestampSchema,
    updated_at: TimestampSchema,
  })
  .meta({ id: 'Activity' });

const activityFields = {
  type: z.enum(ACTIVITY_TYPES),
  subject: LineSchema(300).nullable(),
  body: TextSchema(50000).nullable(),
  occurred_at: z.iso.datetime({ offset: true }).meta({ description: 'RFC 3339' }),
  duration_minutes: z.int().min(0).max(10080).nullable().meta({ description: 'Minutes, at most a week' }),
  contact_id: IdSchema.nullable(),
  company_id: IdSchema.nullable(),
  deal_id: IdSchema.nullable(),
};

const ATTACHED_MESSAGE = 'Attach it to a contact, a company or a deal';
const attached = (a: { contact_id?: string | null; company_id?: string | null; deal_id?: string | null }) =>
  Boolean(a.contact_id || a.company_id || a.deal_id);

export const ActivityCreateSchema = z
  .strictObject({
    type: activityFields.type,
    subject: activityFields.subject.optional(),
    body: activityFields.body.optional(),
    occurred_at: activityFields.occurred_at.optional().meta({ description: 'Default: now' }),
    duration_minutes: activityFields.duration_minutes.optional(),
    contact_id: activityFields.contact_id.optional(),
    company_id: activityFields.company_id.optional(),
    deal_id: activityFields.deal_id.optional(),
  })
  .refine(attached, { message: ATTACHED_MESSAGE, path: ['contact_id'] })
  .meta({ id: 'ActivityCreate' });

export const ActivityUpdateSchema = z
  .strictObject({
    type: activityFields.type.optional(),
    subject: activityFields.subject.optional(),
    body: activityFields.body.optional(),
    occurred_at: activityFields.occurred_at.optional(),
    duration_minutes: activityFields.duration_minutes.optional(),
    contact_id: activityFields.contact_id.optional(),
    company_id: activityFields.company_id.optional(),
    deal_id: activityFields.deal_id.optional(),
  })
  .refine((a) => Object.keys(a).length > 0, { message: 'Nothing to update' })
  .meta({ id: 'ActivityUpdate' });

/** The timeline of a contact, a company or a deal (given together, all must match). */
export const ActivityListQuerySchema = PageQuerySchema.extend({
  contact_id: IdSchema.optional(),
  company_id: IdSchema.optional(),
  deal_id: IdSchema.optional(),
  type: z.enum(ACTIVITY_TYPES).optional(),
}).refine(attached, { message: 'Give contact_id, company_id or deal_id', path: ['contact_id'] });

export const ActivityPageSchema = PageSchema(ActivitySchema).meta({ id: 'ActivityPage' });

export type Activity = z.infer<typeof ActivitySchema>;
export type ActivityType = (typeof ACTIVITY_TYPES)[number];
export type ActivityCreate = z.infer<typeof ActivityCreateSchema>;
export type ActivityUpdate = z.infer<typeof ActivityUpdateSchema>;
export type ActivityListQuery = z.infer<typeof ActivityListQuerySchema>;
