/**
 * @module db/documents
 * Builds the {@link BillingDocument} of an issued invoice or credit note from what was frozen at
 * issue (seller, buyer, mentions, lines, totals) plus the current branding. A draft has no legal
 * existence and is rendered by no endpoint here.
 */
import type { DB } from '@comptoir/db/schema/billing';
import type { Kysely } from 'kysely';
import type { BillingDocument, Party, Seller, VatCategory } from '../domain/document.js';
import { isoDate } from './common.js';
import { getInvoice } from './invoices.js';
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
    lines: invoice.lines.map((l) => ({
      position: l.position,
      description: l.description,
      quantityMilli: l.quantity_milli,
      unitCode: l.unit_code,
      unitPriceMinor: l.unit_price_minor,
      netMinor: l.net_minor,
      vatCategory: l.vat_category as VatCategory,
      vatRateBasisPoints: l.vat_rate_basis_points,
    })),
    vatBreakdown: invoice.vat_breakdown.map((g) => ({
      vatCategory: g.vat_category as VatCategory,
      vatRateBasisPoints: g.vat_rate_basis_points,
      taxableMinor: g.taxable_minor,
      taxMinor: g.tax_minor,
      exemptionReason: g.exemption_reason,
      exemptionReasonCode: g.exemption_reason_code,
    })),
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
