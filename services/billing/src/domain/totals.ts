/**
 * @module totals
 * Totals of a document as the renderers need them: the shared rules of
 * `@comptoir/contracts/billing/totals` (EN 16931 rounding: per-line nets, VAT once per rate),
 * applied to described lines, giving {@link DocumentLine}s with positions and units.
 */
import {
  type LineInput as AmountInput,
  computeTotals as computeAmounts,
  divideRounded,
  lineNetMinor,
  vatMinor,
} from '@comptoir/contracts/billing/totals';
import type { DocumentLine, DocumentTotals, VatBreakdown } from './document.js';

export { divideRounded, lineNetMinor, vatMinor };

/** A line before its net amount is computed. */
export interface LineInput extends AmountInput {
  description: string;
  unitCode?: string;
}

/** Result of {@link computeTotals}. */
export interface ComputedTotals {
  lines: DocumentLine[];
  vatBreakdown: VatBreakdown[];
  totals: DocumentTotals;
}

/**
 * Computes line nets, the VAT breakdown (one row per category and rate, in first-seen order) and
 * the totals.
 *
 * @param paidMinor amount already paid, subtracted from the amount due.
 * @throws RangeError when an amount leaves the safe integer range.
 */
export function computeTotals(inputs: readonly LineInput[], paidMinor = 0): ComputedTotals {
  const amounts = computeAmounts(inputs, paidMinor);
  return {
    lines: inputs.map((line, index) => ({
      position: index + 1,
      description: line.description,
      quantityMilli: line.quantityMilli,
      unitCode: line.unitCode ?? 'C62',
      unitPriceMinor: line.unitPriceMinor,
      netMinor: amounts.lineNets[index]!,
      vatCategory: line.vatCategory,
      vatRateBasisPoints: line.vatRateBasisPoints,
    })),
    vatBreakdown: amounts.vatBreakdown,
    totals: amounts.totals,
  };
}
