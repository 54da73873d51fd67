import type { TaxRate } from '@comptoir/contracts/billing/catalog';
import { describe, expect, it } from 'vitest';
import {
  FREQUENCY_LABELS,
  occurrencesLabel,
  periodTotals,
  recurringStatusDisplay,
  recurringTransitions,
} from './recurring';

const rates = [
  { id: 'r20', rate_basis_points: 2000, vat_category: 'S' },
  { id: 'r10', rate_basis_points: 1000, vat_category: 'S' },
] as TaxRate[];

describe('recurring invoices in words', () => {
  it('Should name frequencies, statuses and occurrences', () => {
    expect(FREQUENCY_LABELS.quarterly).toBe('Every quarter');
    expect(recurringStatusDisplay('paused')).toEqual({ label: 'Paused', tone: 'warning' });
    expect(occurrencesLabel(0)).toBe('No invoice yet');
    expect(occurrencesLabel(1)).toBe('1 invoice so far');
    expect(occurrencesLabel(12)).toBe('12 invoices so far');
  });

  it('Should pause or end an active template, resume or end a paused one, and leave an ended one', () => {
    expect(recurringTransitions('active').map((t) => t.label)).toEqual(['Pause', 'End']);
    expect(recurringTransitions('paused')).toEqual([
      { to: 'active', label: 'Resume' },
      { to: 'ended', label: 'End' },
    ]);
    expect(recurringTransitions('ended')).toEqual([]);
  });
});

describe('periodTotals', () => {
  it('Should total one period with the API rounding', () => {
    const totals = periodTotals(
      [
        { quantity_milli: 1000, unit_price_minor: 4900, tax_rate_id: 'r20' },
        { quantity_milli: 1500, unit_price_minor: 333, tax_rate_id: 'r10' },
      ],
      rates,
    );
    // 49,00 + 1,5 × 3,33 = 4,995 → 5,00; VAT 9,80 + 0,50.
    expect(totals?.totals).toMatchObject({ netMinor: 5400, taxMinor: 1030, grossMinor: 6430 });
  });

  it('Should not guess a total from a product line or an unknown rate', () => {
    expect(periodTotals([{ quantity_milli: 1000, product_id: 'p1' }], rates)).toBeNull();
    expect(
      periodTotals([{ quantity_milli: 1000, unit_price_minor: 100, tax_rate_id: 'gone' }], rates),
    ).toBeNull();
  });
});
