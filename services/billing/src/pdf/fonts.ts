/**
 * @module pdf/fonts
 * The fonts printed documents embed — DejaVu Sans and DejaVu Sans Bold, Latin subsets generated
 * into `generated/dejavu-sans.ts` (see `assets/generate-assets.ts`) — and the text clean-up that
 * keeps every printed character inside them.
 *
 * PDF/A-3 (ISO 19005-3 §6.2.11.4.1) requires every font program to be embedded, so pdfkit's
 * standard-14 fonts (metrics only) are never used; and §6.2.11.8 forbids showing the `.notdef`
 * glyph, so characters the subsets lack are replaced before they reach pdfkit.
 */
import {
  DEJAVU_SANS_BOLD_BASE64,
  DEJAVU_SANS_COVERAGE,
  DEJAVU_SANS_REGULAR_BASE64,
} from './generated/dejavu-sans.js';

/** TrueType programs of the two weights, ready for `doc.font()` / `registerFont()`. */
export interface EmbeddedFonts {
  regular: Uint8Array;
  bold: Uint8Array;
}

let fonts: EmbeddedFonts | null = null;
let coverage: Set<number> | null = null;

/** The TrueType bytes of DejaVu Sans and DejaVu Sans Bold, decoded once per process. */
export function embeddedFonts(): EmbeddedFonts {
  fonts ??= {
    regular: Buffer.from(DEJAVU_SANS_REGULAR_BASE64, 'base64'),
    bold: Buffer.from(DEJAVU_SANS_BOLD_BASE64, 'base64'),
  };
  return fonts;
}

function coveredCodePoints(): Set<number> {
  if (coverage) return coverage;
  coverage = new Set();
  for (const range of DEJAVU_SANS_COVERAGE.split(',')) {
    const [start, end = start] = range.split('-').map((hex) => Number.parseInt(hex, 16));
    if (start === undefined || end === undefined) continue;
    for (let cp = start; cp <= end; cp++) coverage.add(cp);
  }
  return coverage;
}

/**
 * Makes text printable with the embedded fonts: NFC-normalises it (a decomposed `é` becomes one
 * glyph), turns tabs and other whitespace into spaces, drops other control and zero-width
 * characters and carriage returns, keeps line feeds, and replaces any character both subsets lack (Greek, Cyrillic,
 * CJK, emoji…) by `?`.
 */
export function printable(text: string): string {
  const covered = coveredCodePoints();
  let out = '';
  for (const char of text.normalize('NFC')) {
    const cp = char.codePointAt(0) ?? 0;
    if (cp === 0x0a || covered.has(cp)) out += char;
    else if (cp === 0x0d) continue;
    else if (/\s/u.test(char)) out += ' ';
    else if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0) || (cp >= 0x200b && cp <= 0x200f) || cp === 0xfeff)
      continue;
    else out += '?';
  }
  return out;
}
