/**
 * @module pdf/render
 * Renders a {@link BillingDocument} (invoice, credit note, quote, payment reminder) to an A4 PDF:
 * tenant logo and colour, seller and buyer identities, references, the lines table (repeated
 * header on every page), the VAT breakdown, totals, payment details, legal mentions and page
 * numbers. Every document is PDF/A-3b (ISO 19005-3) with fonts embedded; given the Factur-X XML
 * it becomes a Factur-X 1.0.07 hybrid invoice (see `facturx.ts`).
 *
 * Printed content follows the French invoice mentions (CGI art. 242 nonies A: identities, SIREN,
 * VAT numbers, dates, per-line unit price and VAT rate, totals per rate, due date, penalties) as
 * far as the document carries them; the renderer never computes an amount, it prints what
 * `totals.ts` produced.
 */
import PDFDocument from 'pdfkit';
import type { BillingDocument, Party, VatBreakdown } from '../domain/document.js';
import { attachFacturx, type FacturxProfile } from './facturx.js';
import { embeddedFonts, printable } from './fonts.js';
import {
  formatDate,
  formatIban,
  formatMoney,
  formatQuantity,
  formatSirenOrSiret,
  formatVatRate,
} from './format.js';
import {
  type DocumentLabels,
  documentLabels,
  documentTitle,
  type PrintLanguage,
  printLanguage,
  unitLabel,
} from './labels.js';
import { declarePdfA3b, xmpSafe } from './pdfa.js';

/** Options of {@link renderDocumentPdf}. */
export interface RenderPdfOptions {
  /**
   * Factur-X / ZUGFeRD CII XML (UTF-8 text) to embed as `factur-x.xml`, making the PDF a
   * Factur-X invoice. Only for `invoice` and `credit_note` documents.
   */
  facturXml?: string;
  /** Factur-X profile `facturXml` conforms to (XMP `fx:ConformanceLevel`). Default `EN 16931`. */
  facturxProfile?: FacturxProfile;
  /**
   * Creation date written to the Info dictionary, the XMP packet and the embedded XML's dates.
   * Default: the current time. With the same document and `now`, the output is byte-identical.
   */
  now?: Date;
  /** Deflate content streams (default `true`); `false` leaves them readable, for debugging. */
  compress?: boolean;
}

/** Accent colour when the tenant has none or an unreadable one: a sober blue. */
export const DEFAULT_PRIMARY_COLOR = '#1e40af';

/**
 * Renders a billing document to PDF bytes.
 *
 * Output: A4 portrait, PDF 1.7 declared PDF/A-3b (XMP `pdfaid`, sRGB output intent, DejaVu Sans
 * embedded), document title `"<Kind> <number>"` in Info and XMP, `/Lang` from `doc.locale`
 * (default `fr-FR`; any non-French locale prints in English). Amounts print with
 * `Intl.NumberFormat` from minor units, with the currency's ISO 4217 decimals.
 *
 * @example
 * ```ts
 * // ciiXml: the invoice's EN 16931 Cross Industry Invoice, from the Factur-X writer.
 * const pdf = await renderDocumentPdf(invoice, { facturXml: ciiXml });
 * return c.body(pdf, 200, { 'content-type': 'application/pdf' });
 * ```
 * @throws RangeError when `facturXml` is given for a quote or a reminder (Factur-X carries
 *   invoices and credit notes only), or when an amount is not a safe integer, the currency is
 *   not ISO 4217, or a date is not `YYYY-MM-DD`.
 * @throws Error when `facturXml` is blank, or from pdfkit when `doc.branding.logoPng` is not a
 *   decodable PNG or JPEG.
 */
export async function renderDocumentPdf(
  doc: BillingDocument,
  options: RenderPdfOptions = {},
): Promise<Buffer> {
  if (options.facturXml !== undefined && (doc.kind === 'quote' || doc.kind === 'reminder')) {
    throw new RangeError(`a ${doc.kind} cannot carry Factur-X XML: only invoices and credit notes do`);
  }
  const now = options.now ?? new Date();
  const locale = doc.locale ?? 'fr-FR';
  const language = printLanguage(locale);
  const title = documentTitle(doc, language);
  const fonts = embeddedFonts();
  const pdf = new PDFDocument({
    size: 'A4',
    margin: 0,
    bufferPages: true,
    pdfVersion: '1.7',
    compress: options.compress ?? true,
    lang: locale,
    displayTitle: true,
    info: {
      Title: xmpSafe(`${title.charAt(0)}${title.slice(1).toLowerCase()} ${doc.number}`),
      Creator: 'Comptoir',
      Producer: 'Comptoir billing (PDFKit)',
      CreationDate: now,
    },
    // pdfkit 0.20 takes font bytes here (typed `string` in @types/pdfkit 0.17). Passing ours
    // keeps pdfkit from loading its default Helvetica, a non-embeddable standard-14 font.
    font: fonts.regular as unknown as string,
  });
  const bytes = collect(pdf);
  pdf.registerFont(REGULAR, fonts.regular);
  pdf.registerFont(BOLD, fonts.bold);

  new DocumentLayout(pdf, doc, locale, language, title).draw();

  declarePdfA3b(pdf);
  if (options.facturXml !== undefined) {
    attachFacturx(pdf, options.facturXml, { profile: options.facturxProfile, now });
  }
  pdf.end();
  return bytes;
}

function collect(pdf: PDFKit.PDFDocument): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Uint8Array[] = [];
    pdf.on('data', (chunk: Uint8Array) => chunks.push(chunk));
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
    pdf.on('error', reject);
  });
}

const REGULAR = 'DejaVuSans';
const BOLD = 'DejaVuSans-Bold';

// Geometry, in PDF points (1/72 in). A4 = 210 × 297 mm.
const PAGE_WIDTH = 595.28;
const PAGE_HEIGHT = 841.89;
const MARGIN_X = 48;
const CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN_X;
const TOP = 44;
const FOOTER_TOP = PAGE_HEIGHT - 46;
const CONTENT_BOTTOM = FOOTER_TOP - 14;

// Lines table: cell padding and header height; closing section column widths.
const CELL_X = 5;
const CELL_Y = 5;
const TABLE_HEADER_HEIGHT = 22;
const LEFT_WIDTH = 268;
const RIGHT_WIDTH = 206;

// Neutral palette (Tailwind grays): text, secondary text, rules.
const INK = '#111827';
const MUTED = '#6b7280';
const RULE = '#e5e7eb';

interface Theme {
  /** Fills and rules. */
  accent: string;
  /** Accent text on white: the accent itself, or ink when the accent is too light to read. */
  accentText: string;
  /** Very light accent for table headers and the details band. */
  tint: string;
  /** Text on an accent fill: white, or ink on a light accent. */
  onAccent: string;
}

function themeOf(color: string | null | undefined): Theme {
  const rgb = parseHexColor(color) ?? parseHexColor(DEFAULT_PRIMARY_COLOR)!;
  const [r, g, b] = rgb;
  // WCAG relative luminance; above ~0.45 white text stops being readable on the colour.
  const channel = (c: number) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  const luminance = 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
  const hex = (c: number) => Math.round(c).toString(16).padStart(2, '0');
  const mix = (c: number) => c + (255 - c) * 0.92;
  const accent = `#${hex(r)}${hex(g)}${hex(b)}`;
  return {
    accent,
    accentText: luminance > 0.45 ? INK : accent,
    tint: `#${hex(mix(r))}${hex(mix(g))}${hex(mix(b))}`,
    onAccent: luminance > 0.45 ? INK : '#ffffff',
  };
}

function parseHexColor(color: string | null | undefined): [number, number, number] | null {
  const match = /^#?([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(color?.trim() ?? '');
  if (!match?.[1]) return null;
  const digits = match[1].length === 3 ? [...match[1]].map((d) => d + d).join('') : match[1];
  return [0, 2, 4].map((i) => Number.parseInt(digits.slice(i, i + 2), 16)) as [number, number, number];
}

interface TextStyle {
  width?: number;
  align?: 'left' | 'right' | 'center';
  bold?: boolean;
  size?: number;
  color?: string;
  lineGap?: number;
  characterSpacing?: number;
  /** Clip the text to this height, ending with an ellipsis. */
  height?: number;
}

/** A part of the closing section: its height, and how to draw it from a top y. */
interface Block {
  height: number;
  draw: (top: number) => void;
}

// Free texts longer than what a continuation page holds are cut with an ellipsis rather than
// run into the footer.
const PAGE_TEXT_HEIGHT = CONTENT_BOTTOM - TOP - 28;
const LEGAL_STYLE: TextStyle = { size: 7, color: MUTED, lineGap: 1.5, height: PAGE_TEXT_HEIGHT };

interface Column {
  label: string;
  width: number;
  align: 'left' | 'right';
}

/** Draws one document; holds the vertical cursor `y` of the current page. */
class DocumentLayout {
  private y = TOP;
  private readonly labels: DocumentLabels;
  private readonly theme: Theme;
  private readonly columns: Column[];
  private regionNames: Intl.DisplayNames | null = null;

  constructor(
    private readonly pdf: PDFKit.PDFDocument,
    private readonly doc: BillingDocument,
    private readonly locale: string,
    private readonly language: PrintLanguage,
    private readonly title: string,
  ) {
    this.labels = documentLabels(language);
    this.theme = themeOf(doc.branding?.primaryColor);
    const c = this.labels.columns;
    const fixed: Column[] = [
      { label: c.quantity, width: 44, align: 'right' },
      { label: c.unit, width: 56, align: 'left' },
      { label: c.unitPrice, width: 76, align: 'right' },
      { label: c.vat, width: 44, align: 'right' },
      { label: c.net, width: 82, align: 'right' },
    ];
    const used = fixed.reduce((sum, col) => sum + col.width, 0);
    this.columns = [{ label: c.description, width: CONTENT_WIDTH - used, align: 'left' }, ...fixed];
  }

  draw(): void {
    this.header();
    this.parties();
    this.details();
    this.reminderLetter();
    this.note();
    this.linesTable();
    this.summary();
    this.legalMentions();
    this.footers();
  }

  // ── primitives ────────────────────────────────────────────────────────────────────────────

  private style(style: TextStyle): void {
    this.pdf.font(style.bold ? BOLD : REGULAR).fontSize(style.size ?? 9);
  }

  private measure(text: string, style: TextStyle): number {
    this.style(style);
    const height = this.pdf.heightOfString(printable(text), {
      width: style.width ?? CONTENT_WIDTH,
      lineGap: style.lineGap ?? 1,
      characterSpacing: style.characterSpacing ?? 0,
    });
    return style.height === undefined ? height : Math.min(height, style.height);
  }

  /** Draws text with its top-left corner at (x, y); returns the height it took. */
  private text(text: string, x: number, y: number, style: TextStyle = {}): number {
    const height = this.measure(text, style);
    this.style(style);
    this.pdf.fillColor(style.color ?? INK).text(printable(text), x, y, {
      width: style.width ?? CONTENT_WIDTH,
      align: style.align ?? 'left',
      lineGap: style.lineGap ?? 1,
      characterSpacing: style.characterSpacing ?? 0,
      ...(style.height === undefined ? {} : { height: style.height, ellipsis: true }),
    });
    return height;
  }

  private rule(x: number, y: number, width: number, color = RULE, lineWidth = 0.5): void {
    this.pdf
      .moveTo(x, y)
      .lineTo(x + width, y)
      .lineWidth(lineWidth)
      .strokeColor(color)
      .stroke();
  }

  private money(amountMinor: number): string {
    return formatMoney(amountMinor, this.doc.currency, this.locale);
  }

  private date(isoDate: string): string {
    return formatDate(isoDate, this.locale);
  }

  /** Starts a new page when `height` more points do not fit above the footer. */
  private ensureSpace(height: number): void {
    if (this.y + height > CONTENT_BOTTOM) this.newPage();
  }

  private newPage(): void {
    this.pdf.addPage();
    this.y = TOP;
    const heading = `${this.title} ${this.doc.number}`;
    this.text(heading, MARGIN_X, this.y, { bold: true, size: 9, color: this.theme.accentText });
    this.style({ bold: true, size: 9 });
    const offset = this.pdf.widthOfString(printable(heading)) + 6;
    this.text(`(${this.labels.continued})`, MARGIN_X + offset, this.y, {
      size: 9,
      color: MUTED,
      width: CONTENT_WIDTH - offset,
    });
    this.y += 28;
  }

  // ── sections ──────────────────────────────────────────────────────────────────────────────

  private header(): void {
    const rightWidth = 240;
    const rightX = PAGE_WIDTH - MARGIN_X - rightWidth;
    const leftWidth = CONTENT_WIDTH - rightWidth - 16;
    let leftHeight: number;
    const logo = this.doc.branding?.logoPng;
    if (logo && logo.byteLength > 0) {
      const box: [number, number] = [Math.min(170, leftWidth), 60];
      this.pdf.image(Buffer.from(logo.buffer, logo.byteOffset, logo.byteLength), MARGIN_X, TOP, { fit: box });
      leftHeight = box[1];
    } else {
      leftHeight = this.text(this.doc.seller.tradingName || this.doc.seller.name, MARGIN_X, TOP, {
        bold: true,
        size: 15,
        color: this.theme.accentText,
        width: leftWidth,
      });
    }
    const titleHeight = this.text(this.title, rightX, TOP - 2, {
      bold: true,
      size: 20,
      color: this.theme.accentText,
      width: rightWidth,
      align: 'right',
    });
    const numberHeight = this.text(
      `${this.labels.numberLabel[this.doc.kind]} ${this.doc.number}`,
      rightX,
      TOP + titleHeight + 2,
      { size: 10, width: rightWidth, align: 'right' },
    );
    this.y = TOP + Math.max(leftHeight, titleHeight + 2 + numberHeight) + 20;
  }

  private countryName(code: string): string {
    try {
      this.regionNames ??= new Intl.DisplayNames([this.locale], { type: 'region' });
      return this.regionNames.of(code.toUpperCase()) ?? code;
    } catch {
      return code;
    }
  }

  private partyLines(party: Party, otherCountry: string): { address: string[]; identity: string[] } {
    const l = this.labels;
    const { address } = party;
    const lines = [address.line1, address.line2, `${address.postalCode} ${address.city}`.trim()];
    if (address.countryCode.toUpperCase() !== otherCountry.toUpperCase()) {
      lines.push(this.countryName(address.countryCode));
    }
    if (party.email) lines.push(party.email);
    // SIREN of both parties is a mandatory mention (Code de commerce R123-237, CGI art. 242
    // nonies A as amended for the 2026 e-invoicing reform); SIRET identifies the establishment.
    const identity: string[] = [];
    if (party.siren) identity.push(`${l.siren} ${formatSirenOrSiret(party.siren)}`);
    if (party.siret) identity.push(`${l.siret} ${formatSirenOrSiret(party.siret)}`);
    if (party.vatNumber) identity.push(`${l.vatNumber} ${party.vatNumber}`);
    return { address: lines.filter((line): line is string => Boolean(line)), identity };
  }

  private parties(): void {
    const { seller, buyer } = this.doc;
    const gap = 28;
    const width = (CONTENT_WIDTH - gap) / 2;
    const sellerLines = this.partyLines(seller, buyer.address.countryCode);
    const sellerIdentity = [
      ...sellerLines.identity,
      ...[seller.legalForm, seller.registration].filter((v): v is string => Boolean(v)),
    ];
    const buyerLines = this.partyLines(buyer, seller.address.countryCode);
    const heights = [
      this.partyBlock(this.labels.seller, seller, sellerLines.address, sellerIdentity, MARGIN_X, width),
      this.partyBlock(
        this.labels.buyer,
        buyer,
        buyerLines.address,
        buyerLines.identity,
        MARGIN_X + width + gap,
        width,
      ),
    ];
    this.y += Math.max(...heights) + 18;
  }

  private partyBlock(
    label: string,
    party: Party,
    address: string[],
    identity: string[],
    x: number,
    width: number,
  ): number {
    let y = this.y;
    y += this.text(label.toUpperCase(), x, y, {
      bold: true,
      size: 7.5,
      color: this.theme.accentText,
      width,
      characterSpacing: 0.6,
    });
    y += 4;
    y += this.text(party.name, x, y, { bold: true, size: 10.5, width });
    if (party.tradingName && party.tradingName !== party.name) {
      y += this.text(`${this.labels.tradingName} ${party.tradingName}`, x, y, {
        size: 8.5,
        color: MUTED,
        width,
      });
    }
    y += 2;
    y += this.text(address.join('\n'), x, y, { size: 9, width, lineGap: 1 });
    if (identity.length > 0) {
      y += 4;
      y += this.text(identity.join('\n'), x, y, { size: 8, color: MUTED, width, lineGap: 1 });
    }
    return y - this.y;
  }

  private details(): void {
    const { doc, labels: l } = this;
    const items: Array<[string, string]> = [[l.issueDate, this.date(doc.issueDate)]];
    if (doc.dueDate) items.push([doc.kind === 'quote' ? l.validUntil : l.dueDate, this.date(doc.dueDate)]);
    if (doc.deliveryDate) items.push([l.deliveryDate, this.date(doc.deliveryDate)]);
    if (doc.precedingInvoice) {
      items.push([
        l.precedingInvoice,
        `${doc.precedingInvoice.number} ${l.dated} ${this.date(doc.precedingInvoice.issueDate)}`,
      ]);
    }
    if (doc.buyerReference) items.push([l.buyerReference, doc.buyerReference]);
    if (doc.purchaseOrderReference) items.push([l.purchaseOrder, doc.purchaseOrderReference]);

    // At most five cells a row, spread evenly over the rows needed.
    const perRow = Math.ceil(items.length / Math.ceil(items.length / 5));
    const padding = 9;
    const cellWidth = CONTENT_WIDTH / Math.max(perRow, 4);
    const rows: Array<Array<[string, string]>> = [];
    for (let i = 0; i < items.length; i += perRow) rows.push(items.slice(i, i + perRow));
    const valueStyle: TextStyle = { bold: true, size: 9.5, width: cellWidth - 2 * padding };
    const labelStyle: TextStyle = { size: 7.5, color: MUTED, width: cellWidth - 2 * padding };
    const rowHeights = rows.map((row) =>
      Math.max(
        ...row.map(([label, value]) => this.measure(label, labelStyle) + 3 + this.measure(value, valueStyle)),
      ),
    );
    const height = rowHeights.reduce((sum, h) => sum + h, 0) + padding * 2 + (rows.length - 1) * 8;
    this.ensureSpace(height);
    this.pdf.roundedRect(MARGIN_X, this.y, CONTENT_WIDTH, height, 6).fill(this.theme.tint);
    let y = this.y + padding;
    rows.forEach((row, r) => {
      row.forEach(([label, value], i) => {
        const x = MARGIN_X + i * cellWidth + padding;
        const labelHeight = this.text(label, x, y, labelStyle);
        this.text(value, x, y + labelHeight + 3, valueStyle);
      });
      y += (rowHeights[r] ?? 0) + 8;
    });
    this.y += height + 16;
  }

  private reminderLetter(): void {
    const { doc, labels: l } = this;
    if (doc.kind !== 'reminder') return;
    const params = {
      invoiceNumber: doc.number,
      issueDate: this.date(doc.issueDate),
      dueDate: doc.dueDate ? this.date(doc.dueDate) : null,
      daysPastDue: doc.reminder?.daysPastDue ?? 0,
      amountDue: this.money(doc.totals.dueMinor),
    };
    const heading = doc.reminder ? l.reminderHeading(doc.reminder.step, doc.reminder.daysPastDue) : null;
    const body = doc.reminder?.formalNotice ? l.formalNoticeText(params) : l.reminderText(params);
    const bodyStyle: TextStyle = { size: 9.5, lineGap: 2 };
    const headingStyle: TextStyle = { bold: true, size: 10.5, color: this.theme.accentText };
    const height = (heading ? this.measure(heading, headingStyle) + 6 : 0) + this.measure(body, bodyStyle);
    this.ensureSpace(height);
    if (heading) this.y += this.text(heading, MARGIN_X, this.y, headingStyle) + 6;
    this.y += this.text(body, MARGIN_X, this.y, bodyStyle) + 14;
  }

  private note(): void {
    if (!this.doc.note) return;
    const style: TextStyle = { size: 9, color: MUTED, lineGap: 2, height: PAGE_TEXT_HEIGHT };
    this.ensureSpace(this.measure(this.doc.note, style));
    this.y += this.text(this.doc.note, MARGIN_X, this.y, style) + 12;
  }

  // ── lines table ───────────────────────────────────────────────────────────────────────────

  private tableHeader(): void {
    const height = TABLE_HEADER_HEIGHT;
    this.pdf.rect(MARGIN_X, this.y, CONTENT_WIDTH, height).fill(this.theme.tint);
    let x = MARGIN_X;
    for (const column of this.columns) {
      this.text(column.label, x + CELL_X, this.y + 7, {
        bold: true,
        size: 7.5,
        color: this.theme.accentText,
        width: column.width - 2 * CELL_X,
        align: column.align,
      });
      x += column.width;
    }
    this.y += height;
  }

  private linesTable(): void {
    // Tallest description a fresh page can hold; longer ones are cut with an ellipsis.
    const maxTextHeight = CONTENT_BOTTOM - (TOP + 28 + TABLE_HEADER_HEIGHT) - 2 * CELL_Y;
    const styleOf = (i: number): TextStyle => ({
      size: 9,
      lineGap: 1.5,
      width: (this.columns[i]?.width ?? 0) - 2 * CELL_X,
      align: this.columns[i]?.align,
      height: i === 0 ? maxTextHeight : undefined,
    });
    const rows = this.doc.lines.map((line) => {
      const cells = [
        line.description,
        formatQuantity(line.quantityMilli, this.locale),
        unitLabel(line.unitCode, line.quantityMilli, this.language),
        this.money(line.unitPriceMinor),
        formatVatRate(line.vatRateBasisPoints, this.locale),
        this.money(line.netMinor),
      ];
      const height = Math.max(...cells.map((cell, i) => this.measure(cell, styleOf(i)))) + 2 * CELL_Y;
      return { cells, height };
    });
    // The header never ends a page alone: it starts where its first line fits.
    this.ensureSpace(TABLE_HEADER_HEIGHT + (rows[0]?.height ?? 0));
    this.tableHeader();
    for (const row of rows) {
      if (this.y + row.height > CONTENT_BOTTOM) {
        this.newPage();
        this.tableHeader();
      }
      let x = MARGIN_X;
      row.cells.forEach((cell, i) => {
        this.text(cell, x + CELL_X, this.y + CELL_Y, styleOf(i));
        x += this.columns[i]?.width ?? 0;
      });
      this.y += row.height;
      this.rule(MARGIN_X, this.y, CONTENT_WIDTH);
    }
    this.y += 16;
  }

  // ── VAT breakdown, payment details, totals, acceptance ────────────────────────────────────

  private vatRateText(row: VatBreakdown): { rate: string; reason: string | null } {
    const rate = formatVatRate(row.vatRateBasisPoints, this.locale);
    const reason = row.exemptionReason
      ? `${row.exemptionReason}${row.exemptionReasonCode ? ` (${row.exemptionReasonCode})` : ''}`
      : row.vatCategory === 'S'
        ? null
        : this.labels.vatCategories[row.vatCategory];
    return { rate, reason };
  }

  /**
   * The closing block under the lines: VAT breakdown then payment details on the left, totals
   * then (for a quote) the acceptance box on the right. Kept together on one page.
   */
  private summary(): void {
    const left = [this.vatBreakdownBlock(), this.paymentBlock()].filter((b): b is Block => b !== null);
    const right = [this.totalsBlock(), this.acceptanceBlock()].filter((b): b is Block => b !== null);
    const gap = 16;
    const columnHeight = (blocks: Block[]) =>
      blocks.reduce((sum, b) => sum + b.height, 0) + Math.max(0, blocks.length - 1) * gap;
    const height = Math.max(columnHeight(left), columnHeight(right));
    // Keep the legal mentions on the same page as the totals they qualify.
    this.ensureSpace(height + 14 + this.legalMentionsHeight());
    const top = this.y;
    for (const column of [left, right]) {
      let y = top;
      for (const block of column) {
        block.draw(y);
        y += block.height + gap;
      }
    }
    this.y = top + height + 14;
  }

  private vatBreakdownBlock(): Block | null {
    const { doc, labels: l } = this;
    if (doc.vatBreakdown.length === 0) return null;
    const widths = [128, 70, 70] as const;
    const width = LEFT_WIDTH;
    const reasonStyle: TextStyle = { size: 7.5, color: MUTED, width: widths[0] - 4 };
    const rowStyle: TextStyle = { size: 8.5 };
    const rows = doc.vatBreakdown.map((row) => {
      const text = this.vatRateText(row);
      const height = 18 + (text.reason ? this.measure(text.reason, reasonStyle) + 1 : 0);
      return { row, text, height };
    });
    return {
      height: 18 + rows.reduce((sum, r) => sum + r.height, 0),
      draw: (top) => {
        let x = MARGIN_X;
        [l.vatBreakdown.rate, l.vatBreakdown.base, l.vatBreakdown.tax].forEach((label, i) => {
          const w = widths[i] ?? 0;
          this.text(label, x, top, {
            bold: true,
            size: 7.5,
            color: MUTED,
            width: w - 4,
            align: i ? 'right' : 'left',
          });
          x += w;
        });
        let y = top + 14;
        this.rule(MARGIN_X, y, width);
        y += 4;
        for (const { row, text, height } of rows) {
          this.text(text.rate, MARGIN_X, y + 3, { ...rowStyle, width: widths[0] - 4 });
          this.text(this.money(row.taxableMinor), MARGIN_X + widths[0], y + 3, {
            ...rowStyle,
            width: widths[1] - 4,
            align: 'right',
          });
          this.text(this.money(row.taxMinor), MARGIN_X + widths[0] + widths[1], y + 3, {
            ...rowStyle,
            width: widths[2] - 4,
            align: 'right',
          });
          if (text.reason) this.text(text.reason, MARGIN_X, y + 14, reasonStyle);
          y += height;
          this.rule(MARGIN_X, y - 2, width);
        }
      },
    };
  }

  private paymentBlock(): Block | null {
    const { doc, labels: l } = this;
    const rows: Array<[string, string]> = [];
    if (doc.paymentTerms) rows.push([l.paymentTerms, doc.paymentTerms]);
    if (doc.kind === 'invoice' || doc.kind === 'reminder') {
      if (doc.dueDate) rows.push([l.dueDate, this.date(doc.dueDate)]);
      if (doc.seller.iban) rows.push([l.iban, formatIban(doc.seller.iban)]);
      if (doc.seller.bic) rows.push([l.bic, doc.seller.bic.toUpperCase()]);
      if (doc.seller.iban) rows.push([l.paymentReference, doc.number]);
    }
    if (rows.length === 0) return null;
    const labelWidth = 100;
    const labelStyle: TextStyle = { size: 7.5, color: MUTED, width: labelWidth - 6 };
    const valueStyle: TextStyle = { size: 8.5, width: LEFT_WIDTH - labelWidth };
    const titleStyle: TextStyle = { bold: true, size: 9.5, color: this.theme.accentText };
    const rowHeights = rows.map(([label, value]) =>
      Math.max(this.measure(label, labelStyle), this.measure(value, valueStyle)),
    );
    return {
      height: this.measure(l.payment, titleStyle) + 5 + rowHeights.reduce((sum, h) => sum + h + 2, 0),
      draw: (top) => {
        let y = top + this.text(l.payment, MARGIN_X, top, titleStyle) + 5;
        rows.forEach(([label, value], i) => {
          this.text(label, MARGIN_X, y + 1, labelStyle);
          this.text(value, MARGIN_X + labelWidth, y, valueStyle);
          y += (rowHeights[i] ?? 0) + 2;
        });
      },
    };
  }

  private totalsBlock(): Block {
    const { doc, labels: l } = this;
    const rows: Array<{ label: string; value: string; bold?: boolean }> = [
      { label: l.totals.net, value: this.money(doc.totals.netMinor) },
      { label: l.totals.tax, value: this.money(doc.totals.taxMinor) },
    ];
    if (doc.kind !== 'quote') {
      rows.push({ label: l.totals.gross, value: this.money(doc.totals.grossMinor), bold: true });
      if (doc.totals.paidMinor !== 0)
        rows.push({ label: l.totals.paid, value: this.money(-doc.totals.paidMinor) });
    }
    const band = {
      label: l.totals.due[doc.kind],
      value: this.money(doc.kind === 'quote' ? doc.totals.grossMinor : doc.totals.dueMinor),
    };
    const width = RIGHT_WIDTH;
    const x = PAGE_WIDTH - MARGIN_X - width;
    const rowHeight = 17;
    const bandHeight = 28;
    return {
      height: rows.length * rowHeight + 6 + bandHeight,
      draw: (top) => {
        let y = top;
        for (const row of rows) {
          const style: TextStyle = { size: 9, bold: row.bold, width: width - 20 };
          this.text(row.label, x + 10, y + 2, { ...style, color: row.bold ? INK : MUTED });
          this.text(row.value, x + 10, y + 2, { ...style, align: 'right' });
          y += rowHeight;
        }
        y += 6;
        this.pdf.roundedRect(x, y, width, bandHeight, 5).fill(this.theme.accent);
        const style: TextStyle = { bold: true, size: 10.5, color: this.theme.onAccent, width: width - 20 };
        this.text(band.label, x + 10, y + 8, style);
        this.text(band.value, x + 10, y + 8, { ...style, align: 'right' });
      },
    };
  }

  private acceptanceBlock(): Block | null {
    if (this.doc.kind !== 'quote') return null;
    const width = RIGHT_WIDTH;
    const x = PAGE_WIDTH - MARGIN_X - width;
    const l = this.labels;
    return {
      height: 78,
      draw: (top) => {
        this.pdf.roundedRect(x, top, width, 78, 5).lineWidth(0.75).strokeColor(RULE).stroke();
        this.text(l.acceptance, x + 10, top + 9, { bold: true, size: 9, width: width - 20 });
        this.text(l.acceptanceHint, x + 10, top + 22, { size: 7.5, color: MUTED, width: width - 20 });
      },
    };
  }

  // ── legal mentions, footers ───────────────────────────────────────────────────────────────

  private legalMentionsText(): string {
    return this.doc.legalMentions.filter((m) => m.trim() !== '').join('\n');
  }

  private legalMentionsHeight(): number {
    const text = this.legalMentionsText();
    return text === '' ? 0 : this.measure(text, LEGAL_STYLE);
  }

  /** Small print pinned to the bottom of the last page (or of a new page when it does not fit). */
  private legalMentions(): void {
    const text = this.legalMentionsText();
    if (text === '') return;
    const height = this.legalMentionsHeight();
    if (this.y + height > CONTENT_BOTTOM) this.newPage();
    const y = Math.max(this.y, CONTENT_BOTTOM - height);
    this.rule(MARGIN_X, y - 7, CONTENT_WIDTH);
    this.text(text, MARGIN_X, y, LEGAL_STYLE);
    this.y = y + height;
  }

  private footers(): void {
    const { seller } = this.doc;
    const l = this.labels;
    const parts = [
      seller.name,
      seller.legalForm,
      seller.registration,
      seller.siret
        ? `${l.siret} ${formatSirenOrSiret(seller.siret)}`
        : seller.siren
          ? `${l.siren} ${formatSirenOrSiret(seller.siren)}`
          : null,
      seller.vatNumber ? `${l.vatNumber} ${seller.vatNumber}` : null,
    ].filter((part): part is string => Boolean(part));
    const range = this.pdf.bufferedPageRange();
    const numberWidth = 60;
    for (let i = range.start; i < range.start + range.count; i++) {
      this.pdf.switchToPage(i);
      this.rule(MARGIN_X, FOOTER_TOP, CONTENT_WIDTH);
      this.text(parts.join(' · '), MARGIN_X, FOOTER_TOP + 8, {
        size: 7,
        color: MUTED,
        width: CONTENT_WIDTH - numberWidth - 12,
        lineGap: 1,
      });
      this.text(`${i + 1} / ${range.count}`, PAGE_WIDTH - MARGIN_X - numberWidth, FOOTER_TOP + 8, {
        size: 8,
        color: MUTED,
        width: numberWidth,
        align: 'right',
      });
    }
  }
}
