/**
 * @module xsd
 * XML Schema validation of Factur-X / CII documents with libxml2 (`xmllint-wasm`, run in a
 * worker thread, no native binary). Used by the unit and integration tests and by tooling: the
 * XSDs are third-party files read from a folder given by the caller (the shared corpus keeps the
 * Factur-X 1.09 EN 16931 set in `einvoice/xsd/facturx-1.09-en16931/`), never bundled.
 *
 * `xmllint-wasm` is a devDependency: nothing reachable from `server.ts` may import this module.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { validateXML } from 'xmllint-wasm';

/** Outcome of {@link validateFacturXml}. */
export interface XsdValidationResult {
  valid: boolean;
  /** libxml2 messages with their line number, `line 12: Element '{…}TypeCode': …`; empty when valid. */
  errors: string[];
}

/** Options of {@link validateFacturXml}. */
export interface ValidateFacturXmlOptions {
  /**
   * File name of the main schema inside the folder; the other `.xsd` files of the folder are
   * preloaded under their own names so that `xs:import schemaLocation` finds them.
   * Default `Factur-X_EN16931.xsd`.
   */
  mainSchema?: string;
}

/**
 * Validates a CII document against the XSD set found in `xsdFolder` (the main schema and the
 * schemas it imports, all in that one folder).
 *
 * @example
 * const { valid, errors } = await validateFacturXml(xml, '/work/shared/corpus/einvoice/xsd/facturx-1.09-en16931');
 * @throws Error (from the file system) when the folder or the main schema cannot be read, and
 *   when libxml2 cannot compile the schema itself.
 */
export async function validateFacturXml(
  xml: string,
  xsdFolder: string,
  options: ValidateFacturXmlOptions = {},
): Promise<XsdValidationResult> {
  const mainSchema = options.mainSchema ?? 'Factur-X_EN16931.xsd';
  const names = (await readdir(xsdFolder)).filter((name) => name.endsWith('.xsd')).sort();
  if (!names.includes(mainSchema)) {
    throw new Error(`main schema ${mainSchema} not found in ${xsdFolder}`);
  }
  const files = await Promise.all(
    names.map(async (fileName) => ({
      fileName,
      contents: await readFile(join(xsdFolder, fileName), 'utf8'),
    })),
  );
  const result = await validateXML({
    xml: [{ fileName: 'document.xml', contents: xml }],
    schema: files.filter((file) => file.fileName === mainSchema),
    preload: files.filter((file) => file.fileName !== mainSchema),
  });
  return {
    valid: result.valid,
    errors: result.errors.map((error) =>
      error.loc ? `line ${error.loc.lineNumber}: ${error.message}` : error.rawMessage,
    ),
  };
}
