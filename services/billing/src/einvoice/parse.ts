/**
 * @module parse
 * Reads an incoming (supplier) e-invoice into a {@link SupplierBillDraft}: the semantic EN 16931
 * data a purchase ledger needs, in the billing domain's units (integer minor units, thousandths,
 * basis points, `YYYY-MM-DD`).
 *
 * Syntaxes read (detected from the root element and its namespace):
 * - UN/CEFACT CII D16B `rsm:CrossIndustryInvoice`: Factur-X 1.0 and ZUGFeRD 2.x, all profiles
 *   (MINIMUM, BASIC WL, BASIC, EN 16931, EXTENDED), XRechnung CII;
 * - ZUGFeRD 1.0 `rsm:CrossIndustryDocument` (BASIC, COMFORT, EXTENDED), the older CII;
 * - OASIS UBL 2.1 `Invoice` and `CreditNote` (Peppol BIS Billing 3, XRechnung UBL, EN 16931).
 *
 * Decimal values are converted by string arithmetic (see `decimal.ts`); a value with more
 * decimals than the target (currency minor unit, thousandth, basis point) is rounded half away
 * from zero and a warning says so. The document's arithmetic (EN 16931 BR-CO-10 … BR-CO-16) is
 * checked and every mismatch becomes a warning, never an error: the draft is for a person to
 * review. Anything that is not a readable invoice throws {@link EInvoiceParseError}.
 *
 * The parser does no schema or Schematron validation and follows no reference (no DTD, no
 * external entity: a DOCTYPE is refused outright).
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { fromFormat102, isCalendarDate } from './calendar.js';
import { currencyMinorUnits, type ExactDecimal, formatScaled, readDecimal, toScaled } from './decimal.js';

/** Why a document could not be read. */
export type EInvoiceParseErrorCode =
  /** Not well-formed XML (or not text at all). */
  | 'malformed_xml'
  /** Well-formed, but not a CII or UBL invoice / credit note (or a DOCTYPE, a PDF …). */
  | 'unsupported_document'
  /** A field every profile requires is absent (BT-1 number, BT-2 date, BT-5 currency, totals …). */
  | 'missing_field'
  /** A field holds a value that cannot be read (`12,50` as an amount, `20261301` as a date). */
  | 'invalid_value'
  /** Any other failure while reading; the original error is the `cause`. */
  | 'unexpected';

/**
 * The one error {@link parseIncomingInvoice} throws: a machine-readable `code`, a message that
 * says what is wrong in terms of the document, and the element path when one applies.
 *
 * @example
 * try { parseIncomingInvoice(xml) } catch (e) { if (e instanceof EInvoiceParseError) console.log(e.code, e.path) }
 */
export class EInvoiceParseError extends Error {
  override readonly name = 'EInvoiceParseError';
  readonly code: EInvoiceParseErrorCode;
  /** Element path in the document (local names), e.g. `ExchangedDocument/ID`; null when none applies. */
  readonly path: string | null;

  constructor(
    code: EInvoiceParseErrorCode,
    message: string,
    path: string | null = null,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.code = code;
    this.path = path;
  }
}

/** Syntax of the document: UN/CEFACT Cross Industry Invoice or OASIS UBL. */
export type EInvoiceSyntax = 'CII' | 'UBL';

/** An identifier with its scheme (ISO 6523 ICD such as `0002` SIREN, `0088` GLN, EAS codes, `EM` …). */
export interface SchemedId {
  id: string;
  scheme: string | null;
}

/** Postal address (EN 16931 BG-5 seller, BG-8 buyer). */
export interface SupplierBillAddress {
  /** Address lines in order (BT-35, BT-36, BT-162 / BT-50, BT-51, BT-163). */
  lines: string[];
  /** BT-38 / BT-53. */
  postalCode: string | null;
  /** BT-37 / BT-52. */
  city: string | null;
  /** BT-39 / BT-54. */
  subdivision: string | null;
  /** ISO 3166-1 alpha-2, BT-40 / BT-55. */
  countryCode: string | null;
}

/** Seller (BG-4) or buyer (BG-7) as the document states it. */
export interface SupplierBillParty {
  /** Legal name, BT-27 / BT-44. */
  name: string | null;
  /** Trading name, BT-28 / BT-45. */
  tradingName: string | null;
  /** VAT identifier with country prefix, BT-31 / BT-48. */
  vatId: string | null;
  /** Local tax registration (scheme FC), seller only, BT-32. */
  taxRegistrationId: string | null;
  /** Legal registration identifier, BT-30 / BT-47 (scheme 0002 = SIREN). */
  legalId: SchemedId | null;
  /** Party identifiers, BT-29 / BT-46 (scheme 0009 = SIRET, 0088 = GLN …). */
  identifiers: SchemedId[];
  /** Electronic address, BT-34 / BT-49 (scheme EM = e-mail, 0225 = French directory …). */
  electronicAddress: SchemedId | null;
  address: SupplierBillAddress | null;
}

/** One invoice line (BG-25). Amounts in minor units of the document currency. */
export interface SupplierBillLine {
  /** BT-126. */
  lineId: string | null;
  /** Item name BT-153, or its description BT-154 when the name is absent. */
  description: string;
  /** Invoiced quantity BT-129 in thousandths (1.5 → 1500); null when absent. */
  quantityMilli: number | null;
  /** UN/ECE Rec. 20 unit code BT-130. */
  unitCode: string | null;
  /** Net price of one unit (BT-146 ÷ BT-149 base quantity), minor units; null when absent. */
  unitPriceMinor: number | null;
  /** Line net amount BT-131, minor units (after line allowances and charges). */
  netMinor: number;
  /** VAT category code BT-151 (UNTDID 5305: S, Z, E, AE, K, G, O, L, M). */
  vatCategory: string | null;
  /** VAT rate BT-152 in basis points (19 % → 1900); null when absent (category O). */
  vatRateBasisPoints: number | null;
}

/** One VAT breakdown row (BG-23). Amounts in minor units. */
export interface SupplierBillVatBreakdown {
  /** BT-118. */
  vatCategory: string;
  /** BT-119 in basis points; null when absent (category O). */
  vatRateBasisPoints: number | null;
  /** BT-116. */
  taxableMinor: number;
  /** BT-117. */
  taxMinor: number;
  /** BT-120. */
  exemptionReason: string | null;
  /** BT-121 (VATEX code). */
  exemptionReasonCode: string | null;
}

/** Document totals (BG-22) in minor units of the document currency, signs as in the document. */
export interface SupplierBillTotals {
  /** Sum of line nets BT-106; null when the profile carries no lines and no line total (MINIMUM). */
  lineTotalMinor: number | null;
  /** Document-level allowances BT-107 (0 when absent). */
  allowanceTotalMinor: number;
  /** Document-level charges BT-108 (0 when absent). */
  chargeTotalMinor: number;
  /** Total without VAT BT-109. */
  netMinor: number;
  /** Total VAT BT-110, in the document currency. */
  taxMinor: number;
  /** Total with VAT BT-112. */
  grossMinor: number;
  /** Paid amount BT-113 (0 when absent; inferred from BT-112 − BT-115 with a warning when absent but implied). */
  paidMinor: number;
  /** Rounding amount BT-114 (0 when absent). */
  roundingMinor: number;
  /** Amount due for payment BT-115. */
  dueMinor: number;
}

/** A payment instruction (BG-16): means code, credit transfer account (BG-17). */
export interface SupplierBillPaymentMeans {
  /** UNTDID 4461 code BT-81: 30 credit transfer, 58 SEPA credit transfer, 59 SEPA direct debit … */
  meansCode: string | null;
  /** Account identifier BT-84 (an IBAN for 58), spaces removed. */
  accountId: string | null;
  /** BT-85. */
  accountName: string | null;
  /** Payment service provider BIC, BT-86. */
  bic: string | null;
}

/**
 * An incoming invoice or credit note read from its XML, ready to become a supplier bill after
 * review. Amounts are integers in minor units of `currency`, dates `YYYY-MM-DD`.
 */
export interface SupplierBillDraft {
  syntax: EInvoiceSyntax;
  /** Specification identifier BT-24 (CII guideline parameter, UBL `CustomizationID`). */
  specificationId: string | null;
  /** Business process BT-23 (CII business process parameter, UBL `ProfileID`). */
  businessProcessId: string | null;
  /** Readable profile derived from BT-24: `Factur-X MINIMUM`, `EN 16931`, `XRechnung 3.0`, `Peppol BIS Billing 3.0` … */
  profile: string;
  /** Invoice number BT-1. */
  number: string;
  /** UNTDID 1001 type code BT-3 (380 invoice, 381 credit note, 384 corrected invoice …). */
  typeCode: string;
  /** `credit_note` for a UBL CreditNote or a credit type code (381, 261, 396 …), else `invoice`. */
  kind: 'invoice' | 'credit_note';
  /** BT-2. */
  issueDate: string;
  /** Payment due date BT-9. */
  dueDate: string | null;
  /** Actual delivery date BT-72. */
  deliveryDate: string | null;
  /** ISO 4217 invoice currency BT-5. */
  currency: string;
  /** The seller: the supplier of the bill (BG-4). */
  supplier: SupplierBillParty;
  /** The buyer (BG-7): should be us. */
  buyer: SupplierBillParty;
  /** BT-10 (Leitweg-ID in Germany, service code in France). */
  buyerReference: string | null;
  /** Purchase order reference BT-13. */
  purchaseOrderReference: string | null;
  /** First preceding invoice reference BG-3 (BT-25, BT-26); a warning lists any further ones. */
  precedingInvoice: { number: string; issueDate: string | null } | null;
  /** Payment terms BT-20 (several CII terms joined by new lines). */
  paymentTerms: string | null;
  /** Remittance information BT-83. */
  paymentReference: string | null;
  /** BG-16 payment instructions. */
  paymentMeans: SupplierBillPaymentMeans[];
  /** Invoice notes BT-22. */
  notes: string[];
  /** BG-25; empty for profiles without lines (MINIMUM, BASIC WL). */
  lines: SupplierBillLine[];
  /** BG-23. */
  vatBreakdown: SupplierBillVatBreakdown[];
  totals: SupplierBillTotals;
  /** Missing optional data, rounded values and arithmetic mismatches, one sentence each. */
  warnings: string[];
}

/**
 * Parses an incoming e-invoice (CII: Factur-X / ZUGFeRD 2.x all profiles, ZUGFeRD 1.0,
 * XRechnung; UBL 2.1 Invoice and CreditNote: Peppol BIS 3, XRechnung) into a draft supplier bill.
 *
 * @param xml the XML document as text (a leading byte order mark is allowed). For a Factur-X PDF,
 *   pass the embedded `factur-x.xml`.
 * @example
 * const draft = parseIncomingInvoice(xml);
 * draft.totals.dueMinor; // 52900 (529.00 EUR)
 * @throws EInvoiceParseError when the text is not well-formed XML, is not a supported invoice
 *   or credit note, lacks a field every profile requires (BT-1, BT-2, BT-5, BT-109, BT-112,
 *   BT-115, a line net amount BT-131) or holds an unreadable number or date. A missing type code
 *   (BT-3, optional in UBL 2.1) is taken from the root element with a warning.
 */
export function parseIncomingInvoice(xml: string): SupplierBillDraft {
  try {
    return parseDocument(xml);
  } catch (error) {
    if (error instanceof EInvoiceParseError) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new EInvoiceParseError('unexpected', `could not read the e-invoice: ${reason}`, null, {
      cause: error,
    });
  }
}

/**
 * Readable profile name from a BT-24 specification identifier: `Factur-X MINIMUM`,
 * `Factur-X BASIC WL`, `Factur-X BASIC`, `EN 16931`, `Factur-X EXTENDED`, `ZUGFeRD 1.0 COMFORT`,
 * `XRechnung 3.0`, `Peppol BIS Billing 3.0` …; the identifier itself when unknown, `unspecified`
 * when the document declares none.
 *
 * @example describeProfile('urn:factur-x.eu:1p0:basicwl') // 'Factur-X BASIC WL'
 */
export function describeProfile(specificationId: string | null): string {
  if (!specificationId) return 'unspecified';
  const id = specificationId.trim();
  const zugferd1 = /^urn:ferd:CrossIndustryDocument:invoice:1p0:(\w+)$/i.exec(id);
  if (zugferd1) return `ZUGFeRD 1.0 ${zugferd1[1]!.toUpperCase()}`;
  const facturX = /urn:(factur-x\.eu:1p0|zugferd\.de:2p0):(minimum|basicwl|basic|extended)$/i.exec(id);
  if (facturX) {
    const family = facturX[1]!.startsWith('factur') ? 'Factur-X' : 'ZUGFeRD 2.0';
    const level = facturX[2]!.toLowerCase() === 'basicwl' ? 'BASIC WL' : facturX[2]!.toUpperCase();
    return `${family} ${level}`;
  }
  const xrechnung = /xrechnung_(\d+\.\d+)/.exec(id);
  if (xrechnung) return `XRechnung ${xrechnung[1]}${/extension:xrechnung/.test(id) ? ' Extension' : ''}`;
  if (/urn:fdc:peppol\.eu:2017:poacc:billing:3\.0/.test(id)) return 'Peppol BIS Billing 3.0';
  if (id === 'urn:cen.eu:en16931:2017') return 'EN 16931';
  return id;
}

// ---------------------------------------------------------------------------------------------
// Document detection

const ROOTS = {
  cii: { ns: 'urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100', name: 'CrossIndustryInvoice' },
  zugferd1: { ns: 'urn:ferd:CrossIndustryDocument:invoice:1p0', name: 'CrossIndustryDocument' },
  ublInvoice: { ns: 'urn:oasis:names:specification:ubl:schema:xsd:Invoice-2', name: 'Invoice' },
  ublCreditNote: { ns: 'urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2', name: 'CreditNote' },
} as const;

/** UNTDID 1001 codes of credit notes (EN 16931 allows these for BT-3). */
const CREDIT_NOTE_TYPE_CODES = new Set([
  '81',
  '83',
  '261',
  '262',
  '296',
  '308',
  '381',
  '396',
  '420',
  '458',
  '532',
]);

const xmlParser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  textNodeName: '#text',
  removeNSPrefix: false,
  parseTagValue: false,
  parseAttributeValue: false,
  // Text is trimmed when read: trimming here would eat the spaces around CDATA sections.
  trimValues: false,
  // Decodes character references (`&#xE9;`), which the XML defaults alone leave as they are.
  htmlEntities: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
});

function parseDocument(xml: string): SupplierBillDraft {
  if (typeof xml !== 'string') {
    throw new EInvoiceParseError(
      'malformed_xml',
      `expected the XML document as a string, got ${describeType(xml)}`,
    );
  }
  const source = xml.charCodeAt(0) === 0xfeff ? xml.slice(1) : xml;
  if (source.trim() === '') throw new EInvoiceParseError('malformed_xml', 'the document is empty');
  if (source.startsWith('%PDF')) {
    throw new EInvoiceParseError(
      'unsupported_document',
      'this is a PDF, not XML: extract the embedded factur-x.xml (or zugferd-invoice.xml) and parse that',
    );
  }
  if (/<!DOCTYPE/i.test(source)) {
    throw new EInvoiceParseError(
      'unsupported_document',
      'a DOCTYPE declaration is not accepted: e-invoices (CII, UBL) never use one, and entity definitions are refused',
    );
  }
  const wellFormed = XMLValidator.validate(source);
  if (wellFormed !== true) {
    const { msg, line, col } = wellFormed.err;
    throw new EInvoiceParseError(
      'malformed_xml',
      `not well-formed XML (line ${line}${col ? `, column ${col}` : ''}): ${msg}`,
    );
  }
  const tree: unknown = xmlParser.parse(source);
  const rootKeys = isElement(tree) ? Object.keys(tree).filter((key) => key !== '#text') : [];
  const rootKey = rootKeys[0];
  if (rootKeys.length !== 1 || rootKey === undefined || !isElement(tree)) {
    throw new EInvoiceParseError('malformed_xml', 'expected exactly one root element');
  }
  const rawRoot = tree[rootKey];
  const separator = rootKey.indexOf(':');
  const prefix = separator < 0 ? '' : rootKey.slice(0, separator);
  const localRoot = separator < 0 ? rootKey : rootKey.slice(separator + 1);
  const namespace = isElement(rawRoot)
    ? stringOrNull(rawRoot[prefix ? `@_xmlns:${prefix}` : '@_xmlns'])
    : null;
  const root = stripPrefixes(rawRoot);

  const is = (known: { ns: string; name: string }) => namespace === known.ns && localRoot === known.name;
  if (is(ROOTS.cii)) return readCii(root, CII_D16B);
  if (is(ROOTS.zugferd1)) return readCii(root, CII_ZUGFERD_1);
  if (is(ROOTS.ublInvoice)) return readUbl(root, 'Invoice');
  if (is(ROOTS.ublCreditNote)) return readUbl(root, 'CreditNote');
  throw new EInvoiceParseError(
    'unsupported_document',
    `unsupported document: root element ${localRoot} in namespace ${namespace ?? '(none)'} is not a CII CrossIndustryInvoice (Factur-X, ZUGFeRD 2, XRechnung), a ZUGFeRD 1.0 CrossIndustryDocument or a UBL 2.1 Invoice or CreditNote`,
  );
}

// ---------------------------------------------------------------------------------------------
// CII (D16B and ZUGFeRD 1.0)

/** Element names that differ between CII D16B (Factur-X / ZUGFeRD 2) and ZUGFeRD 1.0. */
interface CiiNames {
  context: string;
  document: string;
  transaction: string;
  agreement: string;
  delivery: string;
  settlement: string;
  headerSummation: string;
  lineAgreement: string;
  lineDelivery: string;
  lineSettlement: string;
  lineSummation: string;
}

const CII_D16B: CiiNames = {
  context: 'ExchangedDocumentContext',
  document: 'ExchangedDocument',
  transaction: 'SupplyChainTradeTransaction',
  agreement: 'ApplicableHeaderTradeAgreement',
  delivery: 'ApplicableHeaderTradeDelivery',
  settlement: 'ApplicableHeaderTradeSettlement',
  headerSummation: 'SpecifiedTradeSettlementHeaderMonetarySummation',
  lineAgreement: 'SpecifiedLineTradeAgreement',
  lineDelivery: 'SpecifiedLineTradeDelivery',
  lineSettlement: 'SpecifiedLineTradeSettlement',
  lineSummation: 'SpecifiedTradeSettlementLineMonetarySummation',
};

const CII_ZUGFERD_1: CiiNames = {
  context: 'SpecifiedExchangedDocumentContext',
  document: 'HeaderExchangedDocument',
  transaction: 'SpecifiedSupplyChainTradeTransaction',
  agreement: 'ApplicableSupplyChainTradeAgreement',
  delivery: 'ApplicableSupplyChainTradeDelivery',
  settlement: 'ApplicableSupplyChainTradeSettlement',
  headerSummation: 'SpecifiedTradeSettlementMonetarySummation',
  lineAgreement: 'SpecifiedSupplyChainTradeAgreement',
  lineDelivery: 'SpecifiedSupplyChainTradeDelivery',
  lineSettlement: 'SpecifiedSupplyChainTradeSettlement',
  lineSummation: 'SpecifiedTradeSettlementMonetarySummation',
};

function readCii(root: unknown, names: CiiNames): SupplierBillDraft {
  const context = first(root, names.context);
  const header = first(root, names.document);
  const transaction = first(root, names.transaction);
  const agreement = first(transaction, names.agreement);
  const delivery = first(transaction, names.delivery);
  const settlement = first(transaction, names.settlement);
  const summation = first(settlement, names.headerSummation);
  const specificationId = textAt(context, 'GuidelineSpecifiedDocumentContextParameter', 'ID');

  const reader = new Reader(
    requiredText(settlement, [names.settlement, 'InvoiceCurrencyCode'], 'invoice currency (BT-5)'),
    `${names.settlement}/InvoiceCurrencyCode`,
  );
  const number = requiredText(header, [names.document, 'ID'], 'invoice number (BT-1)');
  const typeCode = reader.typeCode(textAt(header, 'TypeCode'), `${names.document}/TypeCode`, '380');
  const issueDate = reader.ciiDate(first(header, 'IssueDateTime'), `${names.document}/IssueDateTime`, true)!;

  const lines: SupplierBillLine[] = [];
  all(transaction, 'IncludedSupplyChainTradeLineItem').forEach((item, index) => {
    const path = `IncludedSupplyChainTradeLineItem[${index + 1}]`;
    const lineDocument = first(item, 'AssociatedDocumentLineDocument');
    const lineId = textAt(lineDocument, 'LineID');
    // EXTENDED: an INFORMATION line only documents; it is not part of the totals.
    if (textAt(lineDocument, 'LineStatusReasonCode')?.toUpperCase() === 'INFORMATION') {
      reader.warn(`line ${lineId ?? index + 1} is an INFORMATION line (EXTENDED) and was left out`);
      return;
    }
    const lineSettlement = first(item, names.lineSettlement);
    const tax = first(lineSettlement, 'ApplicableTradeTax');
    const price = first(item, names.lineAgreement, 'NetPriceProductTradePrice');
    const quantity = first(item, names.lineDelivery, 'BilledQuantity');
    lines.push({
      lineId,
      description: reader.lineDescription(
        textAt(item, 'SpecifiedTradeProduct', 'Name') ?? textAt(item, 'SpecifiedTradeProduct', 'Description'),
        lineId ?? String(index + 1),
      ),
      quantityMilli: reader.quantityMilli(quantity, `${path}/${names.lineDelivery}/BilledQuantity`),
      unitCode: attr(quantity, 'unitCode'),
      unitPriceMinor: reader.unitPrice(
        first(price, 'ChargeAmount'),
        first(price, 'BasisQuantity'),
        `${path}/${names.lineAgreement}/NetPriceProductTradePrice`,
      ),
      netMinor: reader.requiredAmount(
        first(lineSettlement, names.lineSummation, 'LineTotalAmount'),
        `${path}/${names.lineSettlement}/${names.lineSummation}/LineTotalAmount`,
        'line net amount (BT-131)',
      ),
      vatCategory: textAt(tax, 'CategoryCode'),
      vatRateBasisPoints: reader.rateBasisPoints(
        ciiRate(tax),
        `${path}/ApplicableTradeTax/RateApplicablePercent`,
      ),
    });
  });

  const vatBreakdown = all(settlement, 'ApplicableTradeTax')
    .filter((tax) => (textAt(tax, 'TypeCode') ?? 'VAT').toUpperCase() === 'VAT')
    .map((tax, index): SupplierBillVatBreakdown => {
      const path = `${names.settlement}/ApplicableTradeTax[${index + 1}]`;
      return {
        vatCategory: textAt(tax, 'CategoryCode') ?? reader.missingCategory(path),
        vatRateBasisPoints: reader.rateBasisPoints(ciiRate(tax), `${path}/RateApplicablePercent`),
        taxableMinor:
          reader.amount(first(tax, 'BasisAmount'), `${path}/BasisAmount`) ??
          reader.zero(`${path}/BasisAmount`),
        taxMinor:
          reader.amount(first(tax, 'CalculatedAmount'), `${path}/CalculatedAmount`) ??
          reader.zero(`${path}/CalculatedAmount`),
        exemptionReason: textAt(tax, 'ExemptionReason'),
        exemptionReasonCode: textAt(tax, 'ExemptionReasonCode'),
      };
    });

  // BT-110 is the TaxTotalAmount in the invoice currency; a second one may give BT-111.
  const sumPath = `${names.settlement}/${names.headerSummation}`;
  const taxTotals = all(summation, 'TaxTotalAmount');
  const taxTotal =
    taxTotals.find((node) => attr(node, 'currencyID') === reader.currency) ??
    taxTotals.find((node) => attr(node, 'currencyID') === null);
  if (taxTotals.length > 0 && !taxTotal) {
    reader.warn(`${sumPath}/TaxTotalAmount: none is in the invoice currency ${reader.currency}`);
  }

  const terms = all(settlement, 'SpecifiedTradePaymentTerms');
  const preceding = all(settlement, 'InvoiceReferencedDocument')
    .map((reference, index) => ({
      number: textAt(reference, 'IssuerAssignedID'),
      issueDate: reader.ciiDate(
        first(reference, 'FormattedIssueDateTime') ?? first(reference, 'IssueDateTime'),
        `${names.settlement}/InvoiceReferencedDocument[${index + 1}]/FormattedIssueDateTime`,
        false,
      ),
    }))
    .filter(
      (reference): reference is { number: string; issueDate: string | null } => reference.number !== null,
    );

  return finish(reader, {
    syntax: 'CII',
    specificationId,
    businessProcessId: textAt(context, 'BusinessProcessSpecifiedDocumentContextParameter', 'ID'),
    profile: describeProfile(specificationId),
    number,
    typeCode,
    kind: CREDIT_NOTE_TYPE_CODES.has(typeCode) ? 'credit_note' : 'invoice',
    issueDate,
    dueDate:
      terms
        .map((term, index) =>
          reader.ciiDate(
            first(term, 'DueDateDateTime'),
            `${names.settlement}/SpecifiedTradePaymentTerms[${index + 1}]/DueDateDateTime`,
            false,
          ),
        )
        .find((date) => date !== null) ?? null,
    deliveryDate: reader.ciiDate(
      first(delivery, 'ActualDeliverySupplyChainEvent', 'OccurrenceDateTime'),
      `${names.delivery}/ActualDeliverySupplyChainEvent/OccurrenceDateTime`,
      false,
    ),
    currency: reader.currency,
    supplier: ciiParty(first(agreement, 'SellerTradeParty')),
    buyer: ciiParty(first(agreement, 'BuyerTradeParty')),
    buyerReference: textAt(agreement, 'BuyerReference'),
    purchaseOrderReference: textAt(agreement, 'BuyerOrderReferencedDocument', 'IssuerAssignedID'),
    precedingInvoice: reader.firstPreceding(preceding),
    paymentTerms: joinLines(terms.map((term) => textAt(term, 'Description'))),
    paymentReference: textAt(settlement, 'PaymentReference'),
    paymentMeans: all(settlement, 'SpecifiedTradeSettlementPaymentMeans').map((means) => {
      const account = first(means, 'PayeePartyCreditorFinancialAccount');
      return {
        meansCode: textAt(means, 'TypeCode'),
        accountId: compactId(textAt(account, 'IBANID') ?? textAt(account, 'ProprietaryID')),
        accountName: textAt(account, 'AccountName'),
        bic: compactId(textAt(means, 'PayeeSpecifiedCreditorFinancialInstitution', 'BICID')),
      };
    }),
    notes: all(header, 'IncludedNote').flatMap((note) =>
      all(note, 'Content')
        .map(text)
        .filter((content): content is string => content !== null),
    ),
    lines,
    vatBreakdown,
    totals: reader.totals(
      {
        lineTotal: first(summation, 'LineTotalAmount'),
        allowanceTotal: first(summation, 'AllowanceTotalAmount'),
        chargeTotal: first(summation, 'ChargeTotalAmount'),
        net: first(summation, 'TaxBasisTotalAmount'),
        tax: taxTotal,
        gross: first(summation, 'GrandTotalAmount'),
        paid: first(summation, 'TotalPrepaidAmount'),
        rounding: first(summation, 'RoundingAmount'),
        due: first(summation, 'DuePayableAmount'),
      },
      {
        lineTotal: 'LineTotalAmount',
        allowanceTotal: 'AllowanceTotalAmount',
        chargeTotal: 'ChargeTotalAmount',
        net: 'TaxBasisTotalAmount',
        tax: 'TaxTotalAmount',
        gross: 'GrandTotalAmount',
        paid: 'TotalPrepaidAmount',
        rounding: 'RoundingAmount',
        due: 'DuePayableAmount',
      },
      sumPath,
      vatBreakdown,
    ),
  });
}

/** The rate of a CII trade tax: `RateApplicablePercent` (D16B) or `ApplicablePercent` (ZUGFeRD 1.0). */
function ciiRate(tax: unknown): unknown {
  return first(tax, 'RateApplicablePercent') ?? first(tax, 'ApplicablePercent');
}

function ciiParty(party: unknown): SupplierBillParty {
  const registrations = all(party, 'SpecifiedTaxRegistration').map((registration) =>
    first(registration, 'ID'),
  );
  const registration = (scheme: string) =>
    text(registrations.find((id) => attr(id, 'schemeID')?.toUpperCase() === scheme));
  const legal = first(party, 'SpecifiedLegalOrganization', 'ID');
  const address = first(party, 'PostalTradeAddress');
  return {
    name: textAt(party, 'Name'),
    tradingName: textAt(party, 'SpecifiedLegalOrganization', 'TradingBusinessName'),
    vatId: registration('VA'),
    taxRegistrationId: registration('FC'),
    legalId: schemedId(legal),
    identifiers: [...all(party, 'ID'), ...all(party, 'GlobalID')]
      .map(schemedId)
      .filter((id): id is SchemedId => id !== null),
    electronicAddress: schemedId(first(party, 'URIUniversalCommunication', 'URIID')),
    address:
      address === undefined
        ? null
        : {
            lines: ['LineOne', 'LineTwo', 'LineThree']
              .map((name) => textAt(address, name))
              .filter((line): line is string => line !== null),
            postalCode: textAt(address, 'PostcodeCode'),
            city: textAt(address, 'CityName'),
            subdivision: textAt(address, 'CountrySubDivisionName'),
            countryCode: textAt(address, 'CountryID'),
          },
  };
}

// ---------------------------------------------------------------------------------------------
// UBL 2.1

function readUbl(root: unknown, rootName: 'Invoice' | 'CreditNote'): SupplierBillDraft {
  const credit = rootName === 'CreditNote';
  const reader = new Reader(
    requiredText(root, [rootName, 'DocumentCurrencyCode'], 'document currency (BT-5)'),
    `${rootName}/DocumentCurrencyCode`,
  );
  const specificationId = textAt(root, 'CustomizationID');
  const number = requiredText(root, [rootName, 'ID'], 'invoice number (BT-1)');
  const typeCodeName = credit ? 'CreditNoteTypeCode' : 'InvoiceTypeCode';
  const typeCode = reader.typeCode(
    textAt(root, typeCodeName),
    `${rootName}/${typeCodeName}`,
    credit ? '381' : '380',
  );
  const issueDate = reader.ublDate(first(root, 'IssueDate'), `${rootName}/IssueDate`, true)!;

  const lineName = credit ? 'CreditNoteLine' : 'InvoiceLine';
  const quantityName = credit ? 'CreditedQuantity' : 'InvoicedQuantity';
  const lines = all(root, lineName).map((line, index): SupplierBillLine => {
    const path = `${lineName}[${index + 1}]`;
    const lineId = textAt(line, 'ID');
    const item = first(line, 'Item');
    const tax = first(item, 'ClassifiedTaxCategory');
    const quantity = first(line, quantityName);
    return {
      lineId,
      description: reader.lineDescription(
        textAt(item, 'Name') ?? textAt(item, 'Description'),
        lineId ?? String(index + 1),
      ),
      quantityMilli: reader.quantityMilli(quantity, `${path}/${quantityName}`),
      unitCode: attr(quantity, 'unitCode'),
      unitPriceMinor: reader.unitPrice(
        first(line, 'Price', 'PriceAmount'),
        first(line, 'Price', 'BaseQuantity'),
        `${path}/Price`,
      ),
      netMinor: reader.requiredAmount(
        first(line, 'LineExtensionAmount'),
        `${path}/LineExtensionAmount`,
        'line net amount (BT-131)',
      ),
      vatCategory: textAt(tax, 'ID'),
      vatRateBasisPoints: reader.rateBasisPoints(
        first(tax, 'Percent'),
        `${path}/Item/ClassifiedTaxCategory/Percent`,
      ),
    };
  });

  // BT-110 is the TaxTotal in the document currency (the one with subtotals); a second TaxTotal
  // in the VAT accounting currency gives BT-111.
  const taxTotals = all(root, 'TaxTotal');
  const inCurrency = (total: unknown) => attr(first(total, 'TaxAmount'), 'currencyID') === reader.currency;
  const withSubtotals = (total: unknown) => all(total, 'TaxSubtotal').length > 0;
  const taxTotal =
    taxTotals.find((total) => inCurrency(total) && withSubtotals(total)) ??
    taxTotals.find(inCurrency) ??
    taxTotals.find(withSubtotals);
  const vatBreakdown = all(taxTotal, 'TaxSubtotal').map((subtotal, index): SupplierBillVatBreakdown => {
    const path = `TaxTotal/TaxSubtotal[${index + 1}]`;
    const category = first(subtotal, 'TaxCategory');
    return {
      vatCategory: textAt(category, 'ID') ?? reader.missingCategory(path),
      vatRateBasisPoints: reader.rateBasisPoints(first(category, 'Percent'), `${path}/TaxCategory/Percent`),
      taxableMinor:
        reader.amount(first(subtotal, 'TaxableAmount'), `${path}/TaxableAmount`) ??
        reader.zero(`${path}/TaxableAmount`),
      taxMinor:
        reader.amount(first(subtotal, 'TaxAmount'), `${path}/TaxAmount`) ?? reader.zero(`${path}/TaxAmount`),
      exemptionReason: textAt(category, 'TaxExemptionReason'),
      exemptionReasonCode: textAt(category, 'TaxExemptionReasonCode'),
    };
  });

  const paymentMeans = all(root, 'PaymentMeans');
  const preceding = all(root, 'BillingReference')
    .map((reference) => first(reference, 'InvoiceDocumentReference'))
    .filter((reference) => reference !== undefined)
    .map((reference, index) => ({
      number: textAt(reference, 'ID'),
      issueDate: reader.ublDate(
        first(reference, 'IssueDate'),
        `BillingReference[${index + 1}]/InvoiceDocumentReference/IssueDate`,
        false,
      ),
    }))
    .filter(
      (reference): reference is { number: string; issueDate: string | null } => reference.number !== null,
    );
  const dueDate =
    reader.ublDate(first(root, 'DueDate'), `${rootName}/DueDate`, false) ??
    paymentMeans
      .map((means, index) =>
        reader.ublDate(first(means, 'PaymentDueDate'), `PaymentMeans[${index + 1}]/PaymentDueDate`, false),
      )
      .find((date) => date !== null) ??
    null;
  const monetary = first(root, 'LegalMonetaryTotal');

  return finish(reader, {
    syntax: 'UBL',
    specificationId,
    businessProcessId: textAt(root, 'ProfileID'),
    profile: describeProfile(specificationId),
    number,
    typeCode,
    kind: credit || CREDIT_NOTE_TYPE_CODES.has(typeCode) ? 'credit_note' : 'invoice',
    issueDate,
    dueDate,
    deliveryDate: reader.ublDate(
      first(root, 'Delivery', 'ActualDeliveryDate'),
      'Delivery/ActualDeliveryDate',
      false,
    ),
    currency: reader.currency,
    supplier: ublParty(first(root, 'AccountingSupplierParty', 'Party')),
    buyer: ublParty(first(root, 'AccountingCustomerParty', 'Party')),
    buyerReference: textAt(root, 'BuyerReference'),
    purchaseOrderReference: textAt(root, 'OrderReference', 'ID'),
    precedingInvoice: reader.firstPreceding(preceding),
    paymentTerms: joinLines(all(root, 'PaymentTerms').flatMap((terms) => all(terms, 'Note').map(text))),
    paymentReference:
      paymentMeans.map((means) => textAt(means, 'PaymentID')).find((id) => id !== null) ?? null,
    paymentMeans: paymentMeans.map((means) => {
      const account = first(means, 'PayeeFinancialAccount');
      return {
        meansCode: textAt(means, 'PaymentMeansCode'),
        accountId: compactId(textAt(account, 'ID')),
        accountName: textAt(account, 'Name'),
        bic: compactId(textAt(account, 'FinancialInstitutionBranch', 'ID')),
      };
    }),
    notes: all(root, 'Note')
      .map(text)
      .filter((note): note is string => note !== null),
    lines,
    vatBreakdown,
    totals: reader.totals(
      {
        lineTotal: first(monetary, 'LineExtensionAmount'),
        allowanceTotal: first(monetary, 'AllowanceTotalAmount'),
        chargeTotal: first(monetary, 'ChargeTotalAmount'),
        net: first(monetary, 'TaxExclusiveAmount'),
        tax: first(taxTotal, 'TaxAmount'),
        gross: first(monetary, 'TaxInclusiveAmount'),
        paid: first(monetary, 'PrepaidAmount'),
        rounding: first(monetary, 'PayableRoundingAmount'),
        due: first(monetary, 'PayableAmount'),
      },
      {
        lineTotal: 'LineExtensionAmount',
        allowanceTotal: 'AllowanceTotalAmount',
        chargeTotal: 'ChargeTotalAmount',
        net: 'TaxExclusiveAmount',
        tax: 'TaxTotal/TaxAmount',
        gross: 'TaxInclusiveAmount',
        paid: 'PrepaidAmount',
        rounding: 'PayableRoundingAmount',
        due: 'PayableAmount',
      },
      'LegalMonetaryTotal',
      vatBreakdown,
    ),
  });
}

function ublParty(party: unknown): SupplierBillParty {
  const schemes = all(party, 'PartyTaxScheme');
  const byScheme = (wanted: (scheme: string) => boolean) =>
    textAt(
      schemes.find((scheme) => wanted((textAt(scheme, 'TaxScheme', 'ID') ?? '').toUpperCase())),
      'CompanyID',
    );
  const legalEntity = first(party, 'PartyLegalEntity');
  const registrationName = textAt(legalEntity, 'RegistrationName');
  const partyName = textAt(party, 'PartyName', 'Name');
  const address = first(party, 'PostalAddress');
  return {
    name: registrationName ?? partyName,
    tradingName: registrationName && partyName && partyName !== registrationName ? partyName : null,
    vatId: byScheme((scheme) => scheme === 'VAT'),
    taxRegistrationId: byScheme((scheme) => scheme !== 'VAT'),
    legalId: schemedId(first(legalEntity, 'CompanyID')),
    identifiers: all(party, 'PartyIdentification')
      .map((identification) => schemedId(first(identification, 'ID')))
      .filter((id): id is SchemedId => id !== null),
    electronicAddress: schemedId(first(party, 'EndpointID')),
    address:
      address === undefined
        ? null
        : {
            lines: [
              textAt(address, 'StreetName'),
              textAt(address, 'AdditionalStreetName'),
              ...all(address, 'AddressLine').map((line) => textAt(line, 'Line')),
            ].filter((line): line is string => line !== null),
            postalCode: textAt(address, 'PostalZone'),
            city: textAt(address, 'CityName'),
            subdivision: textAt(address, 'CountrySubentity'),
            countryCode: textAt(address, 'Country', 'IdentificationCode'),
          },
  };
}

// ---------------------------------------------------------------------------------------------
// Values, warnings, totals

type TotalKey =
  | 'lineTotal'
  | 'allowanceTotal'
  | 'chargeTotal'
  | 'net'
  | 'tax'
  | 'gross'
  | 'paid'
  | 'rounding'
  | 'due';

/** Converts values in the document's currency and collects the warnings of one parse. */
class Reader {
  readonly warnings: string[] = [];
  readonly currency: string;
  readonly decimals: number;

  constructor(currency: string, path: string) {
    if (!/^[A-Z]{3}$/.test(currency)) {
      throw new EInvoiceParseError(
        'invalid_value',
        `${path}: '${currency}' is not an ISO 4217 currency code`,
        path,
      );
    }
    this.currency = currency;
    this.decimals = currencyMinorUnits(currency);
  }

  warn(message: string): void {
    this.warnings.push(message);
  }

  /** BT-3, or the code the root element implies (UBL 2.1 makes the type code optional). */
  typeCode(value: string | null, path: string, implied: string): string {
    if (value !== null) return value;
    this.warn(`${path}: invoice type code (BT-3) is missing; ${implied} assumed from the root element`);
    return implied;
  }

  /** An amount in minor units; null when the element is absent or empty. */
  amount(node: unknown, path: string): number | null {
    const raw = text(node);
    if (raw === null) return null;
    const decimal = readDecimal(raw);
    if (!decimal)
      throw new EInvoiceParseError('invalid_value', `${path}: '${raw}' is not a decimal amount`, path);
    const scaled = toScaled(decimal, this.decimals);
    if (!scaled.exact) {
      this.warn(
        `${path}: ${raw} has more decimals than ${this.currency} (${this.decimals}); rounded half away from zero to ${formatScaled(scaled.value, this.decimals)}`,
      );
    }
    const currencyId = attr(node, 'currencyID');
    if (currencyId && currencyId !== this.currency) {
      this.warn(`${path}: amount in ${currencyId}, not in the invoice currency ${this.currency}`);
    }
    return safeInteger(scaled.value, path);
  }

  requiredAmount(node: unknown, path: string, label: string): number {
    const value = this.amount(node, path);
    if (value === null) throw new EInvoiceParseError('missing_field', `${label} is missing at ${path}`, path);
    return value;
  }

  /** 0 for an absent amount that the document should carry, with a warning. */
  zero(path: string): number {
    this.warn(`${path} is missing; taken as 0`);
    return 0;
  }

  missingCategory(path: string): string {
    this.warn(`${path}: VAT category code is missing`);
    return '';
  }

  quantityMilli(node: unknown, path: string): number | null {
    const raw = text(node);
    if (raw === null) {
      this.warn(`${path}: invoiced quantity (BT-129) is missing`);
      return null;
    }
    return this.scaled(raw, 3, path, 'quantity', 'thousandths');
  }

  rateBasisPoints(node: unknown, path: string): number | null {
    const raw = text(node);
    return raw === null ? null : this.scaled(raw, 2, path, 'VAT rate', 'basis points');
  }

  /** Net price of one unit: BT-146 price ÷ BT-149 base quantity, in minor units. */
  unitPrice(priceNode: unknown, baseQuantityNode: unknown, path: string): number | null {
    const raw = text(priceNode);
    if (raw === null) return null;
    const price = readDecimal(raw);
    if (!price)
      throw new EInvoiceParseError('invalid_value', `${path}: '${raw}' is not a decimal price`, path);
    const baseRaw = text(baseQuantityNode);
    let base: ExactDecimal | null = baseRaw === null ? null : readDecimal(baseRaw);
    if (baseRaw !== null && (!base || base.mantissa === 0n)) {
      this.warn(`${path}: base quantity '${baseRaw}' is unusable; price taken per one unit`);
      base = null;
    }
    const scaled = base ? toScaled(price, this.decimals, base) : toScaled(price, this.decimals);
    if (!scaled.exact) {
      this.warn(
        `${path}: unit price ${raw}${base ? ` per ${baseRaw}` : ''} is finer than ${this.currency} minor units; rounded half away from zero to ${formatScaled(scaled.value, this.decimals)}`,
      );
    }
    return safeInteger(scaled.value, path);
  }

  lineDescription(name: string | null, lineId: string): string {
    if (name !== null) return name;
    this.warn(`line ${lineId}: item name (BT-153) is missing`);
    return '';
  }

  /** A CII date (`udt:DateTimeString format="102"`); null when absent or, if optional, unreadable. */
  ciiDate(node: unknown, path: string, required: boolean): string | null {
    const value = first(node, 'DateTimeString');
    const raw = text(value) ?? text(node);
    if (raw === null) {
      if (required) throw new EInvoiceParseError('missing_field', `${path} is missing`, path);
      return null;
    }
    const format = attr(value, 'format');
    if (format !== null && format !== '102') {
      return this.badDate(
        path,
        `'${raw}' has date format ${format}; only format 102 (YYYYMMDD) is read`,
        required,
      );
    }
    return fromFormat102(raw) ?? this.badDate(path, `'${raw}' is not a format 102 date YYYYMMDD`, required);
  }

  /** A UBL `xs:date` (`YYYY-MM-DD`, a time zone suffix is ignored). */
  ublDate(node: unknown, path: string, required: boolean): string | null {
    const raw = text(node);
    if (raw === null) {
      if (required) throw new EInvoiceParseError('missing_field', `${path} is missing`, path);
      return null;
    }
    const date = /^(\d{4}-\d{2}-\d{2})(Z|[+-]\d{2}:\d{2})?$/.exec(raw)?.[1];
    return date && isCalendarDate(date)
      ? date
      : this.badDate(path, `'${raw}' is not a date YYYY-MM-DD`, required);
  }

  firstPreceding(
    references: { number: string; issueDate: string | null }[],
  ): { number: string; issueDate: string | null } | null {
    if (references.length > 1) {
      this.warn(
        `${references.length} preceding invoices (BG-3); only ${references[0]!.number} is kept, also referenced: ${references
          .slice(1)
          .map((reference) => reference.number)
          .join(', ')}`,
      );
    }
    return references[0] ?? null;
  }

  /**
   * BG-22 totals with the EN 16931 arithmetic checked: BR-CO-13 (BT-109 = BT-106 − BT-107 +
   * BT-108), BR-CO-14 (BT-110 = Σ BT-117), BR-CO-15 (BT-112 = BT-109 + BT-110), BR-CO-16
   * (BT-115 = BT-112 − BT-113 + BT-114). Mismatches become warnings.
   */
  totals(
    nodes: Record<TotalKey, unknown>,
    names: Record<TotalKey, string>,
    base: string,
    vatBreakdown: SupplierBillVatBreakdown[],
  ): SupplierBillTotals {
    const read = (key: TotalKey) => this.amount(nodes[key], `${base}/${names[key]}`);
    const required = (key: TotalKey, label: string) =>
      this.requiredAmount(nodes[key], `${base}/${names[key]}`, label);
    const lineTotalMinor = read('lineTotal');
    const allowanceTotalMinor = read('allowanceTotal') ?? 0;
    const chargeTotalMinor = read('chargeTotal') ?? 0;
    const netMinor = required('net', 'total without VAT (BT-109)');
    const grossMinor = required('gross', 'total with VAT (BT-112)');
    const dueMinor = required('due', 'amount due for payment (BT-115)');
    const roundingMinor = read('rounding') ?? 0;
    const breakdownTax = vatBreakdown.reduce((sum, row) => sum + row.taxMinor, 0);
    let taxMinor = read('tax');
    if (taxMinor === null) {
      taxMinor = breakdownTax;
      this.warn(
        `total VAT (BT-110) is missing; taken as the sum of the VAT breakdown, ${formatScaled(taxMinor, this.decimals)}`,
      );
    } else if (vatBreakdown.length > 0 && taxMinor !== breakdownTax) {
      this.mismatch('BR-CO-14', 'total VAT', taxMinor, 'the sum of the VAT breakdown', breakdownTax);
    }
    if (lineTotalMinor !== null) {
      const expected = lineTotalMinor - allowanceTotalMinor + chargeTotalMinor;
      if (netMinor !== expected)
        this.mismatch(
          'BR-CO-13',
          'total without VAT',
          netMinor,
          'line total − allowances + charges',
          expected,
        );
    }
    // Some documents fold the rounding amount into BT-112 instead of BT-115: accept it, say so.
    let roundingInGross = false;
    if (grossMinor !== netMinor + taxMinor) {
      roundingInGross = roundingMinor !== 0 && grossMinor === netMinor + taxMinor + roundingMinor;
      if (roundingInGross) {
        this.warn(
          `BR-CO-15: total with VAT ${formatScaled(grossMinor, this.decimals)} includes the rounding amount ${formatScaled(roundingMinor, this.decimals)}; EN 16931 applies it to the amount due only`,
        );
      } else {
        this.mismatch(
          'BR-CO-15',
          'total with VAT',
          grossMinor,
          'total without VAT + VAT',
          netMinor + taxMinor,
        );
      }
    }
    const roundingForDue = roundingInGross ? 0 : roundingMinor;
    let paidMinor = read('paid');
    if (paidMinor === null) {
      paidMinor = 0;
      if (dueMinor !== grossMinor + roundingForDue) {
        paidMinor = grossMinor + roundingForDue - dueMinor;
        this.warn(
          `paid amount (BT-113) is missing but the amount due differs from the total; paid amount inferred as ${formatScaled(paidMinor, this.decimals)}`,
        );
      }
    } else if (dueMinor !== grossMinor - paidMinor + roundingForDue) {
      this.mismatch(
        'BR-CO-16',
        'amount due',
        dueMinor,
        'total with VAT − paid + rounding',
        grossMinor - paidMinor + roundingForDue,
      );
    }
    return {
      lineTotalMinor,
      allowanceTotalMinor,
      chargeTotalMinor,
      netMinor,
      taxMinor,
      grossMinor,
      paidMinor,
      roundingMinor,
      dueMinor,
    };
  }

  mismatch(rule: string, label: string, actual: number, expectedLabel: string, expected: number): void {
    this.warn(
      `${rule}: ${label} ${formatScaled(actual, this.decimals)} ≠ ${expectedLabel} ${formatScaled(expected, this.decimals)}`,
    );
  }

  private scaled(raw: string, scale: number, path: string, label: string, unit: string): number {
    const decimal = readDecimal(raw);
    if (!decimal)
      throw new EInvoiceParseError('invalid_value', `${path}: '${raw}' is not a decimal ${label}`, path);
    const scaled = toScaled(decimal, scale);
    if (!scaled.exact) {
      this.warn(`${path}: ${label} ${raw} rounded half away from zero to ${scaled.value} ${unit}`);
    }
    return safeInteger(scaled.value, path);
  }

  private badDate(path: string, reason: string, required: boolean): null {
    if (required) throw new EInvoiceParseError('invalid_value', `${path}: ${reason}`, path);
    this.warn(`${path}: ${reason}; ignored`);
    return null;
  }
}

/** Adds the warnings about missing optional data and the line sum check (BR-CO-10), then returns. */
function finish(reader: Reader, draft: Omit<SupplierBillDraft, 'warnings'>): SupplierBillDraft {
  const { supplier, totals, lines } = draft;
  if (!supplier.name) reader.warn('seller name (BT-27) is missing');
  if (!supplier.vatId && !supplier.legalId && supplier.identifiers.length === 0) {
    reader.warn('the seller has no VAT identifier (BT-31), legal registration (BT-30) or identifier (BT-29)');
  } else if (!supplier.vatId) {
    reader.warn('seller VAT identifier (BT-31) is missing');
  }
  if (!supplier.address) reader.warn('seller postal address (BG-5) is missing');
  if (!draft.dueDate && !draft.paymentTerms && totals.dueMinor > 0) {
    reader.warn('neither a due date (BT-9) nor payment terms (BT-20) are given (BR-CO-25)');
  }
  if (draft.vatBreakdown.length === 0) reader.warn('no VAT breakdown (BG-23)');
  if (lines.length === 0) {
    reader.warn(
      `no invoice lines (BG-25)${/MINIMUM|BASIC WL/.test(draft.profile) ? `: the ${draft.profile} profile carries none` : ''}`,
    );
  } else if (totals.lineTotalMinor === null) {
    reader.warn('sum of line net amounts (BT-106) is missing');
  } else {
    const sum = lines.reduce((total, line) => total + line.netMinor, 0);
    if (sum !== totals.lineTotalMinor) {
      reader.mismatch(
        'BR-CO-10',
        'sum of line net amounts (BT-106)',
        totals.lineTotalMinor,
        'the lines',
        sum,
      );
    }
  }
  return { ...draft, warnings: reader.warnings };
}

// ---------------------------------------------------------------------------------------------
// Tree helpers over the parser output, namespace prefixes removed

type XmlElement = Record<string, unknown>;

function isElement(value: unknown): value is XmlElement {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Copies the parsed tree with every element and attribute name reduced to its local name
 * (`ram:ID` → `ID`, whatever the prefix) and the `xmlns` declarations dropped. Objects have no
 * prototype, so an element named `__proto__` or `constructor` is only data.
 */
function stripPrefixes(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stripPrefixes);
  if (!isElement(value)) return value;
  const copy: XmlElement = Object.create(null);
  for (const [key, child] of Object.entries(value)) {
    if (key === '@_xmlns' || key.startsWith('@_xmlns:')) continue;
    const name = key.startsWith('@_')
      ? `@_${localName(key.slice(2))}`
      : key === '#text'
        ? key
        : localName(key);
    const stripped = stripPrefixes(child);
    const existing = copy[name];
    copy[name] =
      existing === undefined
        ? stripped
        : [
            ...(Array.isArray(existing) ? existing : [existing]),
            ...(Array.isArray(stripped) ? stripped : [stripped]),
          ];
  }
  return copy;
}

function localName(qualifiedName: string): string {
  return qualifiedName.slice(qualifiedName.indexOf(':') + 1);
}

/** Every child element called `name` (an empty list when `node` is not an element). */
function all(node: unknown, name: string): unknown[] {
  if (!isElement(node)) return [];
  const value = node[name];
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

/** The first element along a path of child names. */
function first(node: unknown, ...path: string[]): unknown {
  let current = node;
  for (const name of path) {
    current = all(current, name)[0];
    if (current === undefined) return undefined;
  }
  return current;
}

/** Text content of an element, trimmed; null when absent or empty. */
function text(node: unknown): string | null {
  const raw = typeof node === 'string' ? node : isElement(node) ? node['#text'] : undefined;
  const trimmed = typeof raw === 'string' ? raw.trim() : '';
  return trimmed === '' ? null : trimmed;
}

function textAt(node: unknown, ...path: string[]): string | null {
  return text(first(node, ...path));
}

function attr(node: unknown, name: string): string | null {
  return isElement(node) ? stringOrNull(node[`@_${name}`]) : null;
}

function stringOrNull(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
}

function schemedId(node: unknown): SchemedId | null {
  const id = text(node);
  return id === null ? null : { id, scheme: attr(node, 'schemeID') };
}

function requiredText(node: unknown, path: string[], label: string): string {
  const value = textAt(node, ...path.slice(1));
  if (value === null) {
    throw new EInvoiceParseError('missing_field', `${label} is missing at ${path.join('/')}`, path.join('/'));
  }
  return value;
}

function joinLines(values: (string | null)[]): string | null {
  const present = values.filter((value): value is string => value !== null);
  return present.length > 0 ? present.join('\n') : null;
}

function compactId(value: string | null): string | null {
  return value === null ? null : value.replace(/\s+/g, '');
}

function safeInteger(value: bigint, path: string): number {
  if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw new EInvoiceParseError('invalid_value', `${path}: value out of the supported range`, path);
  }
  return Number(value);
}

function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (value instanceof Uint8Array) return 'bytes (decode them to a string first)';
  return typeof value;
}
