/**
 * @module pdf/format
 * Display formatting of billing values for printed documents: money from integer minor units,
 * quantities from thousandths, VAT rates from basis points, calendar dates, IBAN, SIREN/SIRET.
 *
 * Amounts are never turned into floats: the integer is written out as an exact decimal string
 * (`123456` cents → `"1234.56"`) and handed to `Intl.NumberFormat`, which accepts decimal strings
 * since ECMA-402 NumberFormat v3 (Node ≥ 19), so even amounts past 2^53 / 100 print exactly.
 */

const moneyFormatters = new Map<string, Intl.NumberFormat>();
const fractionDigitsCache = new Map<string, number>();

/**
 * Number of minor-unit decimals of an ISO 4217 currency, as the platform's CLDR data knows them:
 * EUR 2, JPY 0, KWD 3.
 *
 * @throws RangeError when `currency` is not a well-formed ISO 4217 code (`Intl` rejects it).
 * @example
 * ```ts
 * currencyFractionDigits('JPY'); // 0
 * ```
 */
export function currencyFractionDigits(currency: string): number {
  const cached = fractionDigitsCache.get(currency);
  if (cached !== undefined) return cached;
  const digits =
    new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  fractionDigitsCache.set(currency, digits);
  return digits;
}

/**
 * Writes an integer scaled by 10^`digits` as an exact decimal string: `(-5, 2)` → `"-0.05"`,
 * `(1500, 3)` → `"1.500"`, `(42, 0)` → `"42"`.
 *
 * @throws RangeError when `value` is not a safe integer.
 */
export function toDecimalString(value: number, digits: number): Intl.StringNumericLiteral {
  if (!Number.isSafeInteger(value)) {
    throw new RangeError(`expected a safe integer, got ${value}`);
  }
  const sign = value < 0 ? '-' : '';
  const magnitude = Math.abs(value).toString();
  if (digits === 0) return `${sign}${magnitude}` as Intl.StringNumericLiteral;
  const padded = magnitude.padStart(digits + 1, '0');
  return `${sign}${padded.slice(0, -digits)}.${padded.slice(-digits)}` as Intl.StringNumericLiteral;
}

/**
 * Formats an amount in minor units of `currency` for `locale`, with the currency's own number
 * of decimals: `formatMoney(123456, 'EUR', 'fr-FR')` → `"1 234,56 €"` (U+202F narrow no-break
 * space between thousands, U+00A0 before the symbol), `formatMoney(1500, 'JPY', 'en')` → `"¥1,500"`.
 *
 * @param amountMinor integer minor units (cents for EUR); negative amounts print with a minus.
 * @throws RangeError when `amountMinor` is not a safe integer or `currency` is not ISO 4217.
 */
export function formatMoney(amountMinor: number, currency: string, locale: string): string {
  const digits = currencyFractionDigits(currency);
  const key = `${locale}|${currency}`;
  let formatter = moneyFormatters.get(key);
  if (!formatter) {
    formatter = new Intl.NumberFormat(locale, {
      style: 'currency',
      currency,
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
    });
    moneyFormatters.set(key, formatter);
  }
  return formatter.format(toDecimalString(amountMinor, digits));
}

/**
 * Formats a quantity given in thousandths, without trailing zeros: `3500` → `"3,5"` (fr-FR),
 * `1000` → `"1"`, `1250` → `"1.25"` (en).
 *
 * @throws RangeError when `quantityMilli` is not a safe integer.
 */
export function formatQuantity(quantityMilli: number, locale: string): string {
  return new Intl.NumberFormat(locale, { maximumFractionDigits: 3 }).format(
    toDecimalString(quantityMilli, 3),
  );
}

/**
 * Formats a VAT rate given in basis points as a percentage: `2000` → `"20 %"` (fr-FR, U+00A0
 * before the sign), `550` → `"5,5 %"`, `2000` → `"20%"` (en).
 *
 * @throws RangeError when `basisPoints` is not a safe integer.
 */
export function formatVatRate(basisPoints: number, locale: string): string {
  return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 2 }).format(
    toDecimalString(basisPoints, 4),
  );
}

/**
 * Formats a calendar date `YYYY-MM-DD` (no time zone: it is printed as written) in the locale's
 * medium style: `2026-11-02` → `"2 nov. 2026"` (fr-FR), `"Nov 2, 2026"` (en-US).
 *
 * @throws RangeError when `isoDate` is not an existing calendar date in `YYYY-MM-DD` form.
 */
export function formatDate(isoDate: string, locale: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  const date = match ? new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))) : null;
  if (!date || date.toISOString().slice(0, 10) !== isoDate) {
    throw new RangeError(`expected a calendar date YYYY-MM-DD, got "${isoDate}"`);
  }
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(date);
}

/** Prints an IBAN in groups of four (ISO 13616 paper format): `FR7630006000…` → `FR76 3000 6000 …`. */
export function formatIban(iban: string): string {
  return iban
    .replace(/\s+/g, '')
    .toUpperCase()
    .replace(/(.{4})(?=.)/g, '$1 ');
}

/**
 * Groups a French SIREN (9 digits → `303 265 045`) or SIRET (14 digits → `303 265 045 00017`)
 * the way INSEE prints them; any other value is returned trimmed and unchanged.
 */
export function formatSirenOrSiret(id: string): string {
  const digits = id.replace(/\s+/g, '');
  if (/^\d{9}$/.test(digits)) return digits.replace(/^(\d{3})(\d{3})(\d{3})$/, '$1 $2 $3');
  if (/^\d{14}$/.test(digits)) return digits.replace(/^(\d{3})(\d{3})(\d{3})(\d{5})$/, '$1 $2 $3 $4');
  return id.trim();
}
