import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { crc32, deflateSync } from 'node:zlib';
import { XMLValidator } from 'fast-xml-parser';
import {
  decodePDFRawStream,
  PDFArray,
  PDFDict,
  PDFDocument,
  PDFName,
  type PDFPage,
  PDFRawStream,
  PDFStream,
  PDFString,
} from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import type { BillingDocument } from '../domain/document.js';
import { sampleCreditNote, sampleInvoice, sampleReverseChargeInvoice } from '../domain/sample-documents.js';
import { computeTotals, type LineInput } from '../domain/totals.js';
import { formatMoney, formatSirenOrSiret } from './format.js';
import { renderDocumentPdf } from './render.js';

const NOW = new Date('2026-11-02T09:30:00Z');
const FACTUR_XML =
  '<?xml version="1.0"?><rsm:CrossIndustryInvoice xmlns:rsm="urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100"/>';
const ARTIFACTS_DIR = fileURLToPath(new URL('../../../../test-results/billing/', import.meta.url));

// ── reading PDFs back ─────────────────────────────────────────────────────────────────────────

function load(bytes: Uint8Array): Promise<PDFDocument> {
  return PDFDocument.load(bytes, { updateMetadata: false });
}

function streamBytes(stream: PDFRawStream): Uint8Array {
  return decodePDFRawStream(stream).decode();
}

/** pdf-lib's typed lookups know PDFStream; every stream of a parsed file is a PDFRawStream. */
function raw(stream: PDFStream | undefined): PDFRawStream {
  if (!(stream instanceof PDFRawStream)) throw new Error('expected a stream');
  return stream;
}

function lookupStream(dict: PDFDict, key: string): PDFRawStream {
  return raw(dict.lookup(PDFName.of(key), PDFStream));
}

function latin1(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('latin1');
}

/** CID → text, from a Type0 font's ToUnicode CMap as pdfkit writes it (bfrange with arrays). */
function toUnicode(font: PDFDict): Map<string, string> {
  const cmap = latin1(streamBytes(lookupStream(font, 'ToUnicode')));
  const map = new Map<string, string>();
  for (const range of cmap.matchAll(/<([0-9a-f]{4})>\s*<[0-9a-f]{4}>\s*\[([^\]]*)\]/gi)) {
    let cid = Number.parseInt(range[1] ?? '0', 16);
    for (const entry of (range[2] ?? '').matchAll(/<([^>]*)>/g)) {
      const units = (entry[1] ?? '').replace(/\s+/g, '').match(/.{4}/g) ?? [];
      map.set(
        cid.toString(16).padStart(4, '0'),
        String.fromCharCode(...units.map((u) => Number.parseInt(u, 16))),
      );
      cid++;
    }
  }
  return map;
}

/** The glyph ids every text-showing operator of the page uses, per font resource. */
function shownGlyphs(page: PDFPage): Array<{ font: string; cids: string[]; block: number }> {
  const contents = page.node.Contents();
  const streams =
    contents instanceof PDFArray
      ? contents.asArray().map((ref) => raw(page.doc.context.lookup(ref, PDFStream)))
      : contents instanceof PDFRawStream
        ? [contents]
        : [];
  const content = streams.map((s) => latin1(streamBytes(s))).join('\n');
  const shown: Array<{ font: string; cids: string[]; block: number }> = [];
  let font = '';
  let block = 0;
  for (const token of content.matchAll(/\/(\w+)\s+[\d.]+\s+Tf|<([0-9a-fA-F\s]*)>|\b(ET)\b/g)) {
    if (token[1]) font = token[1];
    else if (token[2] !== undefined) {
      shown.push({ font, cids: token[2].replace(/\s+/g, '').toLowerCase().match(/.{4}/g) ?? [], block });
    } else if (token[3]) block++;
  }
  return shown;
}

/** The text of each page, one line per text object, whitespace variants folded to a space. */
function pageTexts(pdf: PDFDocument): string[] {
  return pdf.getPages().map((page) => {
    const fonts = page.node.Resources()?.lookup(PDFName.of('Font'), PDFDict);
    const maps = new Map<string, Map<string, string>>();
    const lines: string[] = [];
    for (const { font, cids, block } of shownGlyphs(page)) {
      let map = maps.get(font);
      if (!map) {
        const dict = fonts?.lookupMaybe(PDFName.of(font), PDFDict);
        map = dict ? toUnicode(dict) : new Map<string, string>();
        maps.set(font, map);
      }
      const cmap = map;
      lines[block] = (lines[block] ?? '') + cids.map((cid) => cmap.get(cid) ?? '\ufffd').join('');
    }
    return lines.map(fold).join('\n');
  });
}

function fold(text: string): string {
  return text.replace(/[\s\u00a0\u202f]+/g, ' ');
}

function catalogDict(pdf: PDFDocument, key: string): PDFDict {
  return pdf.catalog.lookup(PDFName.of(key), PDFDict);
}

function xmpOf(pdf: PDFDocument): string {
  const stream = lookupStream(pdf.catalog, 'Metadata');
  expect(stream.dict.get(PDFName.of('Filter'))).toBeUndefined();
  return Buffer.from(stream.contents).toString('utf8');
}

// ── fixtures ──────────────────────────────────────────────────────────────────────────────────

function invoiceWithLines(count: number): BillingDocument {
  const base = sampleInvoice();
  const inputs: LineInput[] = Array.from({ length: count }, (_, i) => ({
    description:
      i % 9 === 0
        ? `Prestation ${i + 1} : accompagnement, paramétrage et formation des équipes sur site, avec un compte rendu détaillé remis à la fin de chaque journée`
        : `Prestation ${i + 1}`,
    quantityMilli: 1000 + (i % 4) * 500,
    unitCode: i % 2 ? 'HUR' : 'DAY',
    unitPriceMinor: 12_345 + i * 101,
    vatCategory: 'S',
    vatRateBasisPoints: i % 3 ? 2000 : 1000,
  }));
  return { ...base, ...computeTotals(inputs, 10_000) };
}

/** A 2×2 RGBA PNG, encoded by hand (signature, IHDR, IDAT, IEND). */
function tinyPng(): Uint8Array {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const out = Buffer.alloc(12 + data.length);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc32(body), 8 + data.length);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(2, 0);
  header.writeUInt32BE(2, 4);
  header.set([8, 6, 0, 0, 0], 8); // 8 bits, RGBA, deflate, no filter, no interlace
  const rows = Buffer.from([0, 200, 30, 30, 255, 30, 30, 200, 128, 0, 30, 200, 30, 255, 250, 250, 250, 0]);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

// ── tests ─────────────────────────────────────────────────────────────────────────────────────

describe('renderDocumentPdf', () => {
  it('renders a one-line invoice as a one-page PDF titled with its number', async () => {
    const invoice = sampleReverseChargeInvoice();
    const bytes = await renderDocumentPdf(invoice, { now: NOW });
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const pdf = await load(bytes);
    expect(pdf.getPageCount()).toBe(1);
    expect(pdf.getTitle()).toContain('F-2026-000043');
    expect(pdf.getCreationDate()?.toISOString()).toBe(NOW.toISOString());
    const [page] = pageTexts(pdf);
    expect(page).toContain('FACTURE');
    expect(page).toContain('Autoliquidation (VATEX-EU-AE)');
    expect(page).toContain('Müller Software GmbH');
    expect(page).toContain('N° TVA DE123456789');
    expect(page).toContain('1 / 1');
  });

  it('prints the lines, the VAT breakdown and every total of the invoice', async () => {
    const invoice = sampleInvoice();
    const text = pageTexts(await load(await renderDocumentPdf(invoice, { now: NOW }))).join('\n');
    const money = (minor: number) => fold(formatMoney(minor, 'EUR', 'fr-FR'));
    for (const line of invoice.lines) {
      expect(text).toContain(line.description);
      expect(text).toContain(money(line.netMinor));
    }
    for (const row of invoice.vatBreakdown) {
      expect(text).toContain(money(row.taxableMinor));
      expect(text).toContain(money(row.taxMinor));
    }
    expect(text).toContain(`Total HT\n${money(invoice.totals.netMinor)}`);
    expect(text).toContain(`TVA\n${money(invoice.totals.taxMinor)}`);
    expect(text).toContain(`Total TTC\n${money(invoice.totals.grossMinor)}`);
    expect(text).toContain(`Déjà réglé\n${money(-invoice.totals.paidMinor)}`);
    expect(text).toContain(`Net à payer\n${money(invoice.totals.dueMinor)}`);
    expect(text).toContain('FR76 3000 6000 0112 3456 7890 189');
    expect(text).toContain(`SIRET ${formatSirenOrSiret(invoice.seller.siret ?? '')}`);
    expect(text).toContain('RCS Lyon 303 265 045');
    expect(text).toContain('SAS au capital de 10 000 €');
    expect(text).toContain('BM-2026-17');
    expect(text).toContain('PO-8812');
    expect(text).toContain('Indemnité forfaitaire pour frais de recouvrement');
  });

  it('breaks 80 lines over several pages, repeating the table header and numbering pages', async () => {
    const invoice = invoiceWithLines(80);
    const pdf = await load(await renderDocumentPdf(invoice, { now: NOW }));
    const pages = pageTexts(pdf);
    expect(pages.length).toBeGreaterThanOrEqual(2);
    pages.forEach((text, i) => {
      expect(text).toContain(`${i + 1} / ${pages.length}`);
      expect(text).toContain('Désignation\nQté\nUnité\nP.U. HT\nTVA\nTotal HT');
    });
    const all = pages.join('\n');
    for (let i = 1; i <= 80; i++) expect(all).toContain(`Prestation ${i}`);
    expect(pages.at(-1)).toContain(fold(formatMoney(invoice.totals.dueMinor, 'EUR', 'fr-FR')));
  });

  it('prints titles by kind and language', async () => {
    const cases: Array<[BillingDocument, string]> = [
      [sampleCreditNote(), 'AVOIR'],
      [sampleInvoice({ kind: 'quote' }), 'DEVIS'],
      [
        sampleInvoice({ kind: 'reminder', reminder: { step: 1, daysPastDue: 5, formalNotice: false } }),
        'RELANCE',
      ],
      [
        sampleInvoice({ kind: 'reminder', reminder: { step: 4, daysPastDue: 30, formalNotice: true } }),
        'MISE EN DEMEURE',
      ],
      [sampleInvoice({ locale: 'en-GB' }), 'INVOICE'],
      [{ ...sampleCreditNote(), locale: 'en' }, 'CREDIT NOTE'],
      [sampleInvoice({ kind: 'quote', locale: 'en-US' }), 'QUOTE'],
      [sampleInvoice({ kind: 'reminder', locale: 'en', reminder: null }), 'PAYMENT REMINDER'],
    ];
    for (const [doc, title] of cases) {
      const [first] = pageTexts(await load(await renderDocumentPdf(doc, { now: NOW })));
      expect(first?.split('\n')).toContain(title);
    }
  });

  it('prints the credit note’s preceding invoice and the formal notice letter', async () => {
    // Lines folded into one: the details cell wraps the reference over two lines.
    const credit = fold(
      pageTexts(await load(await renderDocumentPdf(sampleCreditNote(), { now: NOW }))).join(' '),
    );
    expect(credit).toContain('Facture d’origine');
    expect(credit).toContain('F-2026-000042 du 2 nov. 2026');
    expect(credit).toContain('Net à créditer');

    const notice = sampleInvoice({
      kind: 'reminder',
      reminder: { step: 4, daysPastDue: 30, formalNotice: true },
    });
    const letter = fold(pageTexts(await load(await renderDocumentPdf(notice, { now: NOW }))).join(' '));
    expect(letter).toContain('Relance n° 4 · 30 jours de retard');
    expect(letter).toContain('nous vous mettons en demeure');
    expect(letter).toContain('Facture n° F-2026-000042');
  });

  it('formats amounts with the currency’s own decimals (JPY has none)', async () => {
    const doc: BillingDocument = {
      ...sampleInvoice({ locale: 'en-US', currency: 'JPY' }),
      ...computeTotals([
        {
          description: 'Consulting',
          quantityMilli: 2000,
          unitPriceMinor: 150_000,
          vatCategory: 'S',
          vatRateBasisPoints: 1000,
        },
      ]),
    };
    const text = pageTexts(await load(await renderDocumentPdf(doc, { now: NOW }))).join('\n');
    expect(text).toContain('¥300,000');
    expect(text).toContain('¥330,000');
    expect(text).not.toContain('¥3,000.00');
  });

  it('draws the tenant logo and primary colour', async () => {
    const doc = sampleInvoice({ branding: { logoPng: tinyPng(), primaryColor: '#c81e1e' } });
    const bytes = await renderDocumentPdf(doc, { now: NOW, compress: false });
    const pdf = await load(bytes);
    const xobjects = pdf.getPage(0).node.Resources()?.lookup(PDFName.of('XObject'), PDFDict);
    const images = (xobjects?.keys() ?? []).map((key) => xobjects?.lookup(key, PDFStream));
    expect(images.some((image) => image?.dict.get(PDFName.of('Subtype')) === PDFName.of('Image'))).toBe(true);
    // #c81e1e = (200, 30, 30) as a DeviceRGB fill.
    expect(latin1(bytes)).toContain(`${200 / 255} ${30 / 255} ${30 / 255} scn`);
  });

  it('never shows the .notdef glyph, replacing characters the fonts lack (ISO 19005-3 §6.2.11.8)', async () => {
    const doc = sampleInvoice({ note: 'Merci ☕ 東京 Σ — à bientôt 😀' });
    const pdf = await load(await renderDocumentPdf(doc, { now: NOW }));
    for (const page of pdf.getPages()) {
      for (const { cids } of shownGlyphs(page)) expect(cids).not.toContain('0000');
    }
    expect(pageTexts(pdf)[0]).toContain('Merci ? ?? ? — à bientôt ?');
  });

  it('embeds every font: no standard-14 or other non-embedded font dictionary', async () => {
    const pdf = await load(await renderDocumentPdf(sampleInvoice(), { now: NOW }));
    const fonts = pdf.context
      .enumerateIndirectObjects()
      .map(([, object]) => object)
      .filter((object): object is PDFDict => object instanceof PDFDict)
      .filter((dict) => dict.get(PDFName.of('Type')) === PDFName.of('Font'));
    expect(fonts.length).toBeGreaterThan(0);
    for (const font of fonts) {
      const subtype = font.get(PDFName.of('Subtype'));
      const described =
        subtype === PDFName.of('Type0')
          ? font.lookup(PDFName.of('DescendantFonts'), PDFArray).lookup(0, PDFDict)
          : font;
      const descriptor = described.lookupMaybe(PDFName.of('FontDescriptor'), PDFDict);
      expect(descriptor, `font ${font.get(PDFName.of('BaseFont'))} has no descriptor`).toBeDefined();
      const programs = ['FontFile', 'FontFile2', 'FontFile3'].filter((key) =>
        descriptor?.has(PDFName.of(key)),
      );
      expect(programs, `font ${font.get(PDFName.of('BaseFont'))} is not embedded`).toHaveLength(1);
    }
  });

  it('declares PDF/A-3b with an sRGB output intent, even without Factur-X', async () => {
    const pdf = await load(await renderDocumentPdf(sampleCreditNote(), { now: NOW }));
    const xmp = xmpOf(pdf);
    expect(XMLValidator.validate(xmp.replace(/^\uFEFF/, ''))).toBe(true);
    expect(xmp).toContain('<pdfaid:part>3</pdfaid:part>');
    expect(xmp).toContain('<pdfaid:conformance>B</pdfaid:conformance>');
    expect(xmp).not.toContain('fx:DocumentFileName');
    const intent = pdf.catalog.lookup(PDFName.of('OutputIntents'), PDFArray).lookup(0, PDFDict);
    expect(intent.get(PDFName.of('S'))).toBe(PDFName.of('GTS_PDFA1'));
    const profile = lookupStream(intent, 'DestOutputProfile');
    expect(latin1(streamBytes(profile)).slice(36, 40)).toBe('acsp'); // ICC profile signature
  });

  it('produces byte-identical output for the same document and date', async () => {
    const a = await renderDocumentPdf(sampleInvoice(), { now: NOW, facturXml: FACTUR_XML });
    const b = await renderDocumentPdf(sampleInvoice(), { now: NOW, facturXml: FACTUR_XML });
    expect(a.equals(b)).toBe(true);
  });

  it('refuses Factur-X XML on a quote or a reminder', async () => {
    await expect(
      renderDocumentPdf(sampleInvoice({ kind: 'quote' }), { facturXml: FACTUR_XML }),
    ).rejects.toThrow(RangeError);
    await expect(
      renderDocumentPdf(sampleInvoice({ kind: 'reminder' }), { facturXml: FACTUR_XML }),
    ).rejects.toThrow(RangeError);
  });
});

describe('renderDocumentPdf with Factur-X XML', () => {
  it('embeds factur-x.xml as an associated file listed in /AF and /Names/EmbeddedFiles', async () => {
    const pdf = await load(await renderDocumentPdf(sampleInvoice(), { now: NOW, facturXml: FACTUR_XML }));
    const af = pdf.catalog.lookup(PDFName.of('AF'), PDFArray);
    expect(af.size()).toBe(1);
    const spec = af.lookup(0, PDFDict);

    const names = catalogDict(pdf, 'Names')
      .lookup(PDFName.of('EmbeddedFiles'), PDFDict)
      .lookup(PDFName.of('Names'), PDFArray);
    expect(names.lookup(0, PDFString).decodeText()).toBe('factur-x.xml');
    expect(names.lookup(1, PDFDict)).toBe(spec);

    expect(spec.lookup(PDFName.of('F'), PDFString).decodeText()).toBe('factur-x.xml');
    expect(spec.lookup(PDFName.of('UF'), PDFString).decodeText()).toBe('factur-x.xml');
    // EN 16931 profile: the XML is a complete equivalent of the invoice (Factur-X 1.0.07).
    expect(spec.get(PDFName.of('AFRelationship'))).toBe(PDFName.of('Alternative'));

    const file = lookupStream(spec.lookup(PDFName.of('EF'), PDFDict), 'F');
    expect(Buffer.from(streamBytes(file)).toString('utf8')).toBe(FACTUR_XML);
    expect((file.dict.get(PDFName.of('Subtype')) as PDFName).decodeText()).toBe('text/xml');
    const params = file.dict.lookup(PDFName.of('Params'), PDFDict);
    expect(params.lookup(PDFName.of('ModDate'), PDFString).decodeDate().toISOString()).toBe(
      NOW.toISOString(),
    );
  });

  it('uses AFRelationship Data for the MINIMUM and BASIC WL profiles', async () => {
    const bytes = await renderDocumentPdf(sampleInvoice(), {
      now: NOW,
      facturXml: FACTUR_XML,
      facturxProfile: 'BASIC WL',
    });
    const pdf = await load(bytes);
    const spec = pdf.catalog.lookup(PDFName.of('AF'), PDFArray).lookup(0, PDFDict);
    expect(spec.get(PDFName.of('AFRelationship'))).toBe(PDFName.of('Data'));
    expect(xmpOf(pdf)).toContain('<fx:ConformanceLevel>BASIC WL</fx:ConformanceLevel>');
  });

  it('writes the PDF/A-3b identification and the Factur-X XMP properties with their extension schema', async () => {
    const pdf = await load(await renderDocumentPdf(sampleCreditNote(), { now: NOW, facturXml: FACTUR_XML }));
    const xmp = xmpOf(pdf);
    expect(XMLValidator.validate(xmp.replace(/^\uFEFF/, ''))).toBe(true);
    expect(xmp).toContain('<pdfaid:part>3</pdfaid:part>');
    expect(xmp).toContain('<pdfaid:conformance>B</pdfaid:conformance>');
    expect(xmp).toContain('xmlns:fx="urn:factur-x:pdfa:CrossIndustryDocument:invoice:1p0#"');
    expect(xmp).toContain('<fx:DocumentType>INVOICE</fx:DocumentType>');
    expect(xmp).toContain('<fx:DocumentFileName>factur-x.xml</fx:DocumentFileName>');
    expect(xmp).toContain('<fx:Version>1.0</fx:Version>');
    expect(xmp).toContain('<fx:ConformanceLevel>EN 16931</fx:ConformanceLevel>');
    expect(xmp).toContain('<pdfaSchema:prefix>fx</pdfaSchema:prefix>');
    for (const property of ['DocumentFileName', 'DocumentType', 'Version', 'ConformanceLevel']) {
      expect(xmp).toContain(`<pdfaProperty:name>${property}</pdfaProperty:name>`);
    }
    // PDF/A: the Info title has its XMP twin.
    expect(xmp).toContain(`<rdf:li xml:lang="x-default">${pdf.getTitle()}</rdf:li>`);
  });
});

describe('PDF artifacts', () => {
  it('writes the sample documents to test-results/billing for a human to look at', async () => {
    mkdirSync(ARTIFACTS_DIR, { recursive: true });
    const documents: Array<[string, BillingDocument, string | undefined]> = [
      ['invoice-facturx', sampleInvoice(), FACTUR_XML],
      ['invoice-reverse-charge-facturx', sampleReverseChargeInvoice(), FACTUR_XML],
      ['credit-note-facturx', sampleCreditNote(), FACTUR_XML],
      [
        'reminder-formal-notice',
        sampleInvoice({ kind: 'reminder', reminder: { step: 4, daysPastDue: 30, formalNotice: true } }),
        undefined,
      ],
      [
        'quote-en',
        sampleInvoice({ kind: 'quote', locale: 'en-GB', branding: { primaryColor: '#0f766e' } }),
        undefined,
      ],
      ['invoice-80-lines', invoiceWithLines(80), undefined],
    ];
    for (const [name, doc, facturXml] of documents) {
      const bytes = await renderDocumentPdf(doc, { now: NOW, facturXml });
      writeFileSync(`${ARTIFACTS_DIR}${name}.pdf`, bytes);
      expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    }
  });
});
