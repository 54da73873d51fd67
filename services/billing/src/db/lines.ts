/**
 * @module db/lines
 * Lines of drafts (invoices, credit notes, quotes): resolved against the price list and tax rates,
 * written with their nets, and the document's totals and VAT breakdown recomputed from them
 * (`computeTotals`, EN 16931 rounding). Runs in the request's transaction under RLS.
 */
import type { DocumentLineInput } from '@comptoir/contracts/billing/invoices';
import type { ProblemError } from '@comptoir/contracts/common';
import type { DB } from '@comptoir/db/schema/billing';
import { type Kysely, sql } from 'kysely';
import type { VatCategory } from '../domain/document.js';
import { computeTotals, type LineInput } from '../domain/totals.js';
import { validationProblem } from './common.js';

/** A resolved line, ready to store and to total. */
export interface ResolvedLine extends LineInput {
  product_id: string | null;
}

/**
 * Resolves lines against the price list and tax rates: a product gives the defaults of
 * description, unit, price and rate; the rate defaults to the tenant's default.
 *
 * @throws {HttpProblem} 422 naming every bad product or tax rate (`#/lines/<i>/…`).
 */
export async function resolveLines(
  db: Kysely<DB>,
  inputs: DocumentLineInput[],
  currency: string,
  pointer = '#/lines',
): Promise<ResolvedLine[]> {
  const productIds = [...new Set(inputs.flatMap((l) => (l.product_id ? [l.product_id] : [])))];
  const products = productIds.length
    ? await db.selectFrom('billing.products').selectAll().where('id', 'in', productIds).execute()
    : [];
  const rateIds = [
    ...new Set([
      ...inputs.flatMap((l) => (l.tax_rate_id ? [l.tax_rate_id] : [])),
      ...products.map((p) => p.tax_rate_id),
    ]),
  ];
  await sql`select billing.ensure_default_tax_rates()`.execute(db);
  const rates = await db
    .selectFrom('billing.tax_rates')
    .selectAll()
    .where((eb) => eb.or([eb('is_default', '=', true), ...(rateIds.length ? [eb('id', 'in', rateIds)] : [])]))
    .execute();
  const defaultRate = rates.find((r) => r.is_default && !r.archived_at);
  const errors: ProblemError[] = [];
  const resolved = inputs.map((input, index): ResolvedLine | undefined => {
    const at = `${pointer}/${index}`;
    const product = input.product_id ? products.find((p) => p.id === input.product_id) : undefined;
    if (input.product_id && (!product || product.archived_at)) {
      errors.push({ pointer: `${at}/product_id`, detail: 'No active product with this id' });
      return undefined;
    }
    if (product && input.unit_price_minor === undefined && product.currency !== currency) {
      errors.push({
        pointer: `${at}/product_id`,
        detail: `This product is priced in ${product.currency}, the document in ${currency}`,
      });
      return undefined;
    }
    const rateId = input.tax_rate_id ?? product?.tax_rate_id ?? defaultRate?.id;
    const rate = rates.find((r) => r.id === rateId);
    if (!rate || (input.tax_rate_id && rate.archived_at)) {
      errors.push({ pointer: `${at}/tax_rate_id`, detail: 'No active tax rate with this id' });
      return undefined;
    }
    return {
      product_id: product?.id ?? null,
      description: input.description ?? product!.name,
      quantityMilli: input.quantity_milli,
      unitCode: input.unit_code ?? product?.unit_code ?? 'C62',
      unitPriceMinor: input.unit_price_minor ?? product!.unit_price_minor,
      vatCategory: rate.vat_category as VatCategory,
      vatRateBasisPoints: rate.rate_basis_points,
      exemptionReason: rate.exemption_reason,
      exemptionReasonCode: rate.exemption_reason_code,
    };
  });
  if (errors.length) throw validationProblem(errors);
  return resolved as ResolvedLine[];
}

/** The document whose lines are written: a draft invoice or credit note, or a draft quote. */
export type LineOwner = { table: 'invoice' | 'quote'; id: string };

/** Writes the lines of a draft (replacing any) and its totals. */
export async function writeLines(db: Kysely<DB>, owner: LineOwner, lines: ResolvedLine[]): Promise<void> {
  let computed: ReturnType<typeof computeTotals>;
  try {
    computed = computeTotals(lines);
  } catch (error) {
    // ±2^53 minor units: far beyond any real document, and beyond exact arithmetic.
    if (error instanceof RangeError)
      throw validationProblem([{ pointer: '#/lines', detail: 'An amount is too large' }]);
    throw error;
  }
  const values = lines.map((line, index) => ({
    position: index + 1,
    product_id: line.product_id,
    description: line.description,
    quantity_milli: line.quantityMilli,
    unit_code: line.unitCode ?? 'C62',
    unit_price_minor: line.unitPriceMinor,
    vat_category: line.vatCategory,
    vat_rate_basis_points: line.vatRateBasisPoints,
    exemption_reason: line.exemptionReason ?? null,
    exemption_reason_code: line.exemptionReasonCode ?? null,
    net_minor: computed.lines[index]!.netMinor,
  }));
  if (owner.table === 'invoice') {
    await db.deleteFrom('billing.invoice_lines').where('invoice_id', '=', owner.id).execute();
    if (values.length) {
      await db
        .insertInto('billing.invoice_lines')
        .values(values.map((v) => ({ ...v, invoice_id: owner.id })))
        .execute();
    }
  } else {
    await db.deleteFrom('billing.quote_lines').where('quote_id', '=', owner.id).execute();
    if (values.length) {
      await db
        .insertInto('billing.quote_lines')
        .values(values.map((v) => ({ ...v, quote_id: owner.id })))
        .execute();
    }
  }
  const totals = {
    net_minor: computed.totals.netMinor,
    tax_minor: computed.totals.taxMinor,
    gross_minor: computed.totals.grossMinor,
    vat_breakdown: JSON.stringify(
      computed.vatBreakdown.map((g) => ({
        vat_category: g.vatCategory,
        vat_rate_basis_points: g.vatRateBasisPoints,
        taxable_minor: g.taxableMinor,
        tax_minor: g.taxMinor,
        exemption_reason: g.exemptionReason ?? null,
        exemption_reason_code: g.exemptionReasonCode ?? null,
      })),
    ),
  };
  if (owner.table === 'invoice') {
    await db.updateTable('billing.invoices').set(totals).where('id', '=', owner.id).execute();
  } else {
    await db.updateTable('billing.quotes').set(totals).where('id', '=', owner.id).execute();
  }
}

/** The customer of a document: it must exist and not be archived. @throws {HttpProblem} 422 otherwise. */
export async function liveCustomer(db: Kysely<DB>, id: string, pointer = '#/customer_id') {
  const customer = await db
    .selectFrom('billing.customers')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst();
  if (!customer || customer.archived_at) {
    throw validationProblem([{ pointer, detail: 'No active customer with this id' }]);
  }
  return customer;
}
