/**
 * @module totals
 * Line, VAT and document totals of a quote, invoice or credit note, in integer minor units.
 *
 * Rules (EN 16931, which French e-invoicing follows):
 * - each line net = quantity × unit price, rounded half away from zero to the minor unit, per line
 *   (BR-LIN-04 / BT-131);
 * - VAT is computed per (category, rate) on the sum of that group's rounded line nets and rounded
 *   once (BR-CO-17: BT-117 = BT-116 × BT-119 / 100), never summed from per-line VAT;
 * - gross = net + VAT; due = gross − paid (BR-CO-15, BR-CO-16).
 * Arithmetic is done in BigInt so no product can lose precision.
 */
import type { DocumentLine, DocumentTotals, VatBreakdown, VatCategory } from './document.js';

/** A line before its net amount is computed. */
export interface LineInput {
  description: string;
  /** Thousandths of a unit (1500 = 1.5). */
  quantityMilli: number;
  unitCode?: string;
  /** Minor units, excluding VAT; may be negative (a discount line). */
  unitPriceMinor: number;
  vatCategory: VatCategory;
  /** Basis points: 2000 = 20 %. */
  vatRateBasisPoints: number;
  exemptionReason?: string | null;
  exemptionReasonCode?: string | null;
}

/** Result of {@link computeTotals}. */
export interface ComputedTotals {
  lines: DocumentLine[];
  vatBreakdown: VatBreakdown[];
  totals: DocumentTotals;
}

/** `numerator / denominator` rounded half away from zero (denominator > 0). */
export function divideRounded(numerator: bigint, denominator: bigint): bigint {
  const sign = numerator < 0n ? -1n : 1n;
  const magnitude = numerator * sign;
  return sign * ((magnitude * 2n + denominator) / (denominator * 2n));
}

/** Net of one line, minor units: quantityMilli × unitPriceMinor / 1000, rounded half away from zero. */
export function lineNetMinor(quantityMilli: number, unitPriceMinor: number): number {
  return toSafeNumber(divideRounded(BigInt(quantityMilli) * BigInt(unitPriceMinor), 1000n));
}

/** VAT of a taxable amount, minor units: taxable × rate / 10 000, rounded half away from zero. */
export function vatMinor(taxableMinor: number, rateBasisPoints: number): number {
  return toSafeNumber(divideRounded(BigInt(taxableMinor) * BigInt(rateBasisPoints), 10_000n));
}

/**
 * Computes line nets, the VAT breakdown (one row per category and rate, in first-seen order) and
 * the totals.
 *
 * @param paidMinor amount already paid, subtracted from the amount due.
 * @throws RangeError when an amount leaves the safe integer range.
 */
export function computeTotals(inputs: readonly LineInput[], paidMinor = 0): ComputedTotals {
  const lines: DocumentLine[] = inputs.map((line, index) => ({
    position: index + 1,
    description: line.description,
    quantityMilli: line.quantityMilli,
    unitCode: line.unitCode ?? 'C62',
    unitPriceMinor: line.unitPriceMinor,
    netMinor: lineNetMinor(line.quantityMilli, line.unitPriceMinor),
    vatCategory: line.vatCategory,
    vatRateBasisPoints: line.vatRateBasisPoints,
  }));
  const groups = new Map<string, VatBreakdown>();
  lines.forEach((line, index) => {
    const key = `${line.vatCategory}:${line.vatRateBasisPoints}`;
    const group = groups.get(key) ?? {
      vatCategory: line.vatCategory,
      vatRateBasisPoints: line.vatRateBasisPoints,
      taxableMinor: 0,
      taxMinor: 0,
      exemptionReason: inputs[index]?.exemptionReason ?? null,
      exemptionReasonCode: inputs[index]?.exemptionReasonCode ?? null,
    };
    group.taxableMinor = toSafeNumber(BigInt(group.taxableMinor) + BigInt(line.netMinor));
    groups.set(key, group);
  });
  const vatBreakdown = [...groups.values()].map((group) => ({
    ...group,
    taxMinor: vatMinor(group.taxableMinor, group.vatRateBasisPoints),
  }));
  const netMinor = sum(lines.map((l) => l.netMinor));
  const taxMinor = sum(vatBreakdown.map((g) => g.taxMinor));
  const grossMinor = toSafeNumber(BigInt(netMinor) + BigInt(taxMinor));
  return {
    lines,
    vatBreakdown,
    totals: {
      netMinor,
      taxMinor,
      grossMinor,
      paidMinor,
      dueMinor: toSafeNumber(BigInt(grossMinor) - BigInt(paidMinor)),
    },
  };
}

function sum(values: number[]): number {
  return toSafeNumber(values.reduce((acc, v) => acc + BigInt(v), 0n));
}

function toSafeNumber(value: bigint): number {
  if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw new RangeError(`amount ${value} is outside the safe integer range`);
  }
  return Number(value);
}
