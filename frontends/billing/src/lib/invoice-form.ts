/**
 * @module lib/invoice-form
 * The invoice editor's lines as the form holds them (text, as typed) and their way to the API:
 * parsing amounts and quantities without floats, the live totals of what parses, and field
 * errors keyed by the API's paths (`lines.0.unit_price_minor`) whether they come from parsing,
 * the contracts' schema or the API's problem pointers.
 */
import type { TaxRate } from '@comptoir/contracts/billing/catalog';
import type { DocumentLine } from '@comptoir/contracts/billing/invoices';
import {
  type ComputedTotals,
  computeTotals,
  type LineInput,
  type VatCategory,
} from '@comptoir/contracts/billing/totals';
import type { FieldErrors } from '@comptoir/ui';
import { minorToInput, parseMoney, parseQuantity, quantityToInput } from './money';

/** One line of the editor, as typed. */
export interface LineRow {
  /** Stable React key of the row (not sent). */
  key: string;
  product_id: string | null;
  /** Name of the picked product, shown in the product picker (not sent). */
  product_label: string;
  description: string;
  /** Quantity as typed ("1,5"). */
  quantity: string;
  /** UN/ECE Rec. 20 code ("C62", "HUR"). */
  unit_code: string;
  /** Net unit price as typed ("1 234,56"). */
  unit_price: string;
  /** Id of a tax rate ('' when none chosen). */
  tax_rate_id: string;
}

/** A line as the API takes it (`DocumentLineInput`). */
export interface LinePayload {
  product_id?: string;
  description: string;
  quantity_milli: number;
  unit_code: string;
  unit_price_minor: number;
  tax_rate_id: string;
}

/** The product fields a line takes from the price list. */
export interface ProductDefaults {
  id: string;
  name: string;
  unit_code: string;
  unit_price_minor: number;
  tax_rate_id: string;
}

let counter = 0;
/** A fresh row key. */
export const rowKey = () => `line-${++counter}`;

/** The tenant's default rate, else the first one; '' when there is none. */
export function defaultRateId(rates: readonly TaxRate[]): string {
  return (rates.find((r) => r.is_default) ?? rates[0])?.id ?? '';
}

/** An empty line with one unit and the default rate. */
export function emptyLine(rates: readonly TaxRate[], locale = 'en'): LineRow {
  return {
    key: rowKey(),
    product_id: null,
    product_label: '',
    description: '',
    quantity: quantityToInput(1000, locale),
    unit_code: 'C62',
    unit_price: '',
    tax_rate_id: defaultRateId(rates),
  };
}

/**
 * The tax rate a stored line was computed with. Lines keep the rate's category and percentage,
 * not its id: the active rate with the same category, percentage and exemption code is it.
 */
export function rateOfLine(
  line: Pick<DocumentLine, 'vat_category' | 'vat_rate_basis_points' | 'exemption_reason_code'>,
  rates: readonly TaxRate[],
): TaxRate | undefined {
  const same = rates.filter(
    (r) => r.vat_category === line.vat_category && r.rate_basis_points === line.vat_rate_basis_points,
  );
  return same.find((r) => r.exemption_reason_code === line.exemption_reason_code) ?? same[0];
}

/** A stored line of a draft, back in the editor. */
export function rowFromLine(
  line: DocumentLine,
  rates: readonly TaxRate[],
  currency: string,
  locale = 'en',
): LineRow {
  return {
    key: rowKey(),
    product_id: line.product_id,
    // A stored line keeps its product's id, not its name: the description is what was invoiced.
    product_label: line.product_id ? line.description : '',
    description: line.description,
    quantity: quantityToInput(line.quantity_milli, locale),
    unit_code: line.unit_code,
    unit_price: minorToInput(line.unit_price_minor, currency, locale),
    tax_rate_id: rateOfLine(line, rates)?.id ?? '',
  };
}

/** A row with a product's description, unit, price and rate (its quantity kept). */
export function applyProduct(
  row: LineRow,
  product: ProductDefaults,
  currency: string,
  locale = 'en',
): LineRow {
  return {
    ...row,
    product_id: product.id,
    product_label: product.name,
    description: product.name,
    unit_code: product.unit_code,
    unit_price: minorToInput(product.unit_price_minor, currency, locale),
    tax_rate_id: product.tax_rate_id,
  };
}

/** Whether the member has typed nothing in a row (such rows are left out when saving). */
export function isBlankLine(row: LineRow): boolean {
  return !row.product_id && !row.description.trim() && !row.unit_price.trim();
}

/** Result of {@link readLines}. */
export interface ReadLines {
  /** Lines to send: one per non-blank row, in order. */
  payload: LinePayload[];
  /** Row index of each payload line (to put the API's `lines/<i>` errors on the right row). */
  rowOf: number[];
  /** Errors of rows that do not parse, keyed `lines.<row>.<field>`. */
  errors: FieldErrors;
  /** Net of each row, or null when its quantity or price does not parse (yet). */
  lineNets: Array<number | null>;
  /** Totals and VAT breakdown of the rows that parse. */
  totals: ComputedTotals;
}

/**
 * Reads the editor's rows: parses quantities and prices, checks what the API would refuse on
 * its own, and computes the live totals of every row that parses.
 */
export function readLines(rows: readonly LineRow[], rates: readonly TaxRate[], currency: string): ReadLines {
  const errors: FieldErrors = {};
  const payload: LinePayload[] = [];
  const rowOf: number[] = [];
  const totalsInput: LineInput[] = [];
  const totalsRow: number[] = [];
  rows.forEach((row, index) => {
    const at = (field: string) => `lines.${index}.${field}`;
    const quantity = parseQuantity(row.quantity);
    const price = parseMoney(row.unit_price, currency, { allowNegative: true });
    const rate = rates.find((r) => r.id === row.tax_rate_id);
    if (quantity !== null && price !== null && rate) {
      totalsInput.push({
        quantityMilli: quantity,
        unitPriceMinor: price,
        vatCategory: rate.vat_category as VatCategory,
        vatRateBasisPoints: rate.rate_basis_points,
        exemptionReason: rate.exemption_reason,
        exemptionReasonCode: rate.exemption_reason_code,
      });
      totalsRow.push(index);
    }
    if (isBlankLine(row)) return;
    if (!row.description.trim()) errors[at('description')] = 'A description is required';
    if (!row.quantity.trim()) errors[at('quantity_milli')] = 'Enter a quantity';
    else if (quantity === null) errors[at('quantity_milli')] = 'Enter a quantity such as 2 or 1,5';
    else if (quantity === 0) errors[at('quantity_milli')] = 'A quantity cannot be zero';
    if (!row.unit_price.trim()) errors[at('unit_price_minor')] = 'Enter a unit price';
    else if (price === null) errors[at('unit_price_minor')] = 'Enter an amount such as 1 234,56';
    if (!rate) errors[at('tax_rate_id')] = 'Choose a VAT rate';
    payload.push({
      ...(row.product_id ? { product_id: row.product_id } : {}),
      description: row.description.trim(),
      quantity_milli: quantity ?? 0,
      unit_code: row.unit_code || 'C62',
      unit_price_minor: price ?? 0,
      tax_rate_id: row.tax_rate_id,
    });
    rowOf.push(index);
  });
  let totals: ComputedTotals;
  try {
    totals = computeTotals(totalsInput);
  } catch {
    // Beyond the safe integer range: the amount fields say why.
    totals = computeTotals([]);
  }
  const lineNets: Array<number | null> = rows.map(() => null);
  totalsRow.forEach((row, i) => {
    lineNets[row] = totals.lineNets[i] ?? null;
  });
  return { payload, rowOf, errors, lineNets, totals };
}

/**
 * Errors keyed by the payload's line index (`lines.2.unit_price_minor`, from zod issues or the
 * API's pointers) re-keyed by the editor's row index, blank rows being left out of the payload.
 */
export function remapLineErrors(errors: FieldErrors, rowOf: readonly number[]): FieldErrors {
  const out: FieldErrors = {};
  for (const [key, value] of Object.entries(errors)) {
    const match = /^lines\.(\d+)(\..*)?$/.exec(key);
    const row = match ? rowOf[Number(match[1])] : undefined;
    const target = match && row !== undefined ? `lines.${row}${match[2] ?? ''}` : key;
    if (out[target] === undefined) out[target] = value;
  }
  return out;
}

/** Reads "30" as a number of days (0–365); null for empty; undefined when it is not one. */
export function parseDays(text: string): number | null | undefined {
  const trimmed = text.trim();
  if (!trimmed) return null;
  if (!/^\d{1,3}$/.test(trimmed)) return undefined;
  const days = Number(trimmed);
  return days <= 365 ? days : undefined;
}
