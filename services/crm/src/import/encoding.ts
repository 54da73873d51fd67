/**
 * @module import/encoding
 * Which encoding an uploaded file is in, and decoding it chunk by chunk.
 *
 * Detection, in order: a byte order mark (UTF-8, UTF-16 LE/BE; UTF-32 is refused); the pattern
 * of zero bytes of BOM-less UTF-16; UTF-8 when every byte of the file is valid UTF-8 (checked
 * while uploading, see {@link Utf8Validator}); otherwise the statistical detector `chardet` on the
 * start of the file and the region around the first invalid UTF-8 byte, narrowed to the encodings
 * of {@link IMPORT_ENCODINGS} and defaulting to Windows-1252 (the superset of Latin-1 that every
 * "ANSI" export of Excel or Outlook in Western Europe uses).
 */
import { IMPORT_ENCODINGS, type ImportEncoding } from '@comptoir/contracts/crm/imports';
import { analyse } from 'chardet';
import iconv from 'iconv-lite';

/** What {@link detectEncoding} found. */
export interface EncodingGuess {
  encoding: ImportEncoding;
  /** Length of the byte order mark (skipped when decoding). */
  bom: number;
  /** How it was found. */
  method: 'bom' | 'utf16-pattern' | 'utf8-valid' | 'statistics' | 'default';
}

/** Thrown for files that are not text an import can read. */
export class UnreadableFileError extends Error {
  constructor(
    message: string,
    /** 415 for a file of another kind, 422 for a broken or empty text file. */
    readonly status: 415 | 422 = 415,
  ) {
    super(message);
    this.name = 'UnreadableFileError';
  }
}

/** The byte order mark at the start of `bytes`, if any. */
export function bomOf(bytes: Uint8Array): { encoding: ImportEncoding; length: number } | undefined {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { encoding: 'utf-8', length: 3 };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    if (bytes[2] === 0 && bytes[3] === 0)
      throw new UnreadableFileError('UTF-32 files are not supported: save the file as UTF-8');
    return { encoding: 'utf-16le', length: 2 };
  }
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { encoding: 'utf-16be', length: 2 };
  if (bytes[0] === 0 && bytes[1] === 0 && bytes[2] === 0xfe && bytes[3] === 0xff)
    throw new UnreadableFileError('UTF-32 files are not supported: save the file as UTF-8');
  return undefined;
}

/** UTF-16 without a BOM: text in Latin script has a zero byte in every other position. */
function utf16Pattern(bytes: Uint8Array): ImportEncoding | undefined {
  const n = Math.min(bytes.length - (bytes.length % 2), 8192);
  if (n < 4) return undefined;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) evenZeros++;
    if (bytes[i + 1] === 0) oddZeros++;
  }
  const pairs = n / 2;
  if (oddZeros / pairs > 0.3 && evenZeros / pairs < 0.05) return 'utf-16le';
  if (evenZeros / pairs > 0.3 && oddZeros / pairs < 0.05) return 'utf-16be';
  return undefined;
}

/** Signatures of files people upload by mistake instead of a CSV or vCard export. */
const SIGNATURES: Array<[number[], string]> = [
  [
    [0x50, 0x4b, 0x03, 0x04],
    'This is a ZIP archive (an Excel .xlsx or Numbers file?): export the sheet as CSV',
  ],
  [[0xd0, 0xcf, 0x11, 0xe0], 'This is an Office document (an Excel .xls file?): export the sheet as CSV'],
  [[0x25, 0x50, 0x44, 0x46], 'This is a PDF document: export your contacts as CSV or vCard'],
  [[0x89, 0x50, 0x4e, 0x47], 'This is an image, not a contact file'],
  [[0xff, 0xd8, 0xff], 'This is an image, not a contact file'],
  [[0x1f, 0x8b], 'This is a compressed (gzip) file: upload the CSV or vCard file inside it'],
];

/**
 * Refuses files that are not text: known binary signatures, or zero bytes in a file that is not
 * UTF-16.
 *
 * @throws {UnreadableFileError} 415.
 */
export function assertText(sample: Uint8Array, encoding: ImportEncoding): void {
  for (const [signature, message] of SIGNATURES) {
    if (signature.every((b, i) => sample[i] === b)) throw new UnreadableFileError(message);
  }
  if (encoding.startsWith('utf-16')) return;
  const n = Math.min(sample.length, 65536);
  for (let i = 0; i < n; i++) {
    if (sample[i] === 0) throw new UnreadableFileError('This is a binary file, not a CSV or vCard text file');
  }
}

/**
 * Checks UTF-8 validity of a byte stream chunk by chunk (a multi-byte character may straddle two
 * chunks), remembering where the first invalid sequence is.
 */
export class Utf8Validator {
  #decoder = new TextDecoder('utf-8', { fatal: true });
  #offset = 0;
  #failed = false;
  /** Byte offset of the chunk that held the first invalid sequence (undefined while valid). */
  invalidAt: number | undefined;
  /** Up to 4 KiB of that chunk, for statistical detection. */
  invalidSample: Uint8Array | undefined;

  /** Feeds the next chunk. */
  write(chunk: Uint8Array): void {
    if (!this.#failed) {
      try {
        this.#decoder.decode(chunk, { stream: true });
      } catch {
        this.#fail(chunk);
      }
    }
    this.#offset += chunk.length;
  }

  /** Ends the stream (a truncated last character is invalid too). */
  end(): void {
    if (this.#failed) return;
    try {
      this.#decoder.decode();
    } catch {
      this.#failed = true;
      this.invalidAt = this.#offset;
    }
  }

  get valid(): boolean {
    return !this.#failed;
  }

  #fail(chunk: Uint8Array) {
    this.#failed = true;
    this.invalidAt = this.#offset;
    // Locate the bad byte in the chunk to sample around it (the decoder does not tell where).
    let at = 0;
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(chunk);
    } catch {
      at = firstInvalidUtf8(chunk);
    }
    this.invalidSample = chunk.subarray(Math.max(0, at - 2048), at + 2048);
  }
}

/** Index of the first byte of `bytes` that breaks UTF-8 (bytes.length when none). */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    const need =
      b < 0x80
        ? 0
        : b >= 0xc2 && b <= 0xdf
          ? 1
          : b >= 0xe0 && b <= 0xef
            ? 2
            : b >= 0xf0 && b <= 0xf4
              ? 3
              : -1;
    if (need < 0) return i;
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined) return i;
      if ((c & 0xc0) !== 0x80) return i;
    }
    i += need + 1;
  }
  return bytes.length;
}

/** chardet's names → the encodings imports read. */
const CHARDET_NAMES: Record<string, ImportEncoding> = {
  'ISO-8859-1': 'windows-1252',
  'windows-1252': 'windows-1252',
  'ISO-8859-9': 'windows-1252',
  'windows-1254': 'windows-1252',
  'ISO-8859-15': 'iso-8859-15',
  'ISO-8859-2': 'iso-8859-2',
  'windows-1250': 'windows-1250',
  'windows-1251': 'windows-1251',
  'ISO-8859-5': 'windows-1251',
  'KOI8-R': 'koi8-r',
  Shift_JIS: 'shift_jis',
  'EUC-JP': 'euc-jp',
  'EUC-KR': 'euc-kr',
  GB18030: 'gb18030',
  Big5: 'big5',
  'UTF-16LE': 'utf-16le',
  'UTF-16BE': 'utf-16be',
};

/** Multi-byte Asian encodings: chosen only on strong evidence (a Western file is far likelier). */
const CJK = new Set<ImportEncoding>(['shift_jis', 'euc-jp', 'euc-kr', 'gb18030', 'big5']);

/**
 * The encoding of a file.
 *
 * @param sample the first bytes of the file (64 KiB is plenty).
 * @param utf8 the validity of the whole file as UTF-8, when it was checked while uploading.
 * @throws {UnreadableFileError} for UTF-32.
 */
export function detectEncoding(sample: Uint8Array, utf8?: Utf8Validator): EncodingGuess {
  const bom = bomOf(sample);
  if (bom) return { encoding: bom.encoding, bom: bom.length, method: 'bom' };
  const utf16 = utf16Pattern(sample);
  if (utf16) return { encoding: utf16, bom: 0, method: 'utf16-pattern' };
  const valid = utf8
    ? utf8.valid
    : firstInvalidUtf8(trimPartialUtf8(sample)) === trimPartialUtf8(sample).length;
  if (valid) return { encoding: 'utf-8', bom: 0, method: 'utf8-valid' };
  const evidence = utf8?.invalidSample ? concat(sample.subarray(0, 16384), utf8.invalidSample) : sample;
  for (const match of analyse(evidence)) {
    const encoding = CHARDET_NAMES[match.name];
    if (!encoding || encoding.startsWith('utf-')) continue;
    if (CJK.has(encoding) && match.confidence < 50) continue;
    return { encoding, bom: 0, method: 'statistics' };
  }
  return { encoding: 'windows-1252', bom: 0, method: 'default' };
}

/** Drops an incomplete multi-byte character at the end of a sample cut from a longer file. */
function trimPartialUtf8(bytes: Uint8Array): Uint8Array {
  let end = bytes.length;
  for (let k = 1; k <= 3 && end - k >= 0; k++) {
    const b = bytes[end - k]!;
    if ((b & 0xc0) === 0x80) continue; // continuation byte: keep looking for the lead byte
    const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    if (need > k) end -= k;
    break;
  }
  return bytes.subarray(0, end);
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

/** Whether ASCII bytes always mean ASCII characters in `encoding` (no byte of a multi-byte
 * character falls in the ASCII range), so that a parser may split on ASCII delimiters before
 * decoding. False for UTF-16 and for Shift_JIS, GB18030 and Big5, whose second bytes include `\`. */
export function isAsciiSafe(encoding: ImportEncoding): boolean {
  return !(
    encoding.startsWith('utf-16') ||
    encoding === 'shift_jis' ||
    encoding === 'gb18030' ||
    encoding === 'big5'
  );
}

/** Whether an encoding label is one imports read. */
export const isImportEncoding = (value: string): value is ImportEncoding =>
  (IMPORT_ENCODINGS as readonly string[]).includes(value);

/**
 * Decodes a stream of byte chunks to text chunks (characters split across chunks are kept whole;
 * a BOM is dropped).
 *
 * @example
 * for await (const text of decodeChunks(readChunks(), 'windows-1252')) parser.write(text);
 */
export async function* decodeChunks(
  chunks: AsyncIterable<Uint8Array>,
  encoding: ImportEncoding,
): AsyncGenerator<string> {
  const decoder = iconv.getDecoder(encoding, { stripBOM: true });
  let first = true;
  for await (const chunk of chunks) {
    let text = decoder.write(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    if (first && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    if (text.length > 0) first = false;
    if (text) yield text;
  }
  const rest = decoder.end();
  if (rest) yield rest;
}

/** Decodes bytes in one go (BOM dropped). */
export function decodeBytes(bytes: Uint8Array, encoding: ImportEncoding | string): string {
  const label = iconv.encodingExists(encoding) ? encoding : 'utf-8';
  const text = iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), label);
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
