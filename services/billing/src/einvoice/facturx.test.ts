/**
 * Factur-X EN 16931 writer: the XML of each sample document (invoice with three rates and a
 * prepayment, intra-EU reverse charge, credit note) is read back with a plain XML parser and
 * checked for its key values and the EN 16931 arithmetic rules (BR-CO-10, 13, 14, 15, 16, 17),
 * then validated against the Factur-X 1.09 EN 16931 XSD of the shared corpus
 * (`../shared/corpus/einvoice/xsd/`, beside the repository).
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import type { BillingDocument } from '../domain/document.js';
import { sampleCreditNote, sampleInvoice, sampleReverseChargeInvoice } from '../domain/sample-documents.js';
import { computeTotals } from '../domain/totals.js';
import { parseDecimal, toScaled } from './decimal.js';
import { buildFacturXml, FACTURX_EN16931_GUIDELINE_ID, legalMentionSubjectCode } from './facturx.js';
import { validateFacturXml } from './xsd.js';

/** `/work/main/../shared/corpus/einvoice/xsd/facturx-1.09-en16931/`: beside the repository, not in it. */
const XSD_FOLDER = fileURLToPath(
  new URL('../../../../../shared/corpus/einvoice/xsd/facturx-1.09-en16931/', import.meta.url),
);

const SAMPLES: [string, () => BillingDocument][] = [
  ['invoice', () => sampleInvoice()],
  ['reverse-charge invoice', sampleReverseChargeInvoice],
  ['credit note', sampleCreditNote],
];

const reader = new XMLParser({
  removeNSPrefix: true,
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  parseTagValue: false,
  isArray: (name) =>
    ['IncludedSupplyChainTradeLineItem', 'ApplicableTradeTax', 'IncludedNote'].includes(name),
});

/** The XML read back, namespaces dropped: `{ CrossIndustryInvoice: { ExchangedDocument: … } }`. */
function readBack(xml: string): any {
  return reader.parse(xml).CrossIndustryInvoice;
}

/** A decimal string of the XML in cents (EUR), exactly. */
function cents(value: unknown): bigint {
  const text = typeof value === 'object' && value !== null ? (value as any)['#text'] : value;
  const parsed = parseDecimal(String(text), 2);
  if (!parsed?.exact) throw new Error(`not an amount with two decimals: ${String(text)}`);
  return parsed.value;
}

/** A rate `20.00` in basis points. */
function basisPoints(value: unknown): bigint {
  return parseDecimal(String(value), 2)!.value;
}

describe('buildFacturXml', () => {
  it.each(SAMPLES)('writes the EN 16931 context, type code, parties and totals of the %s', (_, make) => {
    const doc = make();
    const cii = readBack(buildFacturXml(doc));
    const header = cii.ExchangedDocument;
    const agreement = cii.SupplyChainTradeTransaction.ApplicableHeaderTradeAgreement;
    const settlement = cii.SupplyChainTradeTransaction.ApplicableHeaderTradeSettlement;
    const summation = settlement.SpecifiedTradeSettlementHeaderMonetarySummation;

    expect(cii.ExchangedDocumentContext.GuidelineSpecifiedDocumentContextParameter.ID).toBe(
      FACTURX_EN16931_GUIDELINE_ID,
    );
    expect(header.ID).toBe(doc.number);
    expect(header.TypeCode).toBe(doc.kind === 'credit_note' ? '381' : '380');
    expect(header.IssueDateTime.DateTimeString).toEqual({
      '#text': doc.issueDate.replaceAll('-', ''),
      '@_format': '102',
    });
    expect(settlement.InvoiceCurrencyCode).toBe('EUR');

    const seller = agreement.SellerTradeParty;
    expect(seller.Name).toBe(doc.seller.name);
    expect(seller.SpecifiedLegalOrganization.ID).toEqual({ '#text': doc.seller.siren, '@_schemeID': '0002' });
    expect(seller.SpecifiedTaxRegistration.ID).toEqual({ '#text': doc.seller.vatNumber, '@_schemeID': 'VA' });
    expect(seller.PostalTradeAddress.CountryID).toBe('FR');
    expect(agreement.BuyerTradeParty.Name).toBe(doc.buyer.name);
    expect(agreement.BuyerTradeParty.SpecifiedTaxRegistration.ID['#text']).toBe(doc.buyer.vatNumber);

    expect(cents(summation.LineTotalAmount)).toBe(BigInt(doc.totals.netMinor));
    expect(cents(summation.TaxBasisTotalAmount)).toBe(BigInt(doc.totals.netMinor));
    expect(summation.TaxTotalAmount['@_currencyID']).toBe('EUR');
    expect(cents(summation.TaxTotalAmount)).toBe(BigInt(doc.totals.taxMinor));
    expect(cents(summation.GrandTotalAmount)).toBe(BigInt(doc.totals.grossMinor));
    expect(cents(summation.TotalPrepaidAmount)).toBe(BigInt(doc.totals.paidMinor));
    expect(cents(summation.DuePayableAmount)).toBe(BigInt(doc.totals.dueMinor));

    const breakdown = settlement.ApplicableTradeTax.map((tax: any) => ({
      category: tax.CategoryCode,
      rate: tax.RateApplicablePercent,
      basis: cents(tax.BasisAmount),
      tax: cents(tax.CalculatedAmount),
      reason: tax.ExemptionReason,
      code: tax.ExemptionReasonCode,
    }));
    expect(breakdown).toEqual(
      doc.vatBreakdown.map((group) => ({
        category: group.vatCategory,
        rate: (group.vatRateBasisPoints / 100).toFixed(2),
        basis: BigInt(group.taxableMinor),
        tax: BigInt(group.taxMinor),
        reason: group.exemptionReason ?? undefined,
        code: group.exemptionReasonCode ?? undefined,
      })),
    );
  });

  it.each(SAMPLES)('keeps the EN 16931 arithmetic rules BR-CO-10/13/14/15/16/17 in the %s', (_, make) => {
    const cii = readBack(buildFacturXml(make()));
    const transaction = cii.SupplyChainTradeTransaction;
    const settlement = transaction.ApplicableHeaderTradeSettlement;
    const summation = settlement.SpecifiedTradeSettlementHeaderMonetarySummation;
    const lineNets = transaction.IncludedSupplyChainTradeLineItem.map((item: any) =>
      cents(item.SpecifiedLineTradeSettlement.SpecifiedTradeSettlementLineMonetarySummation.LineTotalAmount),
    );
    const sum = (values: bigint[]) => values.reduce((total, value) => total + value, 0n);
    const lineTotal = cents(summation.LineTotalAmount);
    const allowances = summation.AllowanceTotalAmount ? cents(summation.AllowanceTotalAmount) : 0n;
    const charges = summation.ChargeTotalAmount ? cents(summation.ChargeTotalAmount) : 0n;
    const taxBasis = cents(summation.TaxBasisTotalAmount);
    const taxTotal = cents(summation.TaxTotalAmount);
    const grandTotal = cents(summation.GrandTotalAmount);
    const prepaid = summation.TotalPrepaidAmount ? cents(summation.TotalPrepaidAmount) : 0n;
    const rounding = summation.RoundingAmount ? cents(summation.RoundingAmount) : 0n;

    // BR-CO-10: BT-106 = Σ BT-131.
    expect(lineTotal).toBe(sum(lineNets));
    // BR-CO-13: BT-109 = BT-106 − BT-107 + BT-108.
    expect(taxBasis).toBe(lineTotal - allowances + charges);
    // BR-CO-14: BT-110 = Σ BT-117.
    expect(taxTotal).toBe(sum(settlement.ApplicableTradeTax.map((tax: any) => cents(tax.CalculatedAmount))));
    // BR-CO-15: BT-112 = BT-109 + BT-110.
    expect(grandTotal).toBe(taxBasis + taxTotal);
    // BR-CO-16: BT-115 = BT-112 − BT-113 + BT-114.
    expect(cents(summation.DuePayableAmount)).toBe(grandTotal - prepaid + rounding);
    // BR-CO-17: BT-117 = BT-116 × BT-119 / 100, rounded to two decimals.
    for (const tax of settlement.ApplicableTradeTax) {
      const expected = toScaled(
        { mantissa: cents(tax.BasisAmount) * basisPoints(tax.RateApplicablePercent), scale: 4 },
        0,
      );
      expect(cents(tax.CalculatedAmount)).toBe(expected.value);
    }
  });

  it('writes lines with their quantity (BT-129), unit code, net price and VAT rate', () => {
    const doc = sampleInvoice(
      computeTotals([
        {
          description: 'Développement',
          quantityMilli: 3500,
          unitCode: 'DAY',
          unitPriceMinor: 45_000,
          vatCategory: 'S',
          vatRateBasisPoints: 2000,
        },
        {
          description: 'Livres',
          quantityMilli: 1,
          unitPriceMinor: 3_999,
          vatCategory: 'S',
          vatRateBasisPoints: 550,
        },
      ]),
    );
    const items = readBack(buildFacturXml(doc)).SupplyChainTradeTransaction.IncludedSupplyChainTradeLineItem;
    expect(items).toHaveLength(2);
    expect(items[0].AssociatedDocumentLineDocument.LineID).toBe('1');
    expect(items[0].SpecifiedTradeProduct.Name).toBe('Développement');
    expect(items[0].SpecifiedLineTradeDelivery.BilledQuantity).toEqual({
      '#text': '3.5000',
      '@_unitCode': 'DAY',
    });
    expect(items[0].SpecifiedLineTradeAgreement.NetPriceProductTradePrice.ChargeAmount).toBe('450.00');
    expect(
      items[0].SpecifiedLineTradeSettlement.SpecifiedTradeSettlementLineMonetarySummation.LineTotalAmount,
    ).toBe('1575.00');
    expect(items[1].SpecifiedLineTradeDelivery.BilledQuantity).toEqual({
      '#text': '0.0010',
      '@_unitCode': 'C62',
    });
    expect(items[1].SpecifiedLineTradeSettlement.ApplicableTradeTax[0]).toEqual({
      TypeCode: 'VAT',
      CategoryCode: 'S',
      RateApplicablePercent: '5.50',
    });
  });

  it('writes the payment means, terms, references and legal mentions of the invoice', () => {
    const doc = sampleInvoice();
    const cii = readBack(buildFacturXml(doc));
    const agreement = cii.SupplyChainTradeTransaction.ApplicableHeaderTradeAgreement;
    const settlement = cii.SupplyChainTradeTransaction.ApplicableHeaderTradeSettlement;
    expect(agreement.BuyerReference).toBe(doc.buyerReference);
    expect(agreement.BuyerOrderReferencedDocument.IssuerAssignedID).toBe(doc.purchaseOrderReference);
    expect(settlement.SpecifiedTradeSettlementPaymentMeans).toEqual({
      TypeCode: '58',
      PayeePartyCreditorFinancialAccount: { IBANID: doc.seller.iban },
      PayeeSpecifiedCreditorFinancialInstitution: { BICID: doc.seller.bic },
    });
    expect(settlement.SpecifiedTradeSettlementPaymentMeans.TypeCode).toBe('58');
    expect(settlement.SpecifiedTradePaymentTerms).toEqual({
      Description: doc.paymentTerms,
      DueDateDateTime: { DateTimeString: { '#text': doc.dueDate!.replaceAll('-', ''), '@_format': '102' } },
    });
    expect(
      cii.SupplyChainTradeTransaction.ApplicableHeaderTradeDelivery.ActualDeliverySupplyChainEvent
        .OccurrenceDateTime.DateTimeString['#text'],
    ).toBe(doc.deliveryDate!.replaceAll('-', ''));
    const notes = cii.ExchangedDocument.IncludedNote;
    expect(notes.map((note: any) => note.Content)).toEqual([doc.note, ...doc.legalMentions]);
    // The French B2B mentions: late-payment penalties, 40 EUR recovery fee, no early-payment discount.
    expect(notes.map((note: any) => note.SubjectCode)).toEqual(['AAI', 'PMD', 'PMT', 'AAB']);
  });

  it('references the cancelled invoice (BG-3) and gives no payment account on a credit note', () => {
    const doc = sampleCreditNote();
    const settlement = readBack(buildFacturXml(doc)).SupplyChainTradeTransaction
      .ApplicableHeaderTradeSettlement;
    expect(settlement.InvoiceReferencedDocument).toEqual({
      IssuerAssignedID: doc.precedingInvoice!.number,
      FormattedIssueDateTime: {
        DateTimeString: { '#text': doc.precedingInvoice!.issueDate.replaceAll('-', ''), '@_format': '102' },
      },
    });
    expect(settlement.SpecifiedTradeSettlementPaymentMeans).toBeUndefined();
  });

  it('writes a discount line with a positive price and a negative quantity (BR-27)', () => {
    const doc = sampleInvoice(
      computeTotals([
        {
          description: 'Forfait',
          quantityMilli: 1000,
          unitPriceMinor: 10_000,
          vatCategory: 'S',
          vatRateBasisPoints: 2000,
        },
        {
          description: 'Remise',
          quantityMilli: 1000,
          unitPriceMinor: -1_500,
          vatCategory: 'S',
          vatRateBasisPoints: 2000,
        },
      ]),
    );
    const discount = readBack(buildFacturXml(doc)).SupplyChainTradeTransaction
      .IncludedSupplyChainTradeLineItem[1];
    expect(discount.SpecifiedLineTradeAgreement.NetPriceProductTradePrice.ChargeAmount).toBe('15.00');
    expect(discount.SpecifiedLineTradeDelivery.BilledQuantity['#text']).toBe('-1.0000');
    expect(
      discount.SpecifiedLineTradeSettlement.SpecifiedTradeSettlementLineMonetarySummation.LineTotalAmount,
    ).toBe('-15.00');
  });

  it('formats amounts with the decimals of the currency (JPY 0, KWD 3)', () => {
    const base = computeTotals([
      {
        description: 'x',
        quantityMilli: 1000,
        unitPriceMinor: 12_345,
        vatCategory: 'S',
        vatRateBasisPoints: 1000,
      },
    ]);
    const summation = (currency: string) =>
      readBack(buildFacturXml(sampleInvoice({ ...base, currency }))).SupplyChainTradeTransaction
        .ApplicableHeaderTradeSettlement.SpecifiedTradeSettlementHeaderMonetarySummation;
    expect(summation('JPY').GrandTotalAmount).toBe('13580');
    expect(summation('KWD').GrandTotalAmount).toBe('13.580');
  });

  it('writes no rate for a line outside the scope of VAT (BR-O-05) and a default VATEX code', () => {
    const doc = sampleInvoice(
      computeTotals([
        {
          description: 'Débours',
          quantityMilli: 1000,
          unitPriceMinor: 5_000,
          vatCategory: 'O',
          vatRateBasisPoints: 0,
        },
      ]),
    );
    const transaction = readBack(buildFacturXml(doc)).SupplyChainTradeTransaction;
    const lineTax =
      transaction.IncludedSupplyChainTradeLineItem[0].SpecifiedLineTradeSettlement.ApplicableTradeTax[0];
    expect(lineTax).toEqual({ TypeCode: 'VAT', CategoryCode: 'O' });
    expect(transaction.ApplicableHeaderTradeSettlement.ApplicableTradeTax[0].ExemptionReasonCode).toBe(
      'VATEX-EU-O',
    );
  });

  it('rejects a quote and a reminder with a clear error', () => {
    expect(() => buildFacturXml(sampleInvoice({ kind: 'quote', number: 'D-2026-000007' }))).toThrow(
      /invoices and credit notes only: document D-2026-000007 is a quote/,
    );
    expect(() => buildFacturXml(sampleInvoice({ kind: 'reminder' }))).toThrow(/is a reminder/);
  });

  it('rejects an impossible date and a document without lines', () => {
    expect(() => buildFacturXml(sampleInvoice({ issueDate: '2026-02-30' }))).toThrow(RangeError);
    expect(() => buildFacturXml(sampleInvoice({ lines: [] }))).toThrow(/BR-16/);
  });
});

describe('legalMentionSubjectCode', () => {
  it('recognises the French mandatory payment mentions', () => {
    expect(
      legalMentionSubjectCode(
        'Indemnité forfaitaire pour frais de recouvrement en cas de retard de paiement : 40 €',
      ),
    ).toBe('PMT');
    expect(legalMentionSubjectCode('Tout retard de paiement entraîne des pénalités (art. L441-10)')).toBe(
      'PMD',
    );
    expect(legalMentionSubjectCode('Pas d’escompte pour paiement anticipé.')).toBe('AAB');
    expect(
      legalMentionSubjectCode('Autoliquidation – article 196 de la directive 2006/112/CE.'),
    ).toBeUndefined();
  });
});

// Skipped cleanly when ../shared/corpus is absent (a checkout without the shared corpus): the XSD
// files are third-party and are not copied into the repository.
describe.skipIf(!existsSync(XSD_FOLDER))(
  'Factur-X 1.09 EN 16931 XSD validation (needs ../shared/corpus)',
  () => {
    it.each(SAMPLES)('validates the %s', async (_, make) => {
      const result = await validateFacturXml(buildFacturXml(make()), XSD_FOLDER);
      expect(result.errors).toEqual([]);
      expect(result.valid).toBe(true);
    });

    it('reports the XSD errors of a document whose elements are out of order', async () => {
      const xml = buildFacturXml(sampleInvoice()).replace(
        /(<ram:ID>[^<]*<\/ram:ID>)(\s*)(<ram:TypeCode>380<\/ram:TypeCode>)/,
        '$3$2$1',
      );
      const result = await validateFacturXml(xml, XSD_FOLDER);
      expect(result.valid).toBe(false);
      expect(result.errors.join('\n')).toMatch(/TypeCode/);
    });
  },
);
