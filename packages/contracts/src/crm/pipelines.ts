/**
 * @module crm/pipelines
 * Sales pipelines and their ordered stages. A stage is `open` (deals in progress), `won` or
 * `lost` (closed deals); its `probability` (percent, 0–100) weights the pipeline's totals.
 */
import { z } from 'zod';
import { IdSchema, LineSchema } from '../common/index.js';
import { TimestampSchema } from './common.js';

/** What a stage means for the deals in it. */
export const STAGE_KINDS = ['open', 'won', 'lost'] as const;

/** Chance of winning a deal of the stage, in percent. */
export const ProbabilitySchema = z.int().min(0).max(100).meta({ description: 'Percent, 0–100' });

const NameSchema = LineSchema(100).min(1, 'A name is required');

/** A position in an ordered list, 0 first. */
const PositionSchema = z.int().min(0).max(10_000);

export const StageSchema = z
  .object({
    id: IdSchema,
    pipeline_id: IdSchema,
    name: z.string(),
    position: z.int().meta({ description: 'Order within the pipeline, 0 first' }),
    kind: z.enum(STAGE_KINDS),
    probability: ProbabilitySchema,
    created_at: TimestampSchema,
    updated_at: TimestampSchema,
  })
  .meta({ id: 'Stage' });

export const PipelineSchema = z
  .object({
    id: IdSchema,
    name: z.string(),
    position: z.int(),
    stages: z.array(StageSchema).meta({ description: 'In board order' }),
    created_at: TimestampSchema,
    updated_at: TimestampSchema,
  })
  .meta({ id: 'Pipeline' });

export const PipelineListSchema = z
  .object({ data: z.array(PipelineSchema).meta({ description: 'In order; the first is the default' }) })
  .meta({ id: 'PipelineList' });

/** A stage as given when creating a pipeline or adding a stage. */
export const StageInputSchema = z
  .strictObject({
    name: NameSchema,
    kind: z.enum(STAGE_KINDS).default('open'),
    probability: ProbabilitySchema.optional().meta({ description: 'Default: 100 for won, else 0' }),
  })
  .meta({ id: 'StageInput' });

export const PipelineCreateSchema = z
  .strictObject({
    name: NameSchema,
    position: PositionSchema.optional().meta({ description: 'Default: after the last pipeline' }),
    stages: z
      .array(StageInputSchema)
      .min(1, 'A pipeline needs at least one stage')
      .max(50)
      .optional()
      .meta({ description: 'In order. Default: Lead, Qualified, Proposal, Negotiation, Won, Lost' }),
  })
  .meta({ id: 'PipelineCreate' });

export const PipelineUpdateSchema = z
  .strictObject({ name: NameSchema.optional(), position: PositionSchema.optional() })
  .refine((p) => Object.keys(p).length > 0, { message: 'Nothing to update' })
  .meta({ id: 'PipelineUpdate' });

export const StageCreateSchema = StageInputSchema.extend({
  position: PositionSchema.optional().meta({
    description: 'Where to insert it (0 first); default: after the last stage',
  }),
}).meta({ id: 'StageCreate' });

export const StageUpdateSchema = z
  .strictObject({
    name: NameSchema.optional(),
    kind: z
      .enum(STAGE_KINDS)
      .optional()
      .meta({ description: 'Only while the stage holds no deal (their won/lost dates follow the kind)' }),
    probability: ProbabilitySchema.optional(),
  })
  .refine((s) => Object.keys(s).length > 0, { message: 'Nothing to update' })
  .meta({ id: 'StageUpdate' });

/** The new order of a pipeline's stages: every one of its stage ids, once. */
export const StageOrderSchema = z
  .strictObject({
    stage_ids: z
      .array(IdSchema)
      .min(1)
      .max(50)
      .refine((ids) => new Set(ids).size === ids.length, 'A stage appears twice'),
  })
  .meta({ id: 'StageOrder' });

/** Path of a stage: `/pipelines/{id}/stages/{stage_id}`. */
export const StageParamsSchema = z.strictObject({ id: IdSchema, stage_id: IdSchema });

/** Query of the stage deletion. */
export const StageDeleteQuerySchema = z.strictObject({
  move_deals_to: IdSchema.optional().meta({
    description: 'A stage of the same pipeline that receives the deals (trashed ones included) first',
  }),
});

export type Stage = z.infer<typeof StageSchema>;
export type StageKind = (typeof STAGE_KINDS)[number];
export type Pipeline = z.infer<typeof PipelineSchema>;
export type StageInput = z.infer<typeof StageInputSchema>;
export type PipelineCreate = z.infer<typeof PipelineCreateSchema>;
export type PipelineUpdate = z.infer<typeof PipelineUpdateSchema>;
export type StageCreate = z.infer<typeof StageCreateSchema>;
export type StageUpdate = z.infer<typeof StageUpdateSchema>;
export type StageOrder = z.infer<typeof StageOrderSchema>;
