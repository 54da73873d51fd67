/**
 * @module billing/dunning
 * The dunning schedule (steps in days after the due date: reminders, then a formal notice) and the
 * steps taken for an invoice.
 */
import { z } from 'zod';
import { IdSchema } from '../common/index.js';

export const DUNNING_KINDS = ['reminder', 'formal_notice'] as const;

/** The schedule a tenant starts with: +7, +15 and +30 days, then a formal notice at +45. */
export const DEFAULT_DUNNING_STEPS = [
  { offset_days: 7, kind: 'reminder' },
  { offset_days: 15, kind: 'reminder' },
  { offset_days: 30, kind: 'reminder' },
  { offset_days: 45, kind: 'formal_notice' },
] as const;

export const DunningStepSchema = z
  .object({ position: z.int(), offset_days: z.int(), kind: z.enum(DUNNING_KINDS) })
  .meta({ id: 'DunningStep' });

export const DunningScheduleSchema = z
  .object({ enabled: z.boolean(), data: z.array(DunningStepSchema) })
  .meta({ id: 'DunningSchedule' });

export const DunningScheduleUpdateSchema = z
  .strictObject({
    enabled: z.boolean().optional().meta({ description: 'false pauses dunning for every invoice' }),
    steps: z
      .array(
        z.strictObject({
          offset_days: z.int().min(1).max(365).meta({ description: 'Days after the due date' }),
          kind: z.enum(DUNNING_KINDS),
        }),
      )
      .min(1)
      .max(20)
      .refine((steps) => steps.every((s, i) => i === 0 || s.offset_days > steps[i - 1]!.offset_days), {
        message: 'Steps must come later and later',
      })
      .refine((steps) => steps.every((s, i) => s.kind !== 'formal_notice' || i === steps.length - 1), {
        message: 'A formal notice can only be the last step',
      })
      .optional()
      .meta({ description: 'The whole schedule, in order' }),
  })
  .refine((t) => Object.keys(t).length > 0, { message: 'Nothing to update' })
  .meta({ id: 'DunningScheduleUpdate' });

export const DunningEventSchema = z
  .object({
    id: IdSchema,
    invoice_id: IdSchema,
    step_position: z.int(),
    kind: z.enum(DUNNING_KINDS),
    offset_days: z.int(),
    days_past_due: z.int(),
    balance_due_minor: z.int(),
    outcome: z.enum(['sent', 'skipped', 'no_email']),
    email_to: z.string().nullable(),
    created_at: z.string(),
  })
  .meta({ id: 'DunningEvent' });

export const DunningTimelineSchema = z
  .object({ data: z.array(DunningEventSchema) })
  .meta({ id: 'DunningTimeline' });

export const DunningRunResultSchema = z
  .object({ invoices_checked: z.int(), steps_sent: z.int(), steps_skipped: z.int(), without_email: z.int() })
  .meta({ id: 'DunningRunResult' });

export type DunningEvent = z.infer<typeof DunningEventSchema>;
export type DunningRunResult = z.infer<typeof DunningRunResultSchema>;
