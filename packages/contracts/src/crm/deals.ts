/**
 * @module crm/deals
 * Deals in a pipeline: amount in ISO 4217 minor units with its currency, a stage, a position on
 * the kanban board (`rank`), won/lost dates that follow the stage's kind, and the stage history.
 * A deal reaching a won stage emits `crm.deal.won` (through the outbox).
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
import { CustomValuesSchema, DateSchema, TagsSchema, TimestampSchema } from './common.js';
import { StageSchema } from './pipelines.js';

/** A deal is open, won or lost: the kind of its stage. */
export const DEAL_STATUSES = ['open', 'won', 'lost'] as const;

/** An amount in minor units of its currency (cents for EUR, yen for JPY): a non-negative integer. */
export const AmountMinorSchema = z
  .int()
  .min(0)
  .meta({ description: 'ISO 4217 minor units (cents for EUR), integer', example: 125000 });

export const DealSchema = z
  .object({
    id: IdSchema,
    pipeline_id: IdSchema,
    stage_id: IdSchema,
    status: z.enum(DEAL_STATUSES).meta({ description: 'The kind of the stage' }),
    title: z.string(),
    amount_minor: AmountMinorSchema,
    currency: z.string().meta({ description: 'ISO 4217 code', example: 'EUR' }),
    expected_close_date: DateSchema.nullable(),
    company_id: IdSchema.nullable(),
    contact_id: IdSchema.nullable(),
    owner_id: IdSchema.nullable(),
    tags: z.array(z.string()),
    notes: z.string().nullable(),
    custom: CustomValuesSchema,
    rank: z.number().meta({ description: 'Order within the stage on the board, ascending' }),
    won_at: TimestampSchema.nullable(),
    lost_at: TimestampSchema.nullable(),
    lost_reason: z.string().nullable(),
    created_by: IdSchema.nullable(),
    created_at: TimestampSchema,
    updated_at: TimestampSchema,
    deleted_at: TimestampSchema.nullable(),
  })
  .meta({ id: 'Deal' });

/** One stage change of a deal (the first has no `from_stage_id`: the deal was created there). */
export const StageChangeSchema = z
  .object({
    from_stage_id: IdSchema.nullable(),
    to_stage_id: IdSchema,
    moved_by: IdSchema.nullable(),
    moved_at: TimestampSchema,
  })
  .meta({ id: 'StageChange' });

export const DealDetailSchema = DealSchema.extend({
  stage_history: z.array(StageChangeSchema).meta({ description: 'Oldest first' }),
}).meta({ id: 'DealDetail' });

const LostReasonSchema = LineSchema(500).nullable();

const dealFields = {
  title: LineSchema(200).min(1, 'A title is required'),
  amount_minor: AmountMinorSchema,
  currency: CurrencySchema,
  expected_close_date: DateSchema.nullable(),
  company_id: IdSchema.nullable(),
  contact_id: IdSchema.nullable(),
  owner_id: IdSchema.nullable(),
  tags: TagsSchema,
  notes: TextSchema(20000).nullable(),
  custom: CustomValuesSchema,
};

export const DealCreateSchema = z
  .strictObject({
    title: dealFields.title,
    pipeline_id: IdSchema.optional().meta({
      description: 'Default: the stage’s pipeline, else the first pipeline',
    }),
    stage_id: IdSchema.optional().meta({ description: 'Default: the first open stage of the pipeline' }),
    amount_minor: dealFields.amount_minor.default(0),
    currency: dealFields.currency.optional().meta({ description: 'Default: the tenant’s currency' }),
    expected_close_date: dealFields.expected_close_date.optional(),
    company_id: dealFields.company_id.optional(),
    contact_id: dealFields.contact_id.optional(),
    owner_id: dealFields.owner_id.optional(),
    tags: dealFields.tags.default([]),
    notes: dealFields.notes.optional(),
    custom: dealFields.custom.default({}),
    lost_reason: LostReasonSchema.optional().meta({ description: 'Only in a lost stage' }),
  })
  .meta({ id: 'DealCreate' });

/** Changes of a deal; the stage and the position change through `POST /deals/{id}/move`. */
export const DealUpdateSchema = z
  .strictObject({
    title: dealFields.title.optional(),
    amount_minor: dealFields.amount_minor.optional(),
    currency: dealFields.currency.optional(),
    expected_close_date: dealFields.expected_close_date.optional(),
    company_id: dealFields.company_id.optional(),
    contact_id: dealFields.contact_id.optional(),
    owner_id: dealFields.owner_id.optional(),
    tags: dealFields.tags.optional(),
    notes: dealFields.notes.optional(),
    custom: dealFields.custom
      .optional()
      .meta({ description: 'Merged into the stored values; null removes a key' }),
    lost_reason: LostReasonSchema.optional().meta({ description: 'Only for a lost deal' }),
  })
  .refine((d) => Object.keys(d).length > 0, { message: 'Nothing to update' })
  .meta({ id: 'DealUpdate' });

/**
 * Moves a deal to a stage (of any pipeline) and a position: between `after_id` (the deal it
 * follows) and `before_id` (the deal it precedes), both in the target stage; neither: last.
 */
export const DealMoveSchema = z
  .strictObject({
    stage_id: IdSchema,
    after_id: IdSchema.optional().meta({ description: 'The deal that will come just before it' }),
    before_id: IdSchema.optional().meta({ description: 'The deal that will come just after it' }),
    lost_reason: LostReasonSchema.optional().meta({ description: 'Only when moving to a lost stage' }),
  })
  .refine((m) => m.after_id === undefined || m.after_id !== m.before_id, {
    message: 'after_id and before_id must differ',
    path: ['before_id'],
  })
  .meta({ id: 'DealMove' });

export const DealListQuerySchema = PageQuerySchema.extend({
  pipeline_id: IdSchema.optional(),
  stage_id: IdSchema.optional(),
  owner_id: IdSchema.optional(),
  contact_id: IdSchema.optional(),
  company_id: IdSchema.optional(),
  status: z.enum(DEAL_STATUSES).optional(),
  deleted: z.enum(['exclude', 'only']).default('exclude').meta({ description: "'only' lists the trash" }),
});

export const DealPageSchema = PageSchema(DealSchema).meta({ id: 'DealPage' });

/** Sums of one currency (never added across currencies). */
export const CurrencyTotalSchema = z
  .object({
    currency: z.string(),
    amount_minor: z.number().meta({ description: 'Sum of the amounts, minor units' }),
    weighted_amount_minor: z
      .number()
      .meta({ description: 'Sum of amount × stage probability / 100, rounded to a minor unit' }),
  })
  .meta({ id: 'CurrencyTotal' });

export const DealTotalsSchema = z
  .object({ count: z.int(), amounts: z.array(CurrencyTotalSchema).meta({ description: 'By currency code' }) })
  .meta({ id: 'DealTotals' });

/** One column of the board: a stage, its first deals by rank, and totals over all its deals. */
export const BoardColumnSchema = z
  .object({
    stage: StageSchema,
    deals: z.array(DealSchema).meta({ description: 'By rank, at most deals_per_stage' }),
    has_more: z.boolean().meta({ description: 'The stage holds more deals than shown' }),
    totals: DealTotalsSchema,
  })
  .meta({ id: 'BoardColumn' });

export const BoardSchema = z
  .object({
    pipeline: z.object({ id: IdSchema, name: z.string(), position: z.int() }),
    columns: z.array(BoardColumnSchema).meta({ description: 'In stage order' }),
    totals: DealTotalsSchema.meta({ description: 'Over the whole pipeline' }),
  })
  .meta({ id: 'Board' });

export const BoardQuerySchema = z.strictObject({
  owner_id: IdSchema.optional().meta({ description: 'Only this member’s deals (totals too)' }),
  deals_per_stage: z.coerce.number().int().min(1).max(500).default(100),
});

export type Deal = z.infer<typeof DealSchema>;
export type DealStatus = (typeof DEAL_STATUSES)[number];
export type DealDetail = z.infer<typeof DealDetailSchema>;
export type StageChange = z.infer<typeof StageChangeSchema>;
export type DealCreate = z.infer<typeof DealCreateSchema>;
export type DealUpdate = z.infer<typeof DealUpdateSchema>;
export type DealMove = z.infer<typeof DealMoveSchema>;
export type DealListQuery = z.infer<typeof DealListQuerySchema>;
export type DealTotals = z.infer<typeof DealTotalsSchema>;
export type Board = z.infer<typeof BoardSchema>;
export type BoardColumn = z.infer<typeof BoardColumnSchema>;
export type BoardQuery = z.infer<typeof BoardQuerySchema>;
