/**
 * @module crm/custom-fields
 * Custom fields a tenant defines on contacts, companies or deals (text, number, date, select);
 * values live in each record's `custom` object and are validated against these definitions.
 */
import { z } from 'zod';
import { IdSchema, LineSchema } from '../common/index.js';
import { TimestampSchema } from './common.js';

export const CUSTOM_FIELD_ENTITIES = ['contact', 'company', 'deal'] as const;
export const CUSTOM_FIELD_TYPES = ['text', 'number', 'date', 'select'] as const;

export const CustomFieldSchema = z
  .object({
    id: IdSchema,
    entity: z.enum(CUSTOM_FIELD_ENTITIES),
    key: z.string(),
    label: z.string(),
    type: z.enum(CUSTOM_FIELD_TYPES),
    options: z.array(z.string()),
    required: z.boolean(),
    position: z.number().int(),
    created_at: TimestampSchema,
    updated_at: TimestampSchema,
  })
  .meta({ id: 'CustomField' });

const OptionsSchema = z.array(LineSchema(100).min(1)).max(100);

export const CustomFieldCreateSchema = z
  .strictObject({
    entity: z.enum(CUSTOM_FIELD_ENTITIES),
    key: z
      .string()
      .regex(/^[a-z][a-z0-9_]{0,39}$/, 'Use lower case letters, digits and _ (start with a letter)'),
    label: LineSchema(100).min(1),
    type: z.enum(CUSTOM_FIELD_TYPES),
    options: OptionsSchema.default([]),
    required: z.boolean().default(false),
    position: z.number().int().min(0).max(10000).default(0),
  })
  .refine((f) => f.type !== 'select' || f.options.length > 0, {
    message: 'A select field needs options',
    path: ['options'],
  })
  .meta({ id: 'CustomFieldCreate' });

export const CustomFieldUpdateSchema = z
  .strictObject({
    label: LineSchema(100).min(1).optional(),
    options: OptionsSchema.optional(),
    required: z.boolean().optional(),
    position: z.number().int().min(0).max(10000).optional(),
  })
  .refine((f) => Object.keys(f).length > 0, { message: 'Nothing to update' })
  .meta({ id: 'CustomFieldUpdate' });

export type CustomField = z.infer<typeof CustomFieldSchema>;
export type CustomFieldCreate = z.infer<typeof CustomFieldCreateSchema>;
