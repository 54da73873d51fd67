/**
 * @module lib/recurring
 * Recurring invoices as people read them: frequencies, statuses and the moves between them
 * (pause, resume, end: `PATCH /recurring-invoices/{id}` `{ status }`), how many periods were
 * invoiced, and the amount of one period from the template's lines (minor units, the API's own
 * rounding rules).
 */
import type { TaxRate } from '@comptoir/contracts/billing/catalog';
import type { RecurringInvoice } from '@comptoir/contracts/billing/recurring';
import { type ComputedTotals, computeTotals, type VatCategory } from '@comptoir/contracts/billing/totals';
import type { BadgeTone } from './invoice-status';

export type Frequency = RecurringInvoice['frequency'];
export type RecurringStatus = RecurringInvoice['status'];

/** The frequencies offered, as people say them. */
export const FREQUENCY_LABELS: Readonly<Record<Frequency, string>> = {
  monthly: 'Every month',
  quarterly: 'Every quarter',
  yearly: 'Every year',
};

const STATUS: Record<RecurringStatus, { label: string; tone: BadgeTone }> = {
  active: { label: 'Active', tone: 'success' },
  paused: { label: 'Paused', tone: 'warning' },
  ended: { label: 'Ended', tone: 'outline' },
};

/** Label and tone of a template's status. */
export function recurringStatusDisplay(status: string): { label: string; tone: BadgeTone } {
  return STATUS[status as RecurringStatus] ?? { label: status, tone: 'outline' };
}

/** A move from one status to another, with its button label. */
export interface RecurringTransition {
  to: RecurringStatus;
  label: 'Pause' | 'Resume' | 'End';
}

/**
 * The moves a status allows: an active template pauses or ends, a paused one resumes (from the
 * next period: paused periods are not billed) or ends; an ended one stays ended.
 */
export function recurringTransitions(status: RecurringStatus): RecurringTransition[] {
  switch (status) {
    case 'active':
      return [
        { to: 'paused', label: 'Pause' },
        { to: 'ended', label: 'End' },
      ];
    case 'paused':
      return [
        { to: 'active', label: 'Resume' },
        { to: 'ended', label: 'End' },
      ];
    default:
      return [];
  }
}

/** "No invoice yet", "1 invoice so far", "12 invoices so far". */
export function occurrencesLabel(occurrences: number): string {
  if (occurrences === 0) return 'No invoice yet';
  return `${occurrences} invoice${occurrences === 1 ? '' : 's'} so far`;
}

/**
 * The totals of one period, or null when a line takes its price or rate from a product (the
 * API fills it at each run) or uses a rate no longer listed.
 */
export function periodTotals(
  lines: RecurringInvoice['lines'],
  rates: readonly TaxRate[],
): ComputedTotals | null {
  const inputs = [];
  for (const line of lines) {
    const rate = line.tax_rate_id ? rates.find((r) => r.id === line.tax_rate_id) : undefined;
    if (line.unit_price_minor === undefined || !rate) return null;
    inputs.push({
      quantityMilli: line.quantity_milli,
      unitPriceMinor: line.unit_price_minor,
      vatCategory: rate.vat_category as VatCategory,
      vatRateBasisPoints: rate.rate_basis_points,
    });
  }
  try {
    return computeTotals(inputs);
  } catch {
    return null;
  }
}
