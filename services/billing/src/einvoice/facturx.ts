/**
 * @module facturx
 * Writes a {@link BillingDocument} as the UN/CEFACT Cross Industry Invoice (CII D16B) XML of the
 * Factur-X 1.0 / ZUGFeRD 2 **EN 16931** profile (BT-24 `urn:cen.eu:en16931:2017`), the XML that
 * is embedded in the Factur-X PDF/A-3 or sent alone.
 *
 * Every element is written in the order of the Factur-X 1.09 EN 16931 XSD sequences; amounts
 * come from the document as they are (the writer never recomputes a total, see `totals.ts`) and
 * are formatted from minor units with the currency's ISO 4217 decimals; quantities carry four
 * decimals, rates two, dates use format 102 (`YYYYMMDD`).
 *
 * Mapping choices, where EN 16931 leaves room:
 * - seller SIRET → BT-29 `GlobalID` scheme 0009, SIREN → BT-30 scheme 0002, legal form and RCS
 *   registration → BT-33 (`Description`), e-mail → BT-34 / BT-49 (scheme EM);
 * - legal mentions → BT-22 notes, with UNTDID 4451 subject codes where the mention is one the
 *   French Code de commerce requires: PMD late-payment penalties (L441-10), PMT fixed recovery
 *   fee (D441-5), AAB early-payment discount; the free note gets AAI (general information);
 * - IBAN / BIC → BG-16 payment means 58 (SEPA credit transfer) with the document number as
 *   remittance information (BT-83), on invoices only: a credit note's amount is owed by the
 *   seller, so the seller's account is no payment instruction for it;
 * - a line with a negative unit price (a discount line) is written with a positive price and a
 *   negative quantity, because BR-27 forbids a negative item net price; its net is unchanged.
 */
import { create } from 'xmlbuilder2';
import type {
  BillingDocument,
  DocumentLine,
  Party,
  PostalAddress,
  Seller,
  VatBreakdown,
  VatCategory,
} from '../domain/document.js';
import { toFormat102 } from './calendar.js';
import { currencyMinorUnits, formatScaled } from './decimal.js';

/** BT-24 specification identifier of the Factur-X / ZUGFeRD EN 16931 (COMFORT) profile. */
export const FACTURX_EN16931_GUIDELINE_ID = 'urn:cen.eu:en16931:2017';

const NS = {
  rsm: 'urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100',
  qdt: 'urn:un:unece:uncefact:data:standard:QualifiedDataType:100',
  ram: 'urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100',
  udt: 'urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100',
} as const;

/** UNTDID 1001 document type codes (BT-3) of the kinds Factur-X carries. */
const TYPE_CODES: Partial<Record<BillingDocument['kind'], string>> = {
  invoice: '380',
  credit_note: '381',
};

/** VATEX code written when an exempt category carries neither reason nor code (BR-AE-10 …). */
const DEFAULT_EXEMPTION_CODES: Partial<Record<VatCategory, string>> = {
  AE: 'VATEX-EU-AE',
  K: 'VATEX-EU-IC',
  G: 'VATEX-EU-G',
  O: 'VATEX-EU-O',
};

type Builder = ReturnType<typeof create>;

/**
 * Builds the Factur-X EN 16931 CII XML (UTF-8, with XML declaration) of an invoice (type code
 * 380) or a credit note (381). Credit note amounts stay positive: the type code says credit.
 *
 * @example
 * const xml = buildFacturXml(invoice); // '<?xml version="1.0" encoding="UTF-8"?><rsm:CrossIndustryInvoice …'
 * @throws Error when the document is a quote or a payment reminder (not invoices in the sense
 *   of EN 16931) or has no line (BR-16).
 * @throws RangeError when a date is not an existing `YYYY-MM-DD` day, the currency is not an
 *   ISO 4217 code or an amount is not a safe integer.
 */
export function buildFacturXml(doc: BillingDocument): string {
  const typeCode = TYPE_CODES[doc.kind];
  if (!typeCode) {
    throw new Error(
      `Factur-X carries invoices and credit notes only: document ${doc.number} is a ${doc.kind}, which has no EN 16931 type code`,
    );
  }
  if (doc.lines.length === 0) {
    throw new Error(`document ${doc.number} has no line; EN 16931 requires at least one (BR-16)`);
  }
  const decimals = currencyMinorUnits(doc.currency);
  const amount = (minor: number) => formatScaled(minor, decimals);

  const root = create({ version: '1.0', encoding: 'UTF-8', invalidCharReplacement: '' }).ele(
    NS.rsm,
    'rsm:CrossIndustryInvoice',
    { 'xmlns:qdt': NS.qdt, 'xmlns:ram': NS.ram, 'xmlns:udt': NS.udt },
  );

  root
    .ele('rsm:ExchangedDocumentContext')
    .ele('ram:GuidelineSpecifiedDocumentContextParameter')
    .ele('ram:ID')
    .txt(FACTURX_EN16931_GUIDELINE_ID);

  const header = root.ele('rsm:ExchangedDocument');
  text(header, 'ram:ID', doc.number);
  text(header, 'ram:TypeCode', typeCode);
  date(header.ele('ram:IssueDateTime'), 'udt:DateTimeString', doc.issueDate);
  if (doc.note) note(header, doc.note, 'AAI');
  for (const mention of doc.legalMentions) note(header, mention, legalMentionSubjectCode(mention));

  const transaction = root.ele('rsm:SupplyChainTradeTransaction');
  for (const line of doc.lines) writeLine(transaction, line, amount);

  // BG-4 / BG-7 and the order references (BT-10, BT-13).
  const agreement = transaction.ele('ram:ApplicableHeaderTradeAgreement');
  if (doc.buyerReference) text(agreement, 'ram:BuyerReference', doc.buyerReference);
  writeParty(agreement.ele('ram:SellerTradeParty'), doc.seller, sellerLegalInformation(doc.seller));
  writeParty(agreement.ele('ram:BuyerTradeParty'), doc.buyer, null);
  if (doc.purchaseOrderReference) {
    text(
      agreement.ele('ram:BuyerOrderReferencedDocument'),
      'ram:IssuerAssignedID',
      doc.purchaseOrderReference,
    );
  }

  // BG-13: the delivery element is mandatory even when empty.
  const delivery = transaction.ele('ram:ApplicableHeaderTradeDelivery');
  if (doc.deliveryDate) {
    date(
      delivery.ele('ram:ActualDeliverySupplyChainEvent').ele('ram:OccurrenceDateTime'),
      'udt:DateTimeString',
      doc.deliveryDate,
    );
  }

  const settlement = transaction.ele('ram:ApplicableHeaderTradeSettlement');
  const iban = doc.kind === 'invoice' ? normalizeAccountId(doc.seller.iban) : null;
  if (iban) text(settlement, 'ram:PaymentReference', doc.number);
  text(settlement, 'ram:InvoiceCurrencyCode', doc.currency);
  if (iban) {
    const means = settlement.ele('ram:SpecifiedTradeSettlementPaymentMeans');
    text(means, 'ram:TypeCode', '58');
    text(means.ele('ram:PayeePartyCreditorFinancialAccount'), 'ram:IBANID', iban);
    const bic = normalizeAccountId(doc.seller.bic);
    if (bic) text(means.ele('ram:PayeeSpecifiedCreditorFinancialInstitution'), 'ram:BICID', bic);
  }
  for (const group of doc.vatBreakdown) writeVatBreakdown(settlement, group, amount);
  if (doc.paymentTerms || doc.dueDate) {
    const terms = settlement.ele('ram:SpecifiedTradePaymentTerms');
    if (doc.paymentTerms) text(terms, 'ram:Description', doc.paymentTerms);
    if (doc.dueDate) date(terms.ele('ram:DueDateDateTime'), 'udt:DateTimeString', doc.dueDate);
  }

  // BG-22. No document-level allowances or charges exist in BillingDocument, so BT-109 = BT-106.
  const summation = settlement.ele('ram:SpecifiedTradeSettlementHeaderMonetarySummation');
  text(summation, 'ram:LineTotalAmount', amount(doc.totals.netMinor));
  text(summation, 'ram:TaxBasisTotalAmount', amount(doc.totals.netMinor));
  summation.ele('ram:TaxTotalAmount', { currencyID: doc.currency }).txt(amount(doc.totals.taxMinor));
  text(summation, 'ram:GrandTotalAmount', amount(doc.totals.grossMinor));
  text(summation, 'ram:TotalPrepaidAmount', amount(doc.totals.paidMinor));
  text(summation, 'ram:DuePayableAmount', amount(doc.totals.dueMinor));

  if (doc.precedingInvoice) {
    const preceding = settlement.ele('ram:InvoiceReferencedDocument');
    text(preceding, 'ram:IssuerAssignedID', doc.precedingInvoice.number);
    date(preceding.ele('ram:FormattedIssueDateTime'), 'qdt:DateTimeString', doc.precedingInvoice.issueDate);
  }

  return root.end({ prettyPrint: true });
}

/**
 * UNTDID 4451 subject code (BT-21) of a legal mention, recognised from its wording (French or
 * English): `PMT` fixed recovery fee, `PMD` late-payment penalties, `AAB` early-payment
 * discount; undefined for any other mention, which is then written without a code.
 *
 * @example legalMentionSubjectCode('Indemnité forfaitaire pour frais de recouvrement : 40 €') // 'PMT'
 */
export function legalMentionSubjectCode(mention: string): 'PMT' | 'PMD' | 'AAB' | undefined {
  const plain = mention
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase();
  // The recovery fee sentence also says "retard de paiement": test it before the penalties.
  if (
    /frais de recouvrement|indemnite forfaitaire|recovery (fee|cost|compensation)|d\.? ?441-5/.test(plain)
  ) {
    return 'PMT';
  }
  if (/penalit|late payment|retard de paiement|l\.? ?441-10/.test(plain)) return 'PMD';
  if (/escompte|early payment discount|cash discount/.test(plain)) return 'AAB';
  return undefined;
}

function writeLine(transaction: Builder, line: DocumentLine, amount: (minor: number) => string): void {
  const item = transaction.ele('ram:IncludedSupplyChainTradeLineItem');
  text(item.ele('ram:AssociatedDocumentLineDocument'), 'ram:LineID', String(line.position));
  text(item.ele('ram:SpecifiedTradeProduct'), 'ram:Name', line.description);
  // BR-27: the item net price is never negative; a discount line carries a negative quantity.
  const negativePrice = line.unitPriceMinor < 0;
  text(
    item.ele('ram:SpecifiedLineTradeAgreement').ele('ram:NetPriceProductTradePrice'),
    'ram:ChargeAmount',
    amount(Math.abs(line.unitPriceMinor)),
  );
  const quantityMilli = negativePrice ? -line.quantityMilli : line.quantityMilli;
  item
    .ele('ram:SpecifiedLineTradeDelivery')
    .ele('ram:BilledQuantity', { unitCode: line.unitCode || 'C62' })
    .txt(formatScaled(BigInt(quantityMilli) * 10n, 4));
  const settlement = item.ele('ram:SpecifiedLineTradeSettlement');
  const tax = settlement.ele('ram:ApplicableTradeTax');
  text(tax, 'ram:TypeCode', 'VAT');
  text(tax, 'ram:CategoryCode', line.vatCategory);
  // BR-O-05: no rate on a line outside the scope of VAT.
  if (line.vatCategory !== 'O') text(tax, 'ram:RateApplicablePercent', rate(line.vatRateBasisPoints));
  text(
    settlement.ele('ram:SpecifiedTradeSettlementLineMonetarySummation'),
    'ram:LineTotalAmount',
    amount(line.netMinor),
  );
}

function writeVatBreakdown(
  settlement: Builder,
  group: VatBreakdown,
  amount: (minor: number) => string,
): void {
  const reasonCode =
    group.exemptionReasonCode || (group.exemptionReason ? null : DEFAULT_EXEMPTION_CODES[group.vatCategory]);
  const tax = settlement.ele('ram:ApplicableTradeTax');
  text(tax, 'ram:CalculatedAmount', amount(group.taxMinor));
  text(tax, 'ram:TypeCode', 'VAT');
  if (group.exemptionReason) text(tax, 'ram:ExemptionReason', group.exemptionReason);
  text(tax, 'ram:BasisAmount', amount(group.taxableMinor));
  text(tax, 'ram:CategoryCode', group.vatCategory);
  if (reasonCode) text(tax, 'ram:ExemptionReasonCode', reasonCode);
  // BR-O-10: no rate in the breakdown of the category outside the scope of VAT.
  if (group.vatCategory !== 'O') text(tax, 'ram:RateApplicablePercent', rate(group.vatRateBasisPoints));
}

function writeParty(element: Builder, party: Party, legalInformation: string | null): void {
  if (party.siret) element.ele('ram:GlobalID', { schemeID: '0009' }).txt(party.siret);
  text(element, 'ram:Name', party.name);
  if (legalInformation) text(element, 'ram:Description', legalInformation);
  const tradingName = party.tradingName && party.tradingName !== party.name ? party.tradingName : null;
  if (party.siren || tradingName) {
    const legal = element.ele('ram:SpecifiedLegalOrganization');
    if (party.siren) legal.ele('ram:ID', { schemeID: '0002' }).txt(party.siren);
    if (tradingName) text(legal, 'ram:TradingBusinessName', tradingName);
  }
  writeAddress(element.ele('ram:PostalTradeAddress'), party.address);
  if (party.email) {
    element.ele('ram:URIUniversalCommunication').ele('ram:URIID', { schemeID: 'EM' }).txt(party.email);
  }
  if (party.vatNumber) {
    element.ele('ram:SpecifiedTaxRegistration').ele('ram:ID', { schemeID: 'VA' }).txt(party.vatNumber);
  }
}

function writeAddress(element: Builder, address: PostalAddress): void {
  if (address.postalCode) text(element, 'ram:PostcodeCode', address.postalCode);
  if (address.line1) text(element, 'ram:LineOne', address.line1);
  if (address.line2) text(element, 'ram:LineTwo', address.line2);
  if (address.city) text(element, 'ram:CityName', address.city);
  text(element, 'ram:CountryID', address.countryCode.toUpperCase());
}

/** BT-33: legal form, share capital and trade register, the way French invoices print them. */
function sellerLegalInformation(seller: Seller): string | null {
  const parts = [seller.legalForm, seller.registration].filter((part): part is string => Boolean(part));
  return parts.length > 0 ? parts.join(' – ') : null;
}

function note(header: Builder, content: string, subjectCode: string | undefined): void {
  const element = header.ele('ram:IncludedNote');
  text(element, 'ram:Content', content);
  if (subjectCode) text(element, 'ram:SubjectCode', subjectCode);
}

function text(parent: Builder, name: string, value: string): void {
  parent.ele(name).txt(value);
}

/** Writes `<name format="102">YYYYMMDD</name>` from a `YYYY-MM-DD` calendar date. */
function date(parent: Builder, name: string, isoDate: string): void {
  parent.ele(name, { format: '102' }).txt(toFormat102(isoDate));
}

/** Basis points to a percentage with two decimals: 2000 → `20.00`, 550 → `5.50`. */
function rate(basisPoints: number): string {
  return formatScaled(basisPoints, 2);
}

/** IBAN / BIC without the spaces of their printed form, upper case. */
function normalizeAccountId(value: string | null | undefined): string | null {
  const compact = value?.replace(/\s+/g, '').toUpperCase();
  return compact ? compact : null;
}
