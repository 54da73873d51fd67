/**
 * @module pdf/pdfa
 * PDF/A-3 level B identification of a pdfkit document (ISO 19005-3:2012): the `pdfaid` XMP
 * properties and an sRGB output intent.
 *
 * pdfkit's own `subset: 'PDF/A-3b'` option does the same but reads its ICC profile from
 * `node_modules/pdfkit/js/data/` at run time, a file the tsup bundle (`dist/server.js`) does not
 * carry; this module embeds the same profile from `generated/srgb-icc.ts` instead.
 *
 * What the renderer does for the rest of PDF/A-3b, and what this module relies on:
 * - every font embedded (§6.2.11.4), never the `.notdef` glyph (§6.2.11.8): see `fonts.ts`;
 * - device RGB colours only, made unambiguous by the output intent (§6.2.4.3);
 * - XMP metadata stream, uncompressed (§6.6.2.1), Info dictionary entries equal to their XMP
 *   twins (§6.6.3) — pdfkit writes `dc:title`, `xmp:CreateDate`, `xmp:CreatorTool`,
 *   `pdf:Producer` from the Info values; titles must carry no `<`, `>` or `&` since pdfkit does
 *   not escape them (see {@link xmpSafe});
 * - file identifier in the trailer (§6.1.3): pdfkit always writes `/ID`;
 * - no encryption, JavaScript, external content or annotations.
 */
import { SRGB_ICC_BASE64 } from './generated/srgb-icc.js';

type PdfKitDocument = PDFKit.PDFDocument;

/** The pdfkit 0.20 internals written here, absent from `@types/pdfkit`. */
export interface PdfKitInternals {
  /** The document catalog (ISO 32000-1 §7.7.2); its `data` is written out at `end()`. */
  _root: { data: Record<string, unknown> };
}

/** Access to the catalog of a pdfkit document. */
export function catalogOf(pdf: PdfKitDocument): Record<string, unknown> {
  return (pdf as unknown as PdfKitInternals)._root.data;
}

/**
 * Removes the characters pdfkit would copy unescaped into the XMP packet (`<`, `>`, `&`), so an
 * Info value and its XMP twin stay identical and the packet stays well-formed XML.
 */
export function xmpSafe(value: string): string {
  return value.replace(/[<>&]/g, '').trim();
}

/** Escapes text for an XML element or attribute value. */
export function escapeXml(value: string): string {
  return value.replace(
    /[<>&"']/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c] ?? c,
  );
}

/**
 * Declares the document PDF/A-3b: appends `pdfaid:part 3` / `pdfaid:conformance B` to the XMP
 * metadata and sets the catalog `/OutputIntents` to one `GTS_PDFA1` intent with the ICC sRGB2014
 * profile (ISO 19005-3 §6.2.3). Call before `pdf.end()`, once; the document must be created with
 * `pdfVersion: '1.7'` (pdfkit writes no XMP stream for PDF 1.3).
 */
export function declarePdfA3b(pdf: PdfKitDocument): void {
  pdf.appendXML(
    [
      '<rdf:Description rdf:about="" xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/">',
      '  <pdfaid:part>3</pdfaid:part>',
      '  <pdfaid:conformance>B</pdfaid:conformance>',
      '</rdf:Description>',
    ].join('\n'),
  );
  const icc = Buffer.from(SRGB_ICC_BASE64, 'base64');
  const profile = pdf.ref({ N: 3 });
  profile.end(icc);
  // pdfkit serialises JS String objects as PDF strings and primitive strings as PDF names.
  const info = new String('sRGB IEC61966-2.1');
  const intent = pdf.ref({
    Type: 'OutputIntent',
    S: 'GTS_PDFA1',
    Info: info,
    OutputConditionIdentifier: info,
    DestOutputProfile: profile,
  });
  intent.end(undefined);
  catalogOf(pdf).OutputIntents = [intent];
}
