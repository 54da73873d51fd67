/**
 * @module import/vcard
 * A streaming reader of vCard files, versions 2.1 (the versit specification), 3.0 (RFC 2425 and
 * RFC 2426) and 4.0 (RFC 6350), as address books really write them:
 *
 * - several cards per file, any line ending (CRLF, LF, CR, even CR CR LF), text outside cards;
 * - folded lines (a line starting with a space or tab continues the previous one);
 * - vCard 2.1 quoted-printable values with soft line breaks (`=` at the end of a line), CHARSET
 *   parameters (each value decoded with its own charset), bare parameters (`TEL;CELL;PREF:`);
 * - grouped properties (`item1.EMAIL` with Apple's `item1.X-ABLabel`);
 * - quoted parameter values and RFC 6868 caret escapes (`^n`, `^'`, `^^`);
 * - binary properties (PHOTO, LOGO, SOUND, KEY) skipped without ever being held in memory;
 * - cards nested in a 2.1 AGENT property skipped.
 *
 * Bytes are split into lines before being decoded (as Latin-1, one character per byte), so that
 * each value can be decoded with its own CHARSET; files in an encoding whose multi-byte characters
 * may contain ASCII bytes (UTF-16, Shift_JIS, GB18030, Big5) are transcoded to UTF-8 first.
 * Values are returned decoded but still escaped: see {@link unescapeText}, {@link splitValue}.
 */
import type { ImportEncoding } from '@comptoir/contracts/crm/imports';
import iconv from 'iconv-lite';
import { decodeBytes, isAsciiSafe } from './encoding.js';

/** One property of a card. */
export interface VcardProperty {
  /** Group (`item1` of `item1.EMAIL`), upper case, or null. */
  group: string | null;
  /** Property name, upper case. */
  name: string;
  /** Parameters by upper-case name; bare 2.1 parameters (`;CELL`) are TYPE values. Values as written
   * (case kept), quotes removed, comma lists split, RFC 6868 escapes decoded. */
  params: Map<string, string[]>;
  /** The value, decoded to text (quoted-printable, base64 and charset undone), still escaped. */
  value: string;
}

/** One card of a file. */
export interface Vcard {
  /** 1-based index of the card in the file. */
  index: number;
  /** Line of the file where the card begins. */
  line: number;
  /** VERSION property ('2.1', '3.0', '4.0'), or null when the card has none. */
  version: string | null;
  properties: VcardProperty[];
  /** The card's text as read (binary values left out), at most 64 KiB. */
  raw: string;
  /** What was wrong with the card's syntax (it is still read as far as possible). */
  problems: string[];
  /** Properties left out on purpose (binary data), by name. */
  skipped: string[];
}

/** Properties holding binary data (images, sounds, keys): never decoded nor kept. */
const BINARY = new Set(['PHOTO', 'LOGO', 'SOUND', 'KEY']);
const MAX_RAW = 65536;
const MAX_LINE = 1024 * 1024;

interface Pending {
  text: string;
  line: number;
  qp: boolean;
  /** A binary property: continuation lines are dropped. */
  binary: string | null;
  truncated: boolean;
}

/** Splits a property line at its first ':' outside double quotes: [name and parameters, value]. */
function splitAtColon(line: string): [string, string] | undefined {
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line.charCodeAt(i);
    if (ch === 34) quoted = !quoted;
    else if (ch === 58 && !quoted) return [line.slice(0, i), line.slice(i + 1)];
  }
  return undefined;
}

function splitOutsideQuotes(text: string, separator: string): string[] {
  const parts: string[] = [];
  let quoted = false;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"') quoted = !quoted;
    else if (ch === separator && !quoted) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}

/** RFC 6868: ^n → newline, ^' → ", ^^ → ^. */
function decodeCaret(value: string): string {
  return value.includes('^')
    ? value.replace(/\^(n|N|'|\^)/g, (_, c: string) => (c === "'" ? '"' : c === '^' ? '^' : '\n'))
    : value;
}

const BARE_ENCODINGS = new Set(['QUOTED-PRINTABLE', 'BASE64', '8BIT', '7BIT', 'B']);

/** Parses `group.NAME;param=value;BARE` (the part before the colon). */
function parseHead(head: string): { group: string | null; name: string; params: Map<string, string[]> } {
  const segments = splitOutsideQuotes(head, ';');
  const fullName = segments[0]!.trim();
  const dot = fullName.lastIndexOf('.');
  const group = dot > 0 ? fullName.slice(0, dot).toUpperCase() : null;
  const name = (dot > 0 ? fullName.slice(dot + 1) : fullName).toUpperCase();
  const params = new Map<string, string[]>();
  const add = (key: string, values: string[]) => params.set(key, [...(params.get(key) ?? []), ...values]);
  for (const segment of segments.slice(1)) {
    const s = segment.trim();
    if (!s) continue;
    const eq = s.indexOf('=');
    if (eq < 0) {
      const bare = s.toUpperCase();
      add(BARE_ENCODINGS.has(bare) ? 'ENCODING' : 'TYPE', [s]);
      continue;
    }
    const key = s.slice(0, eq).trim().toUpperCase();
    const values = splitOutsideQuotes(s.slice(eq + 1), ',').map((v) =>
      decodeCaret(v.trim().replace(/^"(.*)"$/s, '$1')),
    );
    add(key, values);
  }
  return { group, name, params };
}

/** Quoted-printable (RFC 2045 section 6.7) of a Latin-1 view of bytes → the bytes. */
export function decodeQuotedPrintable(text: string): Uint8Array {
  const out = new Uint8Array(text.length);
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 61 /* = */) {
      const hex = text.slice(i + 1, i + 3);
      if (/^[0-9A-Fa-f]{2}$/.test(hex)) {
        out[n++] = Number.parseInt(hex, 16);
        i += 2;
        continue;
      }
      if (i === text.length - 1) continue; // a soft break left at the very end
    }
    out[n++] = ch & 0xff;
  }
  return out.subarray(0, n);
}

/**
 * Undoes vCard text escaping (RFC 6350 section 3.4): `\n` and `\N` → newline, `\,` `\;` `\\`
 * → the character; also `\:` and `\"`, which some writers (Google, SOGo) escape. Any other
 * backslash is kept (a Windows path in a note).
 */
export function unescapeText(value: string): string {
  if (!value.includes('\\')) return value;
  return value.replace(/\\([nN,;:"\\])/g, (_, c: string) => (c === 'n' || c === 'N' ? '\n' : c));
}

/**
 * Splits a structured (`;`) or list (`,`) value at its unescaped separators, then unescapes each
 * component.
 *
 * @example splitValue('Doe;John\\, Jr.;;;', ';') // ['Doe', 'John, Jr.', '', '', '']
 */
export function splitValue(value: string, separator: ';' | ','): string[] {
  const parts: string[] = [];
  let start = 0;
  for (let i = 0; i < value.length; i++) {
    const ch = value[i];
    if (ch === '\\') i++;
    else if (ch === separator) {
      parts.push(value.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(value.slice(start));
  return parts.map(unescapeText);
}

/** Lines of a stream of Latin-1 text, with their numbers; line breaks: LF, CRLF, CR CR LF or lone CR. */
async function* physicalLines(latin1: AsyncIterable<string>): AsyncGenerator<[string, number]> {
  let rest = '';
  let lineNo = 0;
  let crOnly: boolean | undefined;
  for await (const text of latin1) {
    rest += text;
    crOnly ??=
      !rest.includes('\n') && rest.includes('\r') && rest.length > 4096
        ? true
        : rest.includes('\n')
          ? false
          : undefined;
    const separator = crOnly ? '\r' : '\n';
    let start = 0;
    let at = rest.indexOf(separator, start);
    while (at >= 0) {
      let line = rest.slice(start, at);
      if (!crOnly) while (line.endsWith('\r')) line = line.slice(0, -1);
      yield [line, ++lineNo];
      start = at + 1;
      at = rest.indexOf(separator, start);
    }
    rest = rest.slice(start);
  }
  if (rest) {
    const separator = crOnly === undefined && rest.includes('\r') && !rest.includes('\n') ? '\r' : '\n';
    for (let line of rest.split(separator)) {
      while (line.endsWith('\r')) line = line.slice(0, -1);
      yield [line, ++lineNo];
    }
  }
}

/** The bytes of a file as Latin-1 text, transcoded to UTF-8 first when ASCII bytes are not safe. */
async function* latin1View(
  chunks: AsyncIterable<Uint8Array>,
  encoding: ImportEncoding,
): AsyncGenerator<string> {
  const transcode = !isAsciiSafe(encoding);
  const decoder = transcode ? iconv.getDecoder(encoding, { stripBOM: true }) : undefined;
  let first = true;
  for await (const chunk of chunks) {
    let bytes = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    if (decoder) bytes = Buffer.from(decoder.write(bytes), 'utf8');
    if (first && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) bytes = bytes.subarray(3);
    if (bytes.length > 0) first = false;
    yield bytes.toString('latin1');
  }
  const rest = decoder?.end();
  if (rest) yield Buffer.from(rest, 'utf8').toString('latin1');
}

const NAME_AT_START = /^(?:[A-Za-z0-9-]+\.)?([A-Za-z0-9-]+)/;

/** Logical (unfolded) lines with the line number where each starts. */
async function* logicalLines(lines: AsyncIterable<[string, number]>): AsyncGenerator<Pending> {
  let current: Pending | undefined;
  for await (const [line, no] of lines) {
    if (current && (line.startsWith(' ') || line.startsWith('\t'))) {
      if (current.binary === null) {
        if (current.text.length < MAX_LINE) current.text += line.slice(1);
        else current.truncated = true;
      }
      continue;
    }
    // vCard 2.1 quoted-printable soft line break: the value goes on, unindented.
    if (current?.qp && current.binary === null && current.text.endsWith('=')) {
      current.text = current.text.slice(0, -1) + line;
      continue;
    }
    if (current) yield current;
    if (line === '') {
      current = undefined;
      continue;
    }
    const name = NAME_AT_START.exec(line)?.[1]?.toUpperCase() ?? '';
    const colon = splitAtColon(line);
    const binary = BINARY.has(name) && !/;\s*VALUE=\s*"?uri/i.test(colon?.[0] ?? '') ? name : null;
    current = {
      text: binary ? `${colon?.[0] ?? name}:` : line,
      line: no,
      qp: /QUOTED-PRINTABLE/i.test(colon?.[0] ?? ''),
      binary,
      truncated: false,
    };
  }
  if (current) yield current;
}

function decodeValue(
  value: string,
  params: Map<string, string[]>,
  defaultCharset: string,
  fileTranscoded: boolean,
): string {
  const encoding = params.get('ENCODING')?.[0]?.toUpperCase();
  const charsetParam = params.get('CHARSET')?.[0];
  const charset =
    !fileTranscoded && charsetParam && iconv.encodingExists(charsetParam) ? charsetParam : defaultCharset;
  let bytes: Uint8Array;
  if (encoding === 'QUOTED-PRINTABLE') bytes = decodeQuotedPrintable(value);
  else if (encoding === 'BASE64' || encoding === 'B')
    bytes = Buffer.from(value.replace(/\s+/g, ''), 'base64');
  else bytes = Buffer.from(value, 'latin1');
  return decodeWithFallback(bytes, charset, !charsetParam || fileTranscoded).replace(/\r\n?/g, '\n');
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Decodes a value; without a CHARSET of its own, a value that is valid UTF-8 is read as UTF-8
 * whatever the file's guessed encoding (address books mix 2.1 cards with CHARSET=ISO-8859-1 and
 * UTF-8 cards in one file; Latin-1 text is almost never valid UTF-8 by chance).
 */
function decodeWithFallback(bytes: Uint8Array, charset: string, preferUtf8: boolean): string {
  if (preferUtf8 && charset !== 'utf-8' && bytes.some((b) => b >= 0x80)) {
    try {
      return strictUtf8.decode(bytes);
    } catch {
      // not UTF-8: the file's encoding
    }
  }
  return decodeBytes(bytes, charset);
}

/**
 * Reads the cards of a vCard file, one at a time.
 *
 * @param chunks the file's bytes, in order.
 * @param encoding the file's encoding (the default charset of values without CHARSET).
 * @example
 * for await (const card of vcards(readChunks(), 'utf-8')) console.log(card.properties.length);
 */
export async function* vcards(
  chunks: AsyncIterable<Uint8Array>,
  encoding: ImportEncoding,
): AsyncGenerator<Vcard> {
  const transcoded = !isAsciiSafe(encoding);
  const defaultCharset = transcoded ? 'utf-8' : encoding;
  let depth = 0;
  let card: Vcard | undefined;
  let rawLength = 0;
  let index = 0;
  for await (const logical of logicalLines(physicalLines(latin1View(chunks, encoding)))) {
    const split = splitAtColon(logical.text);
    const head = split?.[0] ?? logical.text;
    const name = head.split(';')[0]!.trim().toUpperCase();
    const value = split?.[1]?.trim().toUpperCase() ?? '';
    if (name === 'BEGIN' && value === 'VCARD') {
      depth++;
      if (depth === 1) {
        index++;
        card = {
          index,
          line: logical.line,
          version: null,
          properties: [],
          raw: '',
          problems: [],
          skipped: [],
        };
        rawLength = 0;
      }
    }
    if (card && rawLength < MAX_RAW) {
      const text = logical.binary
        ? `${logical.text}<${logical.binary.toLowerCase()} left out>`
        : logical.text;
      const piece = decodeRawLine(text, transcoded ? 'utf-8' : defaultCharset);
      card.raw += (card.raw ? '\r\n' : '') + piece.slice(0, MAX_RAW - rawLength);
      rawLength += piece.length + 2;
    }
    if (name === 'BEGIN' && value === 'VCARD') continue;
    if (name === 'END' && value === 'VCARD') {
      depth = Math.max(0, depth - 1);
      if (depth === 0 && card) {
        yield card;
        card = undefined;
      }
      continue;
    }
    if (!card || depth > 1) continue; // text outside cards, or a card nested in AGENT
    if (logical.binary) {
      card.skipped.push(logical.binary);
      continue;
    }
    if (!split) {
      card.problems.push(`Line ${logical.line} is not a property (no colon): left out`);
      continue;
    }
    const property = parseHead(split[0]);
    if (!/^[A-Z0-9-]+$/.test(property.name)) {
      card.problems.push(`Line ${logical.line} has no valid property name: left out`);
      continue;
    }
    const decoded = decodeValue(split[1], property.params, defaultCharset, transcoded);
    if (logical.truncated) card.problems.push(`${property.name} is longer than 1 MiB: cut`);
    if (property.name === 'VERSION') card.version = decoded.trim();
    card.properties.push({ ...property, value: decoded });
  }
  if (card) {
    card.problems.push('The card has no END:VCARD line');
    yield card;
  }
}

/** A raw line for display: decoded with the file's charset (quoted-printable left as written). */
function decodeRawLine(text: string, charset: string): string {
  return decodeWithFallback(Buffer.from(text, 'latin1'), charset, true);
}

/**
 * Counts the cards of a file cheaply (BEGIN:VCARD lines outside nested cards), for progress.
 */
export async function countVcards(
  chunks: AsyncIterable<Uint8Array>,
  encoding: ImportEncoding,
): Promise<number> {
  let count = 0;
  for await (const _ of vcards(chunks, encoding)) count++;
  return count;
}
