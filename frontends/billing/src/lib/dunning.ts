/**
 * @module lib/dunning
 * Dunning as people read it: the kinds of step (reminder, formal notice), what became of each
 * step taken for an invoice (sent to an address, skipped because a later step was due, not sent
 * for want of an e-mail address), and the schedule editor's rows (offsets typed as text) on
 * their way to `PUT /dunning/schedule`, with an error per row keyed by the API's paths
 * (`steps.2.offset_days`).
 */
import type { DunningEvent } from '@comptoir/contracts/billing/dunning';
import type { FieldErrors } from '@comptoir/ui';
import type { BadgeTone } from './invoice-status';

/** `reminder | formal_notice`. */
export type DunningKind = DunningEvent['kind'];

/** "Reminder", "Formal notice". */
export const DUNNING_KIND_LABELS: Readonly<Record<DunningKind, string>> = {
  reminder: 'Reminder',
  formal_notice: 'Formal notice',
};

/** "1 day past due", "15 days past due"; "on the due date" for 0. */
export function daysPastDue(days: number): string {
  if (days === 0) return 'on the due date';
  return `${days} day${Math.abs(days) === 1 ? '' : 's'} past due`;
}

/** "+7 days after the due date". */
export function offsetLabel(days: number): string {
  return `+${days} day${days === 1 ? '' : 's'} after the due date`;
}

/**
 * What became of a step taken: "Sent to compta@…" (success), "Skipped" when a later step was
 * already due (so nobody gets several reminders at once), "No e-mail address" (warning).
 */
export function dunningOutcome(event: Pick<DunningEvent, 'outcome' | 'email_to'>): {
  label: string;
  detail: string;
  tone: BadgeTone;
} {
  switch (event.outcome) {
    case 'sent':
      return {
        label: 'Sent',
        detail: event.email_to ? `Sent to ${event.email_to}` : 'Sent',
        tone: 'success',
      };
    case 'skipped':
      return {
        label: 'Skipped',
        detail: 'Skipped: a later step was already due, so only that one was sent',
        tone: 'secondary',
      };
    case 'no_email':
      return {
        label: 'Not sent',
        detail: 'Not sent: the customer has no e-mail address',
        tone: 'warning',
      };
    default:
      return { label: String(event.outcome), detail: String(event.outcome), tone: 'outline' };
  }
}

/** One step of the schedule editor, as typed. */
export interface ScheduleRow {
  /** Stable React key (not sent). */
  key: string;
  /** Days after the due date, as typed ("15"). */
  offset: string;
  kind: DunningKind;
}

/** A step as `PUT /dunning/schedule` takes it. */
export interface ScheduleStep {
  offset_days: number;
  kind: DunningKind;
}

let counter = 0;
/** A fresh row key. */
export const stepKey = () => `step-${++counter}`;

/** The editor's rows of a stored schedule. */
export function scheduleRows(
  steps: ReadonlyArray<{ offset_days: number; kind: DunningKind }>,
): ScheduleRow[] {
  return steps.map((s) => ({ key: stepKey(), offset: String(s.offset_days), kind: s.kind }));
}

/** A row to append: a reminder some days after the last step (7 after nothing). */
export function nextScheduleRow(rows: readonly ScheduleRow[]): ScheduleRow {
  const last = Number(rows[rows.length - 1]?.offset);
  const offset = Number.isInteger(last) && last > 0 ? Math.min(last + 15, 365) : 7;
  return { key: stepKey(), offset: String(offset), kind: 'reminder' };
}

/**
 * Reads the editor's rows: every offset a whole number of days from 1 to 365, each later than
 * the one before, a formal notice only as the last step (the rules of `DunningScheduleUpdate`),
 * with the error on the row that breaks them.
 *
 * @example readSchedule([{ key: 'a', offset: '7', kind: 'reminder' }])
 *   // { steps: [{ offset_days: 7, kind: 'reminder' }], errors: {} }
 */
export function readSchedule(rows: readonly ScheduleRow[]): { steps: ScheduleStep[]; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const steps: ScheduleStep[] = [];
  if (rows.length === 0) errors.steps = 'Keep at least one step';
  if (rows.length > 20) errors.steps = 'At most 20 steps';
  let previous = 0;
  rows.forEach((row, index) => {
    const text = row.offset.trim();
    const days = /^\d{1,3}$/.test(text) ? Number(text) : Number.NaN;
    if (!text) errors[`steps.${index}.offset_days`] = 'Enter a number of days';
    else if (!Number.isInteger(days) || days < 1 || days > 365)
      errors[`steps.${index}.offset_days`] = 'Enter a number of days from 1 to 365';
    else if (days <= previous)
      errors[`steps.${index}.offset_days`] = `Must come after the step before (+${previous} days)`;
    if (row.kind === 'formal_notice' && index !== rows.length - 1)
      errors[`steps.${index}.kind`] = 'A formal notice can only be the last step';
    if (Number.isInteger(days)) previous = Math.max(previous, days);
    steps.push({ offset_days: Number.isInteger(days) ? days : 0, kind: row.kind });
  });
  return { steps, errors };
}
