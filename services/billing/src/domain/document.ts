/**
 * @module document
 * The rendered shape of a billing document (quote, invoice, credit note, payment reminder): what
 * the PDF renderer, the Factur-X (EN 16931 CII) writer and e-mails read. It is built from the
 * database rows once totals are computed (see `totals.ts`) and never recomputes anything itself.
 *
 * Units: every amount is an integer in minor units of `currency` (cents for EUR); quantities are
 * integer thousandths (`quantityMilli: 1500` = 1.5); VAT rates are basis points (`2000` = 20 %);
 * dates are calendar dates `YYYY-MM-DD` in the tenant's time zone.
 */

/** ISO 3166-1 alpha-2 country code, upper case (`FR`). */
export type CountryCode = string;

/** A postal address (EN 16931 BG-5 / BG-8). */
export interface PostalAddress {
  line1: string;
  line2?: string | null;
  postalCode: string;
  city: string;
  countryCode: CountryCode;
}

/** Seller or buyer (EN 16931 BG-4 / BG-7). */
export interface Party {
  /** Legal name (BT-27 / BT-44). */
  name: string;
  /** Trading name when different (BT-28 / BT-45). */
  tradingName?: string | null;
  /** VAT identifier with its country prefix, `FR32123456789` (BT-31 / BT-48). */
  vatNumber?: string | null;
  /** French SIREN (9 digits), the legal registration id (BT-30 / BT-47, scheme 0002). */
  siren?: string | null;
  /** French SIRET (14 digits) of the establishment. */
  siret?: string | null;
  address: PostalAddress;
  email?: string | null;
}

/** The seller, with what its documents print and its bank account for transfers. */
export interface Seller extends Party {
  /** Legal form and share capital line, e.g. `SAS au capital de 10 000 €` (French Code de commerce R123-237). */
  legalForm?: string | null;
  /** RCS registration, e.g. `RCS Paris 123 456 789`. */
  registration?: string | null;
  iban?: string | null;
  bic?: string | null;
}

/**
 * VAT category code (UNTDID 5305 subset used by EN 16931): `S` standard rate, `Z` zero rated,
 * `E` exempt, `AE` reverse charge, `K` intra-EU supply of goods, `G` export outside the EU,
 * `O` outside the scope of VAT.
 */
export type VatCategory = 'S' | 'Z' | 'E' | 'AE' | 'K' | 'G' | 'O';

/** One line of a document (EN 16931 BG-25). */
export interface DocumentLine {
  /** 1-based position (BT-126). */
  position: number;
  /** Item name (BT-153). */
  description: string;
  /** Quantity in thousandths (BT-129 = quantityMilli / 1000). */
  quantityMilli: number;
  /** UN/ECE Recommendation 20 unit code (BT-130): `C62` one, `HUR` hour, `DAY` day, `KGM` kilogram. */
  unitCode: string;
  /** Net unit price excluding VAT, minor units (BT-146). */
  unitPriceMinor: number;
  /** Line net amount, minor units, rounded half away from zero per line (BT-131). */
  netMinor: number;
  vatCategory: VatCategory;
  /** VAT rate in basis points (BT-152): 2000, 1000, 550, 210, or 0. */
  vatRateBasisPoints: number;
}

/** One VAT breakdown row per (category, rate) (EN 16931 BG-23). */
export interface VatBreakdown {
  vatCategory: VatCategory;
  vatRateBasisPoints: number;
  /** Sum of line nets of this category and rate, minor units (BT-116). */
  taxableMinor: number;
  /** taxableMinor × rate, rounded half away from zero, minor units (BT-117). */
  taxMinor: number;
  /** Exemption reason text when category is E, AE, K, G or O (BT-120), e.g. `Autoliquidation`. */
  exemptionReason?: string | null;
  /** VATEX code of the exemption (BT-121), e.g. `VATEX-EU-AE`. */
  exemptionReasonCode?: string | null;
}

/** Document totals (EN 16931 BG-22), minor units. */
export interface DocumentTotals {
  /** Sum of line nets (BT-106 = BT-109). */
  netMinor: number;
  /** Total VAT (BT-110). */
  taxMinor: number;
  /** Net + VAT (BT-112). */
  grossMinor: number;
  /** Already paid (BT-113). */
  paidMinor: number;
  /** Amount due for payment (BT-115 = BT-112 − BT-113). */
  dueMinor: number;
}

/** Kinds of documents the billing service renders. */
export type DocumentKind = 'quote' | 'invoice' | 'credit_note' | 'reminder';

/** A document ready to render. */
export interface BillingDocument {
  kind: DocumentKind;
  /** Document number (BT-1): `F-2026-000042`, `AV-2026-000003`, `D-2026-000007`. */
  number: string;
  /** Issue date (BT-2), tenant time zone. */
  issueDate: string;
  /** Payment due date (BT-9) for invoices; validity end for quotes. */
  dueDate?: string | null;
  /** Delivery / service date (BT-72) when known. */
  deliveryDate?: string | null;
  /** ISO 4217 code (BT-5). */
  currency: string;
  seller: Seller;
  buyer: Party;
  /** Buyer reference (BT-10) / purchase order (BT-13). */
  buyerReference?: string | null;
  purchaseOrderReference?: string | null;
  lines: DocumentLine[];
  vatBreakdown: VatBreakdown[];
  totals: DocumentTotals;
  /** For a credit note: the invoice it cancels or corrects (BG-3). */
  precedingInvoice?: { number: string; issueDate: string } | null;
  /** Payment terms text (BT-20), e.g. `30 jours fin de mois`. */
  paymentTerms?: string | null;
  /**
   * Mentions the law requires on the document, printed at the bottom and carried as notes
   * (BT-22): late-payment penalty rate and the 40 EUR fixed recovery fee for B2B (French Code de
   * commerce L441-10 and D441-5), VAT exemption mentions (CGI art. 293 B), reverse charge.
   */
  legalMentions: string[];
  /** Free note printed above the lines. */
  note?: string | null;
  /** For a reminder: which step of the dunning schedule and how many days past due. */
  reminder?: { step: number; daysPastDue: number; formalNotice: boolean } | null;
  /** Tenant branding for the PDF. */
  branding?: { logoPng?: Uint8Array | null; primaryColor?: string | null } | null;
  /** BCP 47 locale of the printed text (`fr-FR` default). */
  locale?: string;
}
