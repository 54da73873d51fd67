/**
 * @module pdf/facturx
 * Factur-X 1.0.07 (technically identical to ZUGFeRD 2.3) hybrid invoice: the EN 16931 Cross
 * Industry Invoice XML embedded in a PDF/A-3 document as an associated file, plus the Factur-X
 * XMP properties and their PDF/A extension schema.
 *
 * What the specification requires of the PDF, and where it is written here:
 * - the XML is an embedded file named exactly `factur-x.xml`, MIME type `text/xml`, listed in the
 *   catalog `/Names /EmbeddedFiles` tree and associated with the document through the catalog
 *   `/AF` array, with an `/AFRelationship` (PDF/A-3, ISO 19005-3 §6.8 and Annex E);
 * - the embedded file stream carries `/Params /ModDate` (ISO 19005-3 §6.8);
 * - the XMP packet holds `fx:DocumentType`, `fx:DocumentFileName`, `fx:Version` and
 *   `fx:ConformanceLevel` in namespace `urn:factur-x:pdfa:CrossIndustryDocument:invoice:1p0#`,
 *   and, because these are not predefined XMP properties, the PDF/A extension schema that
 *   declares them (ISO 19005-1 §6.7.8, kept by parts 2 and 3).
 *
 * `/AFRelationship` (Factur-X 1.0.07 / ZUGFeRD 2.3 §6.2.2): `Data`, `Alternative` or `Source`.
 * MINIMUM and BASIC WL carry no invoice lines, so their XML is `Data` and the PDF stays the
 * invoice; for BASIC, EN 16931 and EXTENDED the XML is a complete, equivalent rendering of the
 * invoice: `Alternative`, the value German (ZUGFeRD) receivers expect and French ones accept.
 * {@link facturxRelationship} applies that rule.
 */
import { escapeXml } from './pdfa.js';

/** Factur-X profiles, spelled as `fx:ConformanceLevel` expects them. */
export type FacturxProfile = 'MINIMUM' | 'BASIC WL' | 'BASIC' | 'EN 16931' | 'EXTENDED';

/** The only attachment name Factur-X 1.0 readers look for. */
export const FACTURX_FILENAME = 'factur-x.xml';

/** Namespace URI of the Factur-X XMP properties (with its trailing `#`). */
export const FACTURX_XMP_NAMESPACE = 'urn:factur-x:pdfa:CrossIndustryDocument:invoice:1p0#';

/** `/AFRelationship` values this module writes (ISO 32000-2 §14.13.2). */
export type AfRelationship = 'Data' | 'Alternative';

/**
 * The relationship of the XML to the PDF for a profile: `Data` for MINIMUM and BASIC WL,
 * `Alternative` for BASIC, EN 16931 and EXTENDED (Factur-X 1.0.07 / ZUGFeRD 2.3).
 */
export function facturxRelationship(profile: FacturxProfile): AfRelationship {
  return profile === 'MINIMUM' || profile === 'BASIC WL' ? 'Data' : 'Alternative';
}

/** Options of {@link attachFacturx}. */
export interface AttachFacturxOptions {
  /** Profile the XML conforms to, written to `fx:ConformanceLevel`. Default `EN 16931`. */
  profile?: FacturxProfile;
  /** Creation and modification date of the embedded file. */
  now: Date;
}

/** `doc.file()` options pdfkit 0.20 accepts but `@types/pdfkit` 0.17 does not list. */
interface FileOptions extends PDFKit.Mixins.PDFAttachmentOptions {
  relationship: AfRelationship;
}

/**
 * Embeds `xml` (UTF-8) as `factur-x.xml` and writes the Factur-X XMP properties. The document
 * must also be declared PDF/A-3 (`declarePdfA3b` in `pdfa.ts`) and be created with
 * `pdfVersion: '1.7'`. Call before `pdf.end()`, once.
 *
 * @throws Error when `xml` is empty.
 */
export function attachFacturx(pdf: PDFKit.PDFDocument, xml: string, options: AttachFacturxOptions): void {
  if (xml.trim() === '') throw new Error('the Factur-X XML is empty');
  const profile = options.profile ?? 'EN 16931';
  const fileOptions: FileOptions = {
    name: FACTURX_FILENAME,
    type: 'text/xml',
    description: `Factur-X ${profile} invoice (UN/CEFACT Cross Industry Invoice)`,
    relationship: facturxRelationship(profile),
    creationDate: options.now,
    modifiedDate: options.now,
  };
  pdf.file(Buffer.from(xml, 'utf8'), fileOptions);
  pdf.appendXML(facturxXmp(profile));
}

function facturxXmp(profile: FacturxProfile): string {
  const property = (name: string, description: string) =>
    [
      '          <rdf:li rdf:parseType="Resource">',
      `            <pdfaProperty:name>${name}</pdfaProperty:name>`,
      '            <pdfaProperty:valueType>Text</pdfaProperty:valueType>',
      '            <pdfaProperty:category>external</pdfaProperty:category>',
      `            <pdfaProperty:description>${description}</pdfaProperty:description>`,
      '          </rdf:li>',
    ].join('\n');
  return [
    `<rdf:Description rdf:about="" xmlns:fx="${FACTURX_XMP_NAMESPACE}">`,
    '  <fx:DocumentType>INVOICE</fx:DocumentType>',
    `  <fx:DocumentFileName>${FACTURX_FILENAME}</fx:DocumentFileName>`,
    '  <fx:Version>1.0</fx:Version>',
    `  <fx:ConformanceLevel>${escapeXml(profile)}</fx:ConformanceLevel>`,
    '</rdf:Description>',
    '<rdf:Description rdf:about=""',
    '    xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/"',
    '    xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#"',
    '    xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">',
    '  <pdfaExtension:schemas>',
    '    <rdf:Bag>',
    '      <rdf:li rdf:parseType="Resource">',
    '        <pdfaSchema:schema>Factur-X PDFA Extension Schema</pdfaSchema:schema>',
    `        <pdfaSchema:namespaceURI>${FACTURX_XMP_NAMESPACE}</pdfaSchema:namespaceURI>`,
    '        <pdfaSchema:prefix>fx</pdfaSchema:prefix>',
    '        <pdfaSchema:property>',
    '        <rdf:Seq>',
    property('DocumentFileName', 'Name of the embedded XML invoice file'),
    property('DocumentType', 'INVOICE'),
    property('Version', 'Version of the Factur-X XML schema'),
    property('ConformanceLevel', 'Conformance level of the embedded Factur-X data'),
    '        </rdf:Seq>',
    '        </pdfaSchema:property>',
    '      </rdf:li>',
    '    </rdf:Bag>',
    '  </pdfaExtension:schemas>',
    '</rdf:Description>',
  ].join('\n');
}
