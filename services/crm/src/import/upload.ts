/**
 * @module import/upload
 * Receiving a contact file: the request body (a `multipart/form-data` part named `file`, parsed as
 * a stream by @fastify/busboy, or a raw `text/csv` / `text/vcard` body) is written to
 * crm.import_chunks in chunks of 1 MiB as it arrives, never held whole in memory; then the start
 * of the file is analysed: encoding, format, CSV delimiter, header, columns, first rows and the
 * suggested mapping.
 */
import { Readable } from 'node:stream';
import type { CsvDelimiter, ImportColumnMapping, ImportEncoding } from '@comptoir/contracts/crm/imports';
import type { DB } from '@comptoir/db/schema/crm';
import { Busboy } from '@fastify/busboy';
import type { Kysely } from 'kysely';
import type { CustomFieldDefinition } from '../domain/custom-fields.js';
import { detectDelimiter, detectHeader, sampleRecords } from './csv.js';
import { assertText, decodeBytes, detectEncoding, UnreadableFileError, Utf8Validator } from './encoding.js';
import { isKnownHeader, suggestMapping } from './mapping.js';
import { CHUNK_BYTES } from './store.js';
import type { Queryable } from './writer.js';

/** Bytes of the start of a file kept for analysis. */
export const SAMPLE_BYTES = 64 * 1024;
/** Data rows shown on the mapping screen. */
const SAMPLE_ROWS = 5;

/** An uploaded file on its way in. */
export interface UploadSource {
  filename: string | null;
  contentType: string | null;
  bytes: AsyncIterable<Uint8Array>;
}

/** Raw body media types accepted, and the format they announce (null: decided by the content). */
export const RAW_TYPES: Record<string, 'csv' | 'vcard' | null> = {
  'text/csv': 'csv',
  'text/comma-separated-values': 'csv',
  'application/csv': 'csv',
  'text/tab-separated-values': 'csv',
  'application/vnd.ms-excel': 'csv',
  'text/vcard': 'vcard',
  'text/x-vcard': 'vcard',
  'text/directory': 'vcard',
  'application/vcard': 'vcard',
  'text/plain': null,
  'application/octet-stream': null,
};

/** Thrown for an upload the API refuses (mapped to a problem by the route). */
export class UploadError extends Error {
  constructor(
    readonly status: 400 | 413 | 415 | 422,
    message: string,
  ) {
    super(message);
    this.name = 'UploadError';
  }
}

const interrupted = () => new UploadError(400, 'The upload was interrupted or its body is malformed');

/**
 * The chunks of a stream, read as the consumer asks for them. The stream's error is caught from
 * the start (an 'error' without a listener would crash the process while the consumer is still
 * busy elsewhere, e.g. awaiting the database) and thrown from the iteration.
 */
function chunksOf(stream: Readable): AsyncIterable<Uint8Array> {
  let failure: UploadError | undefined;
  stream.on('error', () => {
    failure ??= interrupted();
  });
  return {
    async *[Symbol.asyncIterator]() {
      if (failure) throw failure;
      try {
        for await (const chunk of stream) {
          if (failure) throw failure;
          yield chunk as Uint8Array;
        }
      } catch (error) {
        throw failure ?? (error instanceof UploadError ? error : interrupted());
      }
      if (failure) throw failure;
    },
  };
}

/** The media type of a Content-Type header, lower case, without parameters. */
export const mediaType = (header: string | undefined) => (header ?? '').split(';')[0]!.trim().toLowerCase();

/**
 * The file of a request: the `file` part of a multipart body, or the raw body.
 *
 * @param body the request's body stream (or its bytes, when a middleware already read it).
 * @throws {UploadError} 415 for other media types, 400 for a multipart body without a `file` part.
 */
export async function uploadSource(
  contentType: string | undefined,
  body: ReadableStream<Uint8Array> | Uint8Array | null,
  maxBytes: number,
): Promise<UploadSource> {
  const type = mediaType(contentType);
  const stream = () =>
    body instanceof Uint8Array
      ? Readable.from([Buffer.from(body)])
      : body
        ? Readable.fromWeb(body as never)
        : Readable.from([]);
  if (type === 'multipart/form-data') {
    return new Promise<UploadSource>((resolve, reject) => {
      let found = false;
      let parser: ReturnType<typeof Busboy>;
      try {
        parser = Busboy({
          headers: { 'content-type': contentType ?? '' },
          limits: { files: 1, fields: 20, parts: 25, fileSize: maxBytes + 1, headerPairs: 50 },
        });
      } catch {
        reject(new UploadError(400, 'The multipart body has no boundary'));
        return;
      }
      parser.on('file', (field, file, filename, _encoding, mimeType) => {
        if (field !== 'file' || found) {
          file.resume();
          return;
        }
        found = true;
        resolve({ filename: filename || null, contentType: mimeType || null, bytes: chunksOf(file) });
      });
      // Once the file part is handed over, its own stream reports the failure (see chunksOf).
      parser.on('error', () => reject(new UploadError(400, 'The multipart body is malformed')));
      parser.on('finish', () => {
        if (!found) reject(new UploadError(400, 'The multipart body has no file in a part named "file"'));
      });
      stream()
        .on('error', () => reject(new UploadError(400, 'The upload was interrupted')))
        .pipe(parser);
    });
  }
  if (type in RAW_TYPES) return { filename: null, contentType: type, bytes: chunksOf(stream()) };
  throw new UploadError(
    415,
    'Send the file as multipart/form-data (a part named "file") or as a raw text/csv or text/vcard body',
  );
}

/** What storing a file found out. */
export interface StoredFile {
  size: number;
  chunks: number;
  /** The first {@link SAMPLE_BYTES} bytes. */
  sample: Uint8Array;
  utf8: Utf8Validator;
}

/**
 * Writes a file to crm.import_chunks (the import row must exist), 1 MiB per row.
 *
 * @throws {UploadError} 413 past `maxBytes`.
 */
export async function storeFile(
  db: Queryable,
  importId: string,
  bytes: AsyncIterable<Uint8Array>,
  maxBytes: number,
): Promise<StoredFile> {
  const utf8 = new Utf8Validator();
  const sample = Buffer.alloc(SAMPLE_BYTES);
  let sampleLength = 0;
  let buffer = Buffer.alloc(CHUNK_BYTES);
  let filled = 0;
  let size = 0;
  let chunks = 0;
  const flush = async () => {
    if (filled === 0) return;
    await db.query('insert into crm.import_chunks (import_id, seq, data) values ($1, $2, $3)', [
      importId,
      chunks,
      buffer.subarray(0, filled),
    ]);
    chunks++;
    buffer = Buffer.alloc(CHUNK_BYTES);
    filled = 0;
  };
  try {
    for await (const piece of bytes) {
      const data = Buffer.from(piece.buffer, piece.byteOffset, piece.byteLength);
      size += data.length;
      if (size > maxBytes) throw new UploadError(413, `The file is larger than ${maxBytes} bytes`);
      utf8.write(data);
      if (sampleLength < SAMPLE_BYTES) sampleLength += data.copy(sample, sampleLength, 0);
      let offset = 0;
      while (offset < data.length) {
        const n = data.copy(buffer, filled, offset);
        filled += n;
        offset += n;
        if (filled === CHUNK_BYTES) await flush();
      }
    }
    await flush();
  } catch (error) {
    // A database error keeps its meaning; anything else is the body stream failing.
    const code = (error as { code?: unknown })?.code;
    if (error instanceof UploadError || (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code))) throw error;
    throw new UploadError(400, 'The upload was interrupted or its body is malformed');
  }
  utf8.end();
  return { size, chunks, sample: sample.subarray(0, sampleLength), utf8 };
}

/** What the analysis of a stored file found. */
export interface Analysis {
  format: 'csv' | 'vcard';
  encoding: ImportEncoding;
  delimiter: CsvDelimiter | null;
  hasHeader: boolean | null;
  columns: string[];
  sample: string[][];
  mapping: ImportColumnMapping[];
  detectedSource: string | null;
}

const VCARD_START = /^\s*BEGIN\s*:\s*VCARD/i;

/**
 * Analyses a stored file from its first bytes.
 *
 * @param declared the format asked for (query) or announced (media type, file name), if any.
 * @throws {UploadError} 422 for an empty file or a vCard without cards, 415 for a binary file.
 */
export function analyseFile(
  stored: Pick<StoredFile, 'size' | 'sample' | 'utf8'>,
  declared: 'csv' | 'vcard' | null,
  customFields: ReadonlyMap<string, CustomFieldDefinition>,
  overrides: { encoding?: ImportEncoding; delimiter?: CsvDelimiter; hasHeader?: boolean } = {},
): Analysis {
  if (stored.size === 0) throw new UploadError(422, 'The file is empty');
  let encoding: ImportEncoding;
  try {
    encoding = overrides.encoding ?? detectEncoding(stored.sample, stored.utf8).encoding;
    assertText(stored.sample, encoding);
  } catch (error) {
    if (error instanceof UnreadableFileError) throw new UploadError(error.status, error.message);
    throw error;
  }
  const complete = stored.size <= stored.sample.length;
  const text = decodeBytes(stored.sample, encoding);
  if (!text.trim()) throw new UploadError(422, 'The file is empty');
  const looksVcard = VCARD_START.test(text);
  if (declared === 'vcard' && !looksVcard) {
    throw new UploadError(422, 'This is not a vCard file: it does not start with BEGIN:VCARD');
  }
  if (looksVcard) {
    return {
      format: 'vcard',
      encoding,
      delimiter: null,
      hasHeader: null,
      columns: [],
      sample: [],
      mapping: [],
      detectedSource: null,
    };
  }
  const delimiter = overrides.delimiter ?? detectDelimiter(text, complete);
  const records = sampleRecords(text, delimiter, SAMPLE_ROWS + 1, complete);
  const hasHeader = overrides.hasHeader ?? detectHeader(records, isKnownHeader);
  const width = Math.max(0, ...records.map((r) => r.length));
  const headerCells = hasHeader ? (records[0] ?? []) : null;
  const columns = Array.from({ length: width }, (_, i) => headerCells?.[i]?.trim() || `Column ${i + 1}`);
  const sample = (hasHeader ? records.slice(1) : records).slice(0, SAMPLE_ROWS);
  const refs = [...customFields.values()].map((f) => ({ key: f.key, label: f.label }));
  const { mapping, source } = suggestMapping(headerCells ? columns : null, sample, refs);
  return { format: 'csv', encoding, delimiter, hasHeader, columns, sample, mapping, detectedSource: source };
}

/** The format a request announces: query, then media type, then file extension. */
export function declaredFormat(
  query: 'csv' | 'vcard' | undefined,
  contentType: string | null,
  filename: string | null,
): 'csv' | 'vcard' | null {
  if (query) return query;
  const byType = contentType ? RAW_TYPES[mediaType(contentType)] : undefined;
  if (byType) return byType;
  const ext = /\.([a-z0-9]+)$/i.exec(filename ?? '')?.[1]?.toLowerCase();
  if (ext === 'vcf' || ext === 'vcard') return 'vcard';
  if (ext === 'csv' || ext === 'tsv') return 'csv';
  return null;
}

/** The first chunk of a stored file (to analyse it again with other settings). */
export async function firstBytes(db: Kysely<DB>, importId: string): Promise<Uint8Array> {
  const row = await db
    .selectFrom('crm.import_chunks')
    .select('data')
    .where('import_id', '=', importId)
    .where('seq', '=', 0)
    .executeTakeFirst();
  return row ? row.data.subarray(0, SAMPLE_BYTES) : new Uint8Array();
}
