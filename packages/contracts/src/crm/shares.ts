/**
 * @module crm/shares
 * Sharing a contact, company or deal with a CLIENT member (who sees only what is shared).
 */
import { z } from 'zod';
import { IdSchema } from '../common/index.js';
import { TimestampSchema } from './common.js';

export const SHARE_ENTITIES = ['contact', 'company', 'deal'] as const;

export const ShareSchema = z
  .object({
    entity_type: z.enum(SHARE_ENTITIES),
    entity_id: IdSchema,
    user_id: IdSchema,
    created_at: TimestampSchema,
  })
  .meta({ id: 'Share' });

export const ShareCreateSchema = z
  .strictObject({ entity_type: z.enum(SHARE_ENTITIES), entity_id: IdSchema, user_id: IdSchema })
  .meta({ id: 'ShareCreate' });

export type Share = z.infer<typeof ShareSchema>;
