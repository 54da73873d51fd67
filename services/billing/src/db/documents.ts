/**
 * @module db/documents
 * Builds the {@link BillingDocument} of an issued invoice or credit note from what was frozen at
 * issue (seller, buyer, mentions, lines, totals) plus the current branding. A draft has no legal
 * existence and is rendered by no endpoint here.
 */
import type { DB } from '@comptoir/db/schema/billing';
import type { Kysely } from 'kysely';
import type {
  BillingDocument,
  DocumentLine,
  Party,
  Seller,
  VatBreakdown,
  VatCategory,
} from '../domain/document.js';
import { isoDate } from './common.js';
import { getInvoice } from './invoices.js';
import { getQuote } from './quotes.js';
import { loadSettings } from './settings.js';

/** Text of a credit note's payment terms: EN 16931 BR-CO-25 wants terms or a due date when an amount is due. */
const CREDIT_NOTE_TERMS = 'Montant remboursé ou imputé sur une prochaine facture.';

/**
 * The document of an issued invoice or credit note.
 *
 * @returns undefined when there is no such invoice, or when it is still a draft.
 */
export async function issuedDocument(db: Kysely<DB>, id: string): Promise<BillingDocument | undefined> {
  const invoice = await getInvoice(db, id);
  if (!invoice || invoice.status === 'draft' || !invoice.number || !invoice.issue_date) return undefined;
  const [frozen, settings, preceding] = await Promise.all([
    db
      .selectFrom('billing.invoices')
      .select(['seller', 'buyer'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow(),
    loadSettings(db),
    invoice.credited_invoice_id
      ? db
          .selectFrom('billing.invoices')
          .select(['number', isoDate('issue_date').as('issue_date')])
          .where('id', '=', invoice.credited_invoice_id)
          .executeTakeFirst()
      : undefined,
  ]);
  const isCreditNote = invoice.kind === 'credit_note';
  return {
    kind: invoice.kind,
    number: invoice.number,
    issueDate: invoice.issue_date,
    dueDate: invoice.due_date,
    deliveryDate: invoice.delivery_date,
    currency: invoice.currency,
    seller: frozen.seller as unknown as Seller,
    buyer: frozen.buyer as unknown as Party,
    buyerReference: invoice.buyer_reference,
    purchaseOrderReference: invoice.purchase_order_reference,
    lines: documentLines(invoice.lines),
    vatBreakdown: documentBreakdown(invoice.vat_breakdown),
    totals: {
      netMinor: invoice.net_minor,
      taxMinor: invoice.tax_minor,
      grossMinor: invoice.gross_minor,
      paidMinor: isCreditNote ? 0 : invoice.paid_minor,
      dueMinor: isCreditNote ? invoice.gross_minor : invoice.gross_minor - invoice.paid_minor,
    },
    precedingInvoice:
      preceding?.number && preceding.issue_date
        ? { number: preceding.number, issueDate: preceding.issue_date }
        : null,
    paymentTerms: isCreditNote
      ? CREDIT_NOTE_TERMS
      : invoice.payment_terms_days !== null
        ? `Paiement à ${invoice.payment_terms_days} jours.`
        : null,
    legalMentions: invoice.legal_mentions,
    note: invoice.note,
    branding: {
      logoPng: settings.logo_png ? new Uint8Array(settings.logo_png) : null,
      primaryColor: settings.primary_color,
    },
    locale: 'fr-FR',
  };
}

/** Lines as the API returns them, as a document's lines. */
function documentLines(
  lines: Array<{
    position: number;
    description: string;
    quantity_milli: number;
    unit_code: string;
    unit_price_minor: number;
    net_minor: number;
    vat_category: string;
    vat_rate_basis_points: number;
  }>,
): DocumentLine[] {
  return lines.map((l) => ({
    position: l.position,
    description: l.description,
    quantityMilli: l.quantity_milli,
    unitCode: l.unit_code,
    unitPriceMinor: l.unit_price_minor,
    netMinor: l.net_minor,
    vatCategory: l.vat_category as VatCategory,
    vatRateBasisPoints: l.vat_rate_basis_points,
  }));
}

function documentBreakdown(
  rows: Array<{
    vat_category: string;
    vat_rate_basis_points: number;
    taxable_minor: number;
    tax_minor: number;
    exemption_reason: string | null;
    exemption_reason_code: string | null;
  }>,
): VatBreakdown[] {
  return rows.map((g) => ({
    vatCategory: g.vat_category as VatCategory,
    vatRateBasisPoints: g.vat_rate_basis_points,
    taxableMinor: g.taxable_minor,
    taxMinor: g.tax_minor,
    exemptionReason: g.exemption_reason,
    exemptionReasonCode: g.exemption_reason_code,
  }));
}

/**
 * The document of a sent (or answered) quote: seller from the current settings, buyer from the
 * customer, validity as its due date.
 *
 * @returns undefined when there is no such quote, or when it is still a draft.
 */
export async function quoteDocument(db: Kysely<DB>, id: string): Promise<BillingDocument | undefined> {
  const quote = await getQuote(db, id);
  if (!quote || quote.status === 'draft' || !quote.number || !quote.issue_date) return undefined;
  const [settings, customer] = await Promise.all([
    loadSettings(db),
    db
      .selectFrom('billing.customers')
      .selectAll()
      .where('id', '=', quote.customer_id)
      .executeTakeFirstOrThrow(),
  ]);
  const exemptions = [
    ...new Set(quote.vat_breakdown.flatMap((g) => (g.exemption_reason ? [g.exemption_reason] : []))),
  ];
  return {
    kind: 'quote',
    number: quote.number,
    issueDate: quote.issue_date,
    dueDate: quote.valid_until,
    currency: quote.currency,
    seller: {
      name: settings.legal_name,
      tradingName: settings.trading_name,
      vatNumber: settings.vat_number,
      siren: settings.siren,
      siret: settings.siret,
      legalForm: settings.legal_form,
      registration: settings.registration,
      address: {
        line1: settings.address_line1,
        line2: settings.address_line2,
        postalCode: settings.postal_code,
        city: settings.city,
        countryCode: settings.country_code,
      },
      email: settings.email,
    },
    buyer: {
      name: customer.legal_name,
      tradingName: customer.trading_name,
      vatNumber: customer.vat_number,
      siren: customer.siren,
      siret: customer.siret,
      address: {
        line1: customer.address_line1,
        line2: customer.address_line2,
        postalCode: customer.postal_code,
        city: customer.city,
        countryCode: customer.country_code,
      },
      email: customer.email,
    },
    lines: documentLines(quote.lines),
    vatBreakdown: documentBreakdown(quote.vat_breakdown),
    totals: {
      netMinor: quote.net_minor,
      taxMinor: quote.tax_minor,
      grossMinor: quote.gross_minor,
      paidMinor: 0,
      dueMinor: quote.gross_minor,
    },
    legalMentions: [
      `Devis valable jusqu’au ${quote.valid_until}. Bon pour accord : date, signature et mention « lu et approuvé ».`,
      ...(settings.vat_regime === 'franchise' ? ['TVA non applicable, art. 293 B du CGI.'] : []),
      ...exemptions,
    ],
    note: quote.title ? `${quote.title}${quote.note ? `\n${quote.note}` : ''}` : quote.note,
    branding: {
      logoPng: settings.logo_png ? new Uint8Array(settings.logo_png) : null,
      primaryColor: settings.primary_color,
    },
    locale: 'fr-FR',
  };
}
