/**
 * @module billing/totals
 * Line nets, the VAT breakdown and the document totals of a quote, invoice or credit note, in
 * integer minor units: the one implementation the billing API stores and the web app's editor
 * shows live, so both agree to the cent.
 *
 * Rules (EN 16931):
 * - each line net = quantity × unit price, rounded half away from zero to the minor unit, per
 *   line (BR-LIN-04 / BT-131);
 * - VAT per (category, rate) on the sum of that group's rounded line nets, rounded once
 *   (BR-CO-17), never summed from per-line VAT;
 * - gross = net + VAT; due = gross − paid (BR-CO-15, BR-CO-16).
 * Arithmetic is BigInt, so no product loses precision.
 */
import type { VAT_CATEGORIES } from './common.js';

/** UNTDID 5305 VAT category: S standard, Z zero, E exempt, AE reverse charge, K, G, O. */
export type VatCategory = (typeof VAT_CATEGORIES)[number];

/** A line as the totals need it. */
export interface LineInput {
  /** Thousandths of a unit (1500 = 1.5). */
  quantityMilli: number;
  /** Minor units, excluding VAT; may be negative (a discount line). */
  unitPriceMinor: number;
  vatCategory: VatCategory;
  /** Basis points: 2000 = 20 %. */
  vatRateBasisPoints: number;
  exemptionReason?: string | null;
  exemptionReasonCode?: string | null;
}

/** One row of the VAT breakdown (EN 16931 BG-23). */
export interface VatGroup {
  vatCategory: VatCategory;
  vatRateBasisPoints: number;
  /** Sum of the group's line nets, minor units (BT-116). */
  taxableMinor: number;
  /** taxable × rate, rounded half away from zero, minor units (BT-117). */
  taxMinor: number;
  exemptionReason: string | null;
  exemptionReasonCode: string | null;
}

/** Document totals, minor units. */
export interface DocumentTotals {
  netMinor: number;
  taxMinor: number;
  grossMinor: number;
  paidMinor: number;
  dueMinor: number;
}

/** Result of {@link computeTotals}. */
export interface ComputedTotals {
  /** Net of each line, in input order. */
  lineNets: number[];
  vatBreakdown: VatGroup[];
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
 * Line nets, the VAT breakdown (one row per category and rate, in first-seen order) and the
 * totals.
 *
 * @param paidMinor amount already paid, subtracted from the amount due.
 * @throws RangeError when an amount leaves the safe integer range.
 * @example computeTotals([{ quantityMilli: 2000, unitPriceMinor: 1250, vatCategory: 'S', vatRateBasisPoints: 2000 }])
 *   // totals: { netMinor: 2500, taxMinor: 500, grossMinor: 3000, paidMinor: 0, dueMinor: 3000 }
 */
export function computeTotals(inputs: readonly LineInput[], paidMinor = 0): ComputedTotals {
  const lineNets = inputs.map((line) => lineNetMinor(line.quantityMilli, line.unitPriceMinor));
  const groups = new Map<string, VatGroup>();
  inputs.forEach((line, index) => {
    const key = `${line.vatCategory}:${line.vatRateBasisPoints}`;
    const group = groups.get(key) ?? {
      vatCategory: line.vatCategory,
      vatRateBasisPoints: line.vatRateBasisPoints,
      taxableMinor: 0,
      taxMinor: 0,
      exemptionReason: line.exemptionReason ?? null,
      exemptionReasonCode: line.exemptionReasonCode ?? null,
    };
    group.taxableMinor = toSafeNumber(BigInt(group.taxableMinor) + BigInt(lineNets[index]!));
    groups.set(key, group);
  });
  const vatBreakdown = [...groups.values()].map((group) => ({
    ...group,
    taxMinor: vatMinor(group.taxableMinor, group.vatRateBasisPoints),
  }));
  const netMinor = sum(lineNets);
  const taxMinor = sum(vatBreakdown.map((g) => g.taxMinor));
  const grossMinor = toSafeNumber(BigInt(netMinor) + BigInt(taxMinor));
  return {
    lineNets,
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
