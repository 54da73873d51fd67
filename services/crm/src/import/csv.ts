/**
 * @module import/csv
 * Reading CSV files: delimiter and header detection on a sample, and the streaming record reader
 * (csv-parse, RFC 4180 with the leniency real exports need: stray quotes, ragged rows, any line
 * ending, whitespace around quoted fields).
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { CSV_DELIMITERS, type CsvDelimiter } from '@comptoir/contracts/crm/imports';
import { type CsvError, type Options, parse } from 'csv-parse';
import { parse as parseSync } from 'csv-parse/sync';

/** Largest record (bytes) before a row is refused: far above any real contact row. */
export const MAX_RECORD_BYTES = 4 * 1024 * 1024;

/** Physical lines of `text`, with line breaks inside double quotes kept in their line. */
export function logicalLines(text: string, max: number): string[] {
  const lines: string[] = [];
  let start = 0;
  let quoted = false;
  for (let i = 0; i < text.length && lines.length < max; i++) {
    const ch = text[i];
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) {
      lines.push(text.slice(start, i));
      if (ch === '\r' && text[i + 1] === '\n') i++;
      start = i + 1;
    }
  }
  if (lines.length < max && start < text.length) lines.push(text.slice(start));
  return lines.filter((l) => l.trim() !== '');
}

function countOutsideQuotes(line: string, delimiter: string): number {
  let n = 0;
  let quoted = false;
  for (const ch of line) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && ch === delimiter) n++;
  }
  return n;
}

/**
 * The delimiter of a CSV sample: among `, ; tab |`, the one found the same number of times on
 * the most lines (outside quotes). A file of one column has none: comma.
 *
 * @param complete whether `text` is the whole file (else its last line may be cut and is ignored).
 */
export function detectDelimiter(text: string, complete = true): CsvDelimiter {
  let lines = logicalLines(text, 50);
  if (!complete && lines.length > 1) lines = lines.slice(0, -1);
  let best: CsvDelimiter = ',';
  let bestScore = 0;
  for (const delimiter of CSV_DELIMITERS) {
    const counts = lines.map((l) => countOutsideQuotes(l, delimiter));
    const frequency = new Map<number, number>();
    for (const c of counts) if (c > 0) frequency.set(c, (frequency.get(c) ?? 0) + 1);
    if (frequency.size === 0) continue;
    const [mode, hits] = [...frequency].sort((a, b) => b[1] - a[1] || b[0] - a[0])[0]!;
    // Consistency first (rows of a CSV have as many fields), then more fields.
    const score = (hits / counts.length) * 10 + Math.min(mode, 20) / 20;
    if (score > bestScore) {
      best = delimiter;
      bestScore = score;
    }
  }
  return best;
}

const EMAIL_LIKE = /^[^\s@]+@[^\s@]+$/;
const NUMBER_LIKE = /^[+-]?\d+([.,]\d+)*$/;
const PHONE_LIKE = /^\+?[\d\s().\-/]{6,}$/;
const DATE_LIKE = /^\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}/;
const URL_LIKE = /^(https?:\/\/|www\.)/i;

/** Whether a cell looks like a value rather than a column name. */
export function looksLikeData(cell: string): boolean {
  const v = cell.trim();
  if (!v) return false;
  return (
    EMAIL_LIKE.test(v) || NUMBER_LIKE.test(v) || PHONE_LIKE.test(v) || DATE_LIKE.test(v) || URL_LIKE.test(v)
  );
}

/**
 * Whether the first record is a header: yes when a cell is a known column name; not when a cell
 * looks like data (an e-mail, a number, a phone, a date, a URL); else yes (files without a header
 * are the exception).
 *
 * @param isKnownHeader whether a cell names a contact field (see import/mapping).
 */
export function detectHeader(
  records: readonly string[][],
  isKnownHeader: (cell: string) => boolean,
): boolean {
  const first = records[0];
  if (!first) return true;
  if (first.some(isKnownHeader)) return true;
  return !first.some(looksLikeData);
}

/** csv-parse options shared by the sample and the stream. No trimming: csv-parse stops reading after
 * a field it cannot trim, so whitespace around quoted fields is handled by {@link cleanCell}. */
function parseOptions(delimiter: CsvDelimiter): Options {
  return {
    delimiter,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
    max_record_size: MAX_RECORD_BYTES,
  };
}

/**
 * A cell as the person meant it: trimmed, and unquoted when the quotes were separated from the
 * delimiters by spaces (`a,  "b, c"  ,d`, which csv-parse keeps verbatim in relaxed mode).
 */
export function cleanCell(cell: string): string {
  const v = cell.trim();
  if (v.length >= 2 && v.startsWith('"') && v.endsWith('"') && cell !== v) {
    return v.slice(1, -1).replaceAll('""', '"').trim();
  }
  return v;
}

/**
 * The first records of a sample (for the mapping screen). The sample's last line may be cut: it
 * is dropped unless the sample is the whole file.
 */
export function sampleRecords(
  text: string,
  delimiter: CsvDelimiter,
  count: number,
  complete: boolean,
): string[][] {
  let body = text;
  if (!complete) {
    const cut = Math.max(body.lastIndexOf('\n'), body.lastIndexOf('\r'));
    body = cut > 0 ? body.slice(0, cut) : body;
  }
  // Retry on fewer lines when the cut falls inside a quoted field.
  for (let lines = 4 * count + 20; lines >= 1; lines = Math.floor(lines / 2)) {
    try {
      const records = parseSync(body, {
        ...parseOptions(delimiter),
        to: count,
        skip_records_with_error: true,
      }) as string[][];
      return records.slice(0, count).map((r) => r.map(cleanCell));
    } catch {
      body = logicalLines(body, lines).join('\n');
    }
  }
  return [];
}

/** One record of the file. */
export interface CsvRecord {
  /** 1-based record number (the header, when there is one, is record 1). */
  record: number;
  /** Line of the file where the record starts. */
  line: number;
  /** Cells, cleaned (see {@link cleanCell}). */
  cells: string[];
  /** Set when the record could not be read (the reason); `cells` then holds its raw text. */
  error?: string;
}

const SKIP_REASONS: Record<string, string> = {
  CSV_QUOTE_NOT_CLOSED:
    'A quote (") opened in this row is never closed, so the file could not be read from here to its end: fix the quote and import the remaining rows',
  CSV_MAX_RECORD_SIZE:
    'This row is larger than 4 MiB (probably a quote that is never closed), so the file could not be read from here to its end',
};

const countBreaks = (text: string) => text.match(/\r\n|\r|\n/g)?.length ?? 0;

interface SkippedRecord {
  /** Good records parsed before it. */
  after: number;
  lines: number;
  raw: string;
  reason: string;
}

/**
 * Streams the records of decoded CSV text, in file order. A record that cannot be parsed is
 * yielded with an `error` and its raw text (at most 64 KiB) instead of ending the stream.
 *
 * @example
 * for await (const r of csvRecords(decodeChunks(chunks, 'utf-8'), ';')) …
 */
export async function* csvRecords(
  text: AsyncIterable<string>,
  delimiter: CsvDelimiter,
): AsyncGenerator<CsvRecord> {
  const parser = parse({ ...parseOptions(delimiter), raw: true, skip_records_with_error: true });
  const skipped: SkippedRecord[] = [];
  parser.on('skip', (error: CsvError & { raw?: string; records?: number; lines?: number }) => {
    skipped.push({
      after: error.records ?? 0,
      lines: error.lines ?? 0,
      raw: String(error.raw ?? ''),
      reason: SKIP_REASONS[error.code] ?? `This row cannot be read as CSV (${error.code})`,
    });
  });
  const feeding = pipeline(Readable.from(text, { objectMode: false }), parser);
  // A failure surfaces through the iteration below; this only keeps it from being unhandled.
  feeding.catch(() => {});
  let count = 0;
  let good = 0;
  // Line numbers from the raw text of each record (csv-parse's own count is off with CRLF inside
  // quotes): the line breaks of the records before, plus the blank lines leading this one.
  let breaks = 0;
  const lineOf = (raw: string) => {
    const leading = countBreaks(/^(?:\r\n|\r|\n)*/.exec(raw)![0]);
    const line = 1 + breaks + leading;
    breaks += countBreaks(raw);
    return line;
  };
  function* flush(until: number): Generator<CsvRecord> {
    while (skipped.length > 0 && skipped[0]!.after <= until) {
      const s = skipped.shift()!;
      count++;
      yield {
        record: count,
        line: lineOf(s.raw),
        cells: [s.raw.slice(0, 65536).replace(/^[\r\n]+/, '')],
        error: s.reason,
      };
    }
  }
  for await (const item of parser as AsyncIterable<{ record: string[]; raw: string }>) {
    yield* flush(good);
    count++;
    good++;
    yield { record: count, line: lineOf(item.raw), cells: item.record.map(cleanCell) };
  }
  await feeding;
  yield* flush(Number.POSITIVE_INFINITY);
}
