/**
 * Incoming e-invoices: every `*.xml` of the shared corpus (`../shared/corpus/einvoice/`, beside
 * the repository, see its PROVENANCE.md) is parsed and checked against values read from the file
 * by hand (syntax, number, currency, line count, gross) and against its own arithmetic; the table
 * of results is printed. Non-invoice XML of the corpus (SEPA, bank statements) must be refused
 * with an EInvoiceParseError. The round trip through the Factur-X writer and the error cases run
 * without the corpus.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { BillingDocument } from '../domain/document.js';
import { sampleCreditNote, sampleInvoice, sampleReverseChargeInvoice } from '../domain/sample-documents.js';
import { formatMinor } from './decimal.js';
import { buildFacturXml } from './facturx.js';
import {
  describeProfile,
  EInvoiceParseError,
  type EInvoiceParseErrorCode,
  parseIncomingInvoice,
  type SupplierBillDraft,
} from './parse.js';

/** `/work/main/../shared/corpus`: the corpus sits beside the repository, not in it. */
const CORPUS = fileURLToPath(new URL('../../../../../shared/corpus/', import.meta.url));
const EINVOICE = join(CORPUS, 'einvoice');

/** What each corpus file holds, read from the file by hand (gross in minor units). */
interface Expected {
  syntax: 'CII' | 'UBL';
  number: string;
  currency: string;
  kind: 'invoice' | 'credit_note';
  lines: number;
  grossMinor: number;
  /** Warnings the file must produce (each pattern must match one warning). */
  warnings?: RegExp[];
}

const EXPECTED: Record<string, Expected> = {
  'akretion-facturx__factur-x-en16931.xml': {
    syntax: 'CII',
    number: 'F20260023',
    currency: 'EUR',
    kind: 'invoice',
    lines: 3,
    grossMinor: 10_490,
  },
  'akretion-facturx__factur-x-minimum.xml': {
    syntax: 'CII',
    number: 'F20260023',
    currency: 'EUR',
    kind: 'invoice',
    lines: 0,
    grossMinor: 10_490,
    warnings: [/no invoice lines .*MINIMUM/],
  },
  'akretion-facturx__zugferd-comfort.xml': {
    syntax: 'CII',
    number: '471102',
    currency: 'EUR',
    kind: 'invoice',
    lines: 2,
    grossMinor: 52_987,
  },
  // Despite its name, a valid Peppol invoice with negative amounts, not a negative test file.
  'en16931__BIS3_Invoice_negativ.XML': {
    syntax: 'UBL',
    number: '12345',
    currency: 'DKK',
    kind: 'invoice',
    lines: 1,
    grossMinor: -78_217_943,
  },
  'en16931__CII_business_example_Z.xml': {
    syntax: 'CII',
    number: '2016166',
    currency: 'EUR',
    kind: 'invoice',
    lines: 3,
    grossMinor: 1_169_387,
  },
  'en16931__CII_example1.xml': {
    syntax: 'CII',
    number: '12115118',
    currency: 'EUR',
    kind: 'invoice',
    lines: 20,
    grossMinor: 25_033,
  },
  'en16931__CII_example4.xml': {
    syntax: 'CII',
    number: 'TOSL110',
    currency: 'DKK',
    kind: 'invoice',
    lines: 3,
    grossMinor: 467_500,
  },
  'en16931__CreditNote-Min_content_without_VAT.xml': {
    syntax: 'UBL',
    number: '2018-112',
    currency: 'SEK',
    kind: 'credit_note',
    lines: 1,
    grossMinor: 40_000,
  },
  'en16931__Invoice-Max_content.xml': {
    syntax: 'UBL',
    number: '2018210',
    currency: 'SEK',
    kind: 'invoice',
    lines: 2,
    grossMinor: 1_250_000,
    warnings: [/2 preceding invoices/],
  },
  'en16931__XRechnung-O.xml': {
    syntax: 'CII',
    number: '150377292',
    currency: 'EUR',
    kind: 'invoice',
    lines: 2,
    grossMinor: 38_554_460,
    warnings: [/total VAT \(BT-110\) is missing/],
  },
  'en16931__sample-discount-price.xml': {
    syntax: 'UBL',
    number: 'test decimal 1',
    currency: 'EUR',
    kind: 'invoice',
    lines: 1,
    grossMinor: 1_515,
    warnings: [/unit price 0\.1212 .*rounded half away from zero to 0\.12/],
  },
  'en16931__ubl-tc434-creditnote1.xml': {
    syntax: 'UBL',
    number: '018304 / 28865',
    currency: 'EUR',
    kind: 'credit_note',
    lines: 1,
    grossMinor: 10_011,
  },
  'en16931__ubl-tc434-example1.xml': {
    syntax: 'UBL',
    number: '12115118',
    currency: 'EUR',
    kind: 'invoice',
    lines: 20,
    grossMinor: 25_033,
  },
  'mustang__ZUGFeRD1-invoice.xml': {
    syntax: 'CII',
    number: 'RE-20170509/505',
    currency: 'EUR',
    kind: 'invoice',
    lines: 3,
    grossMinor: 57_104,
  },
  'mustang__factur-x.xml': {
    syntax: 'CII',
    number: 'RE-20201121/508',
    currency: 'EUR',
    kind: 'invoice',
    lines: 3,
    grossMinor: 57_104,
  },
  'mustang__facturFrMinimum.xml': {
    syntax: 'CII',
    number: 'FA-2017-0010',
    currency: 'EUR',
    kind: 'invoice',
    lines: 0,
    grossMinor: 67_115,
    warnings: [/paid amount \(BT-113\) is missing .* inferred as 201\.00/],
  },
  'mustang__ubl-creditnote.xml': {
    syntax: 'UBL',
    number: 'TOSL108',
    currency: 'EUR',
    kind: 'credit_note',
    lines: 5,
    grossMinor: 172_900,
    warnings: [
      /type code \(BT-3\) is missing; 381 assumed/,
      /BR-CO-15: .* includes the rounding amount 0\.30/,
    ],
  },
  'xrechnung-testsuite__01.01a-INVOICE_ubl.xml': {
    syntax: 'UBL',
    number: '123456XX',
    currency: 'EUR',
    kind: 'invoice',
    lines: 2,
    grossMinor: 33_690,
  },
  'xrechnung-testsuite__01.01a-INVOICE_uncefact.xml': {
    syntax: 'CII',
    number: '123456XX',
    currency: 'EUR',
    kind: 'invoice',
    lines: 2,
    grossMinor: 33_690,
  },
  'xrechnung-testsuite__01.06a-INVOICE_uncefact.xml': {
    syntax: 'CII',
    number: 'R123456789',
    currency: 'EUR',
    kind: 'invoice',
    lines: 7,
    grossMinor: 2_170_170,
  },
  'xrechnung-testsuite__03.03a-INVOICE_ubl.xml': {
    syntax: 'UBL',
    number: '0000123456',
    currency: 'EUR',
    kind: 'invoice',
    lines: 4,
    grossMinor: 1_068_620,
  },
  'xrechnung-testsuite__04.05a-INVOICE_uncefact.xml': {
    syntax: 'CII',
    number: '2020-1',
    currency: 'EUR',
    kind: 'invoice',
    lines: 1,
    grossMinor: 11_900,
  },
};

/**
 * Corpus files that are not readable invoices, with the error they must give. Empty today: every
 * e-invoice of the corpus is a real invoice or credit note. A new negative test file goes here.
 */
const NOT_READABLE: Record<string, { code: EInvoiceParseErrorCode; reason: RegExp }> = {};

function corpusFiles(folder: string, pattern: RegExp): string[] {
  return existsSync(folder)
    ? readdirSync(folder)
        .filter((name) => pattern.test(name))
        .sort()
    : [];
}

/** Asserts that `run` throws an EInvoiceParseError and returns it. */
function parseError(run: () => unknown): EInvoiceParseError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(EInvoiceParseError);
    return error as EInvoiceParseError;
  }
  throw new Error('expected an EInvoiceParseError, nothing was thrown');
}

interface Row {
  file: string;
  syntax: string;
  profile: string;
  number: string;
  lines: string;
  gross: string;
  warnings: string;
}

const rows: Row[] = [];

function table(list: Row[]): string {
  const header: Row = {
    file: 'file',
    syntax: 'syntax',
    profile: 'profile',
    number: 'number',
    lines: 'lines',
    gross: 'gross',
    warnings: 'warnings',
  };
  const keys = Object.keys(header) as (keyof Row)[];
  const widths = keys.map((key) =>
    Math.max(...[header, ...list].map((row) => Math.min(row[key].length, 60))),
  );
  const format = (row: Row) =>
    `| ${keys.map((key, i) => row[key].slice(0, 60).padEnd(widths[i]!)).join(' | ')} |`;
  return [format(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...list.map(format)].join(
    '\n',
  );
}

// Skipped cleanly when ../shared/corpus is absent (a checkout without the shared corpus): the
// files are third-party and are read where they are, never copied into the repository.
describe.skipIf(!existsSync(EINVOICE))(
  'parseIncomingInvoice on the shared e-invoice corpus (needs ../shared/corpus)',
  () => {
    const files = corpusFiles(EINVOICE, /\.xml$/i);

    afterAll(() => {
      console.log(`\n${table(rows)}\n${rows.length} files`);
    });

    it('finds the corpus files', () => {
      expect(files.length).toBeGreaterThan(0);
    });

    it.each(files)('reads %s', (file) => {
      const xml = readFileSync(join(EINVOICE, file), 'utf8');
      const refusal = NOT_READABLE[file];
      if (refusal) {
        const error = parseError(() => parseIncomingInvoice(xml));
        expect(error.code).toBe(refusal.code);
        expect(error.message).toMatch(refusal.reason);
        rows.push({
          file,
          syntax: '-',
          profile: '-',
          number: '-',
          lines: '-',
          gross: '-',
          warnings: `refused: ${error.message}`,
        });
        return;
      }

      const draft = parseIncomingInvoice(xml);
      rows.push({
        file,
        syntax: draft.syntax,
        profile: draft.profile,
        number: draft.number,
        lines: String(draft.lines.length),
        gross: `${formatMinor(draft.totals.grossMinor, draft.currency)} ${draft.currency}`,
        warnings: draft.warnings.length === 0 ? '0' : `${draft.warnings.length}: ${draft.warnings[0]}`,
      });

      const expected = EXPECTED[file];
      expect(
        expected,
        `${file} is new in the corpus: add what it holds to EXPECTED or NOT_READABLE`,
      ).toBeDefined();
      expect(draft).toMatchObject({
        syntax: expected!.syntax,
        number: expected!.number,
        currency: expected!.currency,
        kind: expected!.kind,
      });
      expect(draft.lines).toHaveLength(expected!.lines);
      expect(draft.totals.grossMinor).toBe(expected!.grossMinor);
      for (const pattern of expected!.warnings ?? []) {
        expect(
          draft.warnings.some((warning) => pattern.test(warning)),
          `a warning matching ${pattern}`,
        ).toBe(true);
      }
      expectConsistentTotals(draft);
    });

    it.each([
      ...corpusFiles(join(CORPUS, 'sepa'), /\.(xml|xsd)$/i).map((file) => join('sepa', file)),
      ...corpusFiles(join(CORPUS, 'bank'), /\.(xml|ofx)$/i).map((file) => join('bank', file)),
    ])('refuses %s, which is no invoice, with a reason', (file) => {
      const error = parseError(() => parseIncomingInvoice(readFileSync(join(CORPUS, file), 'utf8')));
      expect(['unsupported_document', 'malformed_xml']).toContain(error.code);
      expect(error.message.length).toBeGreaterThan(20);
    });
  },
);

/**
 * The document's own arithmetic: gross = net + VAT (or + rounding when the document folds the
 * rounding into the gross, which must then be flagged), due = gross − paid (+ rounding), and the
 * lines sum to the line total when the file carries lines.
 */
function expectConsistentTotals(draft: SupplierBillDraft): void {
  const { totals } = draft;
  const roundingInGross =
    totals.grossMinor !== totals.netMinor + totals.taxMinor &&
    totals.grossMinor === totals.netMinor + totals.taxMinor + totals.roundingMinor;
  if (roundingInGross) {
    expect(draft.warnings.some((warning) => warning.startsWith('BR-CO-15'))).toBe(true);
    expect(totals.dueMinor).toBe(totals.grossMinor - totals.paidMinor);
  } else {
    expect(totals.grossMinor).toBe(totals.netMinor + totals.taxMinor);
    expect(totals.dueMinor).toBe(totals.grossMinor - totals.paidMinor + totals.roundingMinor);
  }
  if (totals.lineTotalMinor !== null) {
    expect(totals.netMinor).toBe(
      totals.lineTotalMinor - totals.allowanceTotalMinor + totals.chargeTotalMinor,
    );
  }
  if (draft.lines.length > 0) {
    expect(draft.lines.reduce((sum, line) => sum + line.netMinor, 0)).toBe(totals.lineTotalMinor);
  }
  if (draft.vatBreakdown.length > 0) {
    expect(draft.vatBreakdown.reduce((sum, row) => sum + row.taxMinor, 0)).toBe(totals.taxMinor);
  }
}

describe('parseIncomingInvoice round trip through buildFacturXml', () => {
  const cases: [string, () => BillingDocument][] = [
    ['invoice', () => sampleInvoice()],
    ['reverse-charge invoice', sampleReverseChargeInvoice],
    ['credit note', sampleCreditNote],
  ];

  it.each(cases)('gives back the totals, lines and VAT breakdown of the %s', (_, make) => {
    const doc = make();
    const draft = parseIncomingInvoice(buildFacturXml(doc));
    expect(draft).toMatchObject({
      syntax: 'CII',
      profile: 'EN 16931',
      number: doc.number,
      kind: doc.kind,
      issueDate: doc.issueDate,
      dueDate: doc.dueDate ?? null,
      currency: doc.currency,
      buyerReference: doc.buyerReference ?? null,
      purchaseOrderReference: doc.purchaseOrderReference ?? null,
      precedingInvoice: doc.precedingInvoice ?? null,
    });
    expect(draft.totals).toEqual({
      lineTotalMinor: doc.totals.netMinor,
      allowanceTotalMinor: 0,
      chargeTotalMinor: 0,
      netMinor: doc.totals.netMinor,
      taxMinor: doc.totals.taxMinor,
      grossMinor: doc.totals.grossMinor,
      paidMinor: doc.totals.paidMinor,
      roundingMinor: 0,
      dueMinor: doc.totals.dueMinor,
    });
    expect(draft.lines).toEqual(
      doc.lines.map((line) => ({
        lineId: String(line.position),
        description: line.description,
        quantityMilli: line.quantityMilli,
        unitCode: line.unitCode,
        unitPriceMinor: line.unitPriceMinor,
        netMinor: line.netMinor,
        vatCategory: line.vatCategory,
        vatRateBasisPoints: line.vatRateBasisPoints,
      })),
    );
    expect(draft.vatBreakdown).toEqual(
      doc.vatBreakdown.map((group) => ({
        vatCategory: group.vatCategory,
        vatRateBasisPoints: group.vatRateBasisPoints,
        taxableMinor: group.taxableMinor,
        taxMinor: group.taxMinor,
        exemptionReason: group.exemptionReason ?? null,
        exemptionReasonCode: group.exemptionReasonCode ?? null,
      })),
    );
    expect(draft.supplier).toMatchObject({
      name: doc.seller.name,
      vatId: doc.seller.vatNumber,
      legalId: { id: doc.seller.siren, scheme: '0002' },
    });
    expectConsistentTotals(draft);
  });

  it('reads the invoice without a warning', () => {
    expect(parseIncomingInvoice(buildFacturXml(sampleInvoice())).warnings).toEqual([]);
  });
});

/** The sample invoice's XML with one element's text replaced (the element must be there once). */
function withText(xml: string, element: string, value: string): string {
  const pattern = new RegExp(`(<${element}(?: [^>]*)?>)[^<]*(</${element}>)`);
  if (!pattern.test(xml)) throw new Error(`${element} is not in the XML`);
  return xml.replace(pattern, `$1${value}$2`);
}

describe('parseIncomingInvoice on values to convert', () => {
  const invoiceXml = buildFacturXml(
    sampleInvoice({ totals: { ...sampleInvoice().totals, paidMinor: 50_000 } }),
  );

  it('rounds an amount with more decimals than the currency half away from zero, with a warning', () => {
    const draft = parseIncomingInvoice(withText(invoiceXml, 'ram:TotalPrepaidAmount', '499.995'));
    expect(draft.totals.paidMinor).toBe(50_000);
    expect(draft.warnings).toContainEqual(
      expect.stringMatching(/TotalPrepaidAmount: 499\.995 has more decimals than EUR/),
    );
  });

  it('reads a credit note type code (381) of a CII document as a credit note', () => {
    expect(parseIncomingInvoice(buildFacturXml(sampleCreditNote())).kind).toBe('credit_note');
  });

  it('accepts a leading byte order mark', () => {
    expect(parseIncomingInvoice(`\uFEFF${invoiceXml}`).number).toBe(sampleInvoice().number);
  });

  it('decodes character references and keeps the text of CDATA sections', () => {
    const draft = parseIncomingInvoice(
      invoiceXml.replace(
        /<ram:Name>[^<]*<\/ram:Name>/,
        '<ram:Name><![CDATA[Dupont & Fils <Lyon>]]> &#x20AC; caf&#233;</ram:Name>',
      ),
    );
    expect(draft.lines[0]!.description).toBe('Dupont & Fils <Lyon> € café');
  });
});

describe('parseIncomingInvoice refusals', () => {
  const invoiceXml = buildFacturXml(sampleInvoice());

  it.each([
    ['an empty string', '', 'malformed_xml', /empty/],
    ['plain text', 'hello', 'malformed_xml', /not well-formed XML/],
    ['truncated XML', invoiceXml.slice(0, 500), 'malformed_xml', /not well-formed XML/],
    ['a PDF', '%PDF-1.7\n…', 'unsupported_document', /PDF/],
    [
      'a DOCTYPE with entities',
      '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>',
      'unsupported_document',
      /DOCTYPE/,
    ],
    [
      'a SEPA credit transfer',
      '<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.001.001.03"><CstmrCdtTrfInitn/></Document>',
      'unsupported_document',
      /root element Document in namespace urn:iso:std:iso:20022/,
    ],
    [
      'an Invoice without namespace',
      '<Invoice><ID>1</ID></Invoice>',
      'unsupported_document',
      /namespace \(none\)/,
    ],
    [
      'a CII invoice without number',
      invoiceXml.replace(/(<rsm:ExchangedDocument>\s*)<ram:ID>[^<]*<\/ram:ID>/, '$1'),
      'missing_field',
      /invoice number \(BT-1\) is missing at ExchangedDocument\/ID/,
    ],
    [
      'a CII invoice without currency',
      invoiceXml.replace('<ram:InvoiceCurrencyCode>EUR</ram:InvoiceCurrencyCode>', ''),
      'missing_field',
      /currency \(BT-5\)/,
    ],
    [
      'an amount with a decimal comma',
      withText(invoiceXml, 'ram:GrandTotalAmount', '2240,34'),
      'invalid_value',
      /GrandTotalAmount: '2240,34' is not a decimal amount/,
    ],
    [
      'an impossible issue date',
      invoiceXml.replace(/(<ram:IssueDateTime>\s*<udt:DateTimeString format="102">)\d+/, '$120261132'),
      'invalid_value',
      /IssueDateTime: '20261132' is not a format 102 date/,
    ],
    [
      'an empty UBL invoice',
      '<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"/>',
      'missing_field',
      /document currency \(BT-5\)/,
    ],
  ] as const)('refuses %s', (_, xml, code, reason) => {
    const error = parseError(() => parseIncomingInvoice(xml));
    expect(error.code).toBe(code);
    expect(error.message).toMatch(reason);
  });

  it('refuses a value that is not a string instead of crashing', () => {
    const error = parseError(() => parseIncomingInvoice(Buffer.from(invoiceXml) as unknown as string));
    expect(error.code).toBe('malformed_xml');
    expect(error.message).toMatch(/decode them to a string first/);
  });
});

describe('describeProfile', () => {
  it('names the Factur-X, ZUGFeRD, XRechnung and Peppol profiles', () => {
    expect(describeProfile('urn:factur-x.eu:1p0:basicwl')).toBe('Factur-X BASIC WL');
    expect(describeProfile('urn:cen.eu:en16931:2017#compliant#urn:factur-x.eu:1p0:basic')).toBe(
      'Factur-X BASIC',
    );
    expect(describeProfile('urn:cen.eu:en16931:2017#conformant#urn:factur-x.eu:1p0:extended')).toBe(
      'Factur-X EXTENDED',
    );
    expect(describeProfile('urn:cen.eu:en16931:2017#conformant#urn:zugferd.de:2p0:extended')).toBe(
      'ZUGFeRD 2.0 EXTENDED',
    );
    expect(describeProfile('urn:ferd:CrossIndustryDocument:invoice:1p0:comfort')).toBe('ZUGFeRD 1.0 COMFORT');
    expect(describeProfile('urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_3.0')).toBe(
      'XRechnung 3.0',
    );
    expect(describeProfile(null)).toBe('unspecified');
  });
});
