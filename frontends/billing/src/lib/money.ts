/**
 * @module lib/money
 * Money, quantities and VAT rates as people read and type them, the same on the server and in
 * the browser. Amounts stay integer minor units (cents for EUR) from the API to the screen:
 * parsing and formatting go through decimal strings, never through floating-point arithmetic.
 * Quantities are thousandths of a unit (`quantity_milli`: 1500 = 1.5), VAT rates basis points
 * (2000 = 20 %), as in the billing API.
 */

/** A locale the runtime accepts: the tenant's, else English. */
export function safeLocale(locale: string | undefined): string {
  try {
    return Intl.getCanonicalLocales(locale || 'en')[0] ?? 'en';
  } catch {
    return 'en';
  }
}

/** Digits after the decimal point of a currency (EUR 2, JPY 0, BHD 3); 2 when unknown. */
export function fractionDigits(currency: string): number {
  try {
    return (
      new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ??
      2
    );
  } catch {
    return 2;
  }
}

/**
 * An integer as an exact decimal string with `digits` decimals: `(123456, 2)` → `"1234.56"`,
 * `(-5, 2)` → `"-0.05"`. No floating-point arithmetic touches the value.
 */
export function minorToDecimal(minor: number, digits: number): string {
  const negative = minor < 0;
  const text = String(Math.abs(Math.trunc(minor))).padStart(digits + 1, '0');
  const whole = digits > 0 ? text.slice(0, -digits) : text;
  const fraction = digits > 0 ? `.${text.slice(-digits)}` : '';
  return `${negative && /[1-9]/.test(text) ? '-' : ''}${whole}${fraction}`;
}

const numberFormats = new Map<string, Intl.NumberFormat>();

function numberFormat(locale: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let format = numberFormats.get(key);
  if (!format) {
    try {
      format = new Intl.NumberFormat(safeLocale(locale), options);
    } catch {
      format = new Intl.NumberFormat('en', { maximumFractionDigits: 3 });
    }
    numberFormats.set(key, format);
  }
  return format;
}

/**
 * Formats an exact decimal string. Intl.NumberFormat formats numeric strings exactly
 * (ECMA-402 "Intl.NumberFormat v3"); the cast only satisfies TypeScript's older signature.
 */
const formatDecimal = (format: Intl.NumberFormat, decimal: string) =>
  format.format(decimal as unknown as number);

/**
 * An amount in minor units, in its currency and the tenant's locale: `(240000, 'EUR', 'fr-FR')`
 * → "2 400,00 €". Amounts from the API may arrive as digit strings (PostgreSQL bigint).
 */
export function formatMoney(minor: number | string, currency: string, locale: string): string {
  let format: Intl.NumberFormat;
  try {
    format = numberFormat(locale, { style: 'currency', currency });
  } catch {
    format = numberFormat(locale, { minimumFractionDigits: 2 });
  }
  return formatDecimal(format, minorToDecimal(Number(minor), fractionDigits(currency)));
}

/** The decimal separator of a locale: "," for fr-FR, "." for en. */
export function decimalSeparator(locale: string): string {
  return (
    numberFormat(locale, { minimumFractionDigits: 1 })
      .formatToParts(1.5)
      .find((p) => p.type === 'decimal')?.value ?? '.'
  );
}

/**
 * An amount as an input shows it for editing: no grouping, the locale's decimal separator,
 * trailing zero decimals dropped: `(240000, 'EUR', 'fr-FR')` → "2400", `(240050, …)` → "2400,50".
 */
export function minorToInput(minor: number, currency: string, locale = 'en'): string {
  const text = minorToDecimal(minor, fractionDigits(currency)).replace(/\.0+$/, '');
  return text.replace('.', decimalSeparator(locale));
}

/** Spaces (also no-break and narrow no-break), apostrophes: thousands separators people type. */
const GROUPING = /[\s\u00a0\u202f'’]/g;

/**
 * Reads an amount typed by a person into minor units, without a float: "1 234,56",
 * "1234.56", "1,234.56", "1.234,56 €" and "1234" all work. With both separators, the last one is
 * the decimal point; with one separator used once, it is the decimal point when at most the
 * currency's digits follow it, else a thousands separator (so "1.234" is 1234 in EUR).
 *
 * @param options.allowNegative accept a leading minus (discount lines); default false.
 * @returns the integer amount, or null when the text is not an amount (too many decimals,
 *   misplaced separators, a minus where none is allowed, beyond the safe integer range).
 * @example parseMoney('1 234,5', 'EUR') // 123450
 */
export function parseMoney(
  text: string,
  currency: string,
  options: { allowNegative?: boolean } = {},
): number | null {
  const digits = fractionDigits(currency);
  let cleaned = text.replace(GROUPING, '').replace(/[A-Za-z€$£¥₹]/g, '');
  const negative = /^[-−]/.test(cleaned);
  if (negative) {
    if (!options.allowNegative) return null;
    cleaned = cleaned.slice(1);
  }
  if (!/^[\d.,]+$/.test(cleaned)) return null;

  const lastDot = cleaned.lastIndexOf('.');
  const lastComma = cleaned.lastIndexOf(',');
  let decimalAt = -1;
  if (lastDot >= 0 && lastComma >= 0) decimalAt = Math.max(lastDot, lastComma);
  else {
    const at = Math.max(lastDot, lastComma);
    if (at >= 0) {
      const separator = cleaned[at]!;
      const once = cleaned.indexOf(separator) === at;
      const after = cleaned.length - at - 1;
      if (once && (after <= digits || after !== 3)) decimalAt = at;
    }
  }
  const wholeText = decimalAt >= 0 ? cleaned.slice(0, decimalAt) : cleaned;
  const fraction = decimalAt >= 0 ? cleaned.slice(decimalAt + 1) : '';
  if (/[.,]/.test(fraction) || fraction.length > digits) return null;
  // Grouped whole parts: 1 to 3 digits, then groups of exactly 3 ("1.234.567", "12,345").
  if (/[.,]/.test(wholeText) && !/^[1-9]\d{0,2}([.,]\d{3})+$/.test(wholeText)) return null;
  const whole = wholeText.replace(/[.,]/g, '');
  if (whole.length + fraction.length === 0) return null;
  const minorText = `${whole || '0'}${fraction.padEnd(digits, '0')}`.replace(/^0+(?=\d)/, '');
  const value = Number(minorText);
  if (!Number.isSafeInteger(value)) return null;
  return negative && value !== 0 ? -value : value;
}

// Quantities -------------------------------------------------------------------------------------

/**
 * Reads a quantity typed by a person into thousandths: "2" → 2000, "1,5" → 1500, "0.125" → 125,
 * "-1" → -1000 (a returned item). Spaces group thousands; "," and "." are both the decimal
 * point, so "1,000" is one unit.
 *
 * @returns the thousandths, or null when the text is not a quantity or has more than 3 decimals.
 */
export function parseQuantity(text: string): number | null {
  let cleaned = text.replace(GROUPING, '');
  const negative = /^[-−]/.test(cleaned);
  if (negative) cleaned = cleaned.slice(1);
  const match = /^(\d*)(?:[.,](\d{0,3}))?$/.exec(cleaned);
  if (!match || (match[1] === '' && !match[2])) return null;
  const milliText = `${match[1] || '0'}${(match[2] ?? '').padEnd(3, '0')}`.replace(/^0+(?=\d)/, '');
  const value = Number(milliText);
  if (!Number.isSafeInteger(value)) return null;
  return negative && value !== 0 ? -value : value;
}

/** A quantity for reading, in the locale: `(1500, 'fr-FR')` → "1,5", `(2000, 'en')` → "2". */
export function formatQuantity(milli: number, locale: string): string {
  return formatDecimal(numberFormat(locale, { maximumFractionDigits: 3 }), minorToDecimal(milli, 3));
}

/** A quantity as an input shows it for editing: no grouping, the locale's decimal separator. */
export function quantityToInput(milli: number, locale = 'en'): string {
  const text = minorToDecimal(milli, 3).replace(/\.?0+$/, '');
  return text.replace('.', decimalSeparator(locale));
}

// VAT rates --------------------------------------------------------------------------------------

/** A VAT rate in basis points as a percentage in the locale: `(550, 'fr-FR')` → "5,5 %". */
export function formatRate(basisPoints: number, locale: string): string {
  return formatDecimal(
    numberFormat(locale, { style: 'percent', maximumFractionDigits: 2 }),
    minorToDecimal(basisPoints, 4),
  );
}

/** "VAT 20 %", or the exemption ("Reverse charge — Autoliquidation…") of a 0 % category. */
export function vatGroupLabel(
  category: string,
  basisPoints: number,
  locale: string,
  exemptionReason: string | null | undefined,
): string {
  if (category === 'S') return `VAT ${formatRate(basisPoints, locale)}`;
  const names: Record<string, string> = {
    Z: 'Zero-rated',
    E: 'Exempt',
    AE: 'Reverse charge',
    K: 'Intra-EU supply',
    G: 'Export',
    O: 'Outside the scope of VAT',
  };
  return `${names[category] ?? category}${exemptionReason ? ` — ${exemptionReason}` : ''}`;
}

// Units ------------------------------------------------------------------------------------------

/** The UN/ECE Rec. 20 units offered in the invoice editor, with their names. */
export const UNIT_CODES: ReadonlyArray<{ code: string; label: string }> = [
  { code: 'C62', label: 'Unit' },
  { code: 'HUR', label: 'Hour' },
  { code: 'DAY', label: 'Day' },
  { code: 'MON', label: 'Month' },
  { code: 'KGM', label: 'Kilogram' },
  { code: 'MTR', label: 'Metre' },
  { code: 'MTK', label: 'Square metre' },
  { code: 'LTR', label: 'Litre' },
  { code: 'SET', label: 'Set' },
];

/** The name of a unit code ("Hour" for HUR); the code itself when unknown. */
export function unitLabel(code: string): string {
  return UNIT_CODES.find((u) => u.code === code)?.label ?? code;
}
