/**
 * @module decimal
 * Exact conversions between the decimal strings of e-invoices (`1234.50`, `-0.7900`, `19`) and
 * the integers the billing domain stores (minor units of a currency, thousandths of a quantity,
 * basis points of a rate). Everything goes through strings and BigInt, never through floats, so
 * `0.1 + 0.2` problems cannot occur. Rounding, when a value carries more decimals than the target
 * scale, is half away from zero (the rule EN 16931 and `totals.ts` use).
 */

/**
 * ISO 4217 minor units where the CLDR data behind `Intl` differs: CLDR gives the digits used in
 * display or cash (HUF 0, IQD 0, …), ISO 4217 (which EN 16931 amounts follow) gives these.
 */
const ISO_4217_MINOR_UNITS: Readonly<Record<string, number>> = {
  AFN: 2,
  ALL: 2,
  COP: 2,
  HUF: 2,
  IDR: 2,
  IQD: 3,
  IRR: 2,
  KPW: 2,
  LAK: 2,
  LBP: 2,
  MGA: 2,
  MMK: 2,
  PKR: 2,
  SLL: 2,
  SOS: 2,
  SYP: 2,
  UYI: 0,
  YER: 2,
};

const CURRENCY_CODE = /^[A-Z]{3}$/;

/**
 * Number of minor-unit decimals of an ISO 4217 currency: EUR 2, JPY 0, KWD 3, CLF 4.
 * Taken from `Intl` (CLDR) with the few ISO 4217 differences corrected; a well-formed code that
 * `Intl` does not know gets 2.
 *
 * @example currencyMinorUnits('EUR') // 2
 * @throws RangeError when `currency` is not three upper-case letters.
 */
export function currencyMinorUnits(currency: string): number {
  if (!CURRENCY_CODE.test(currency)) {
    throw new RangeError(`currency must be an ISO 4217 code of three upper-case letters, got '${currency}'`);
  }
  const iso = ISO_4217_MINOR_UNITS[currency];
  if (iso !== undefined) return iso;
  return (
    new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2
  );
}

/**
 * Formats an integer scaled by `10^scale` as a plain decimal string with exactly `scale`
 * decimals: `formatScaled(-5, 2)` → `-0.05`, `formatScaled(3500, 4)` → `0.3500`.
 *
 * @throws RangeError when `value` is a number that is not a safe integer.
 */
export function formatScaled(value: number | bigint, scale: number): string {
  if (typeof value === 'number' && !Number.isSafeInteger(value)) {
    throw new RangeError(`expected a safe integer, got ${value}`);
  }
  const big = BigInt(value);
  const negative = big < 0n;
  const digits = (negative ? -big : big).toString().padStart(scale + 1, '0');
  const whole = digits.slice(0, digits.length - scale);
  const fraction = digits.slice(digits.length - scale);
  return `${negative ? '-' : ''}${whole}${scale > 0 ? `.${fraction}` : ''}`;
}

/**
 * Formats an amount in minor units of `currency` with the currency's decimals (EN 16931
 * amounts): `formatMinor(123450, 'EUR')` → `1234.50`, `formatMinor(500, 'JPY')` → `500`.
 *
 * @throws RangeError for a malformed currency code or a non-safe-integer amount.
 */
export function formatMinor(minor: number, currency: string): string {
  return formatScaled(minor, currencyMinorUnits(currency));
}

/** A decimal number exactly: `mantissa / 10^scale` (`-12.50` → `{ mantissa: -1250n, scale: 2 }`). */
export interface ExactDecimal {
  mantissa: bigint;
  scale: number;
}

/** A decimal rounded to a fixed scale, and whether no digit was lost on the way. */
export interface ScaledDecimal {
  /** `round(decimal × 10^scale)`, half away from zero. */
  value: bigint;
  /** False when the decimal had more precision than the scale and was rounded. */
  exact: boolean;
}

const DECIMAL = /^([+-]?)(\d*)(?:\.(\d*))?$/;

/**
 * Reads an XML Schema `xs:decimal` lexical value (`12`, `-0.50`, `+.5`, `7.`; surrounding
 * whitespace ignored; no exponent, no thousands separator, no decimal comma) exactly.
 *
 * @returns null when `text` is not a decimal number.
 */
export function readDecimal(text: string): ExactDecimal | null {
  const match = DECIMAL.exec(text.trim());
  if (!match) return null;
  const [, sign = '', whole = '', fraction = ''] = match;
  if (whole === '' && fraction === '') return null;
  const magnitude = BigInt(`${whole || '0'}${fraction}`);
  return { mantissa: sign === '-' ? -magnitude : magnitude, scale: fraction.length };
}

/**
 * `numerator / denominator` at `scale` decimals (`round(n / d × 10^scale)`), rounded half away
 * from zero; the denominator defaults to 1, i.e. a plain rescale.
 *
 * @example toScaled({ mantissa: 1234505n, scale: 3 }, 2) // { value: 123451n, exact: false }
 * @throws RangeError when the denominator is zero.
 */
export function toScaled(
  numerator: ExactDecimal,
  scale: number,
  denominator: ExactDecimal = { mantissa: 1n, scale: 0 },
): ScaledDecimal {
  if (denominator.mantissa === 0n) throw new RangeError('division by zero');
  let top = numerator.mantissa * 10n ** BigInt(denominator.scale + scale);
  let bottom = denominator.mantissa * 10n ** BigInt(numerator.scale);
  if (bottom < 0n) {
    top = -top;
    bottom = -bottom;
  }
  const sign = top < 0n ? -1n : 1n;
  const magnitude = top * sign;
  return {
    value: sign * ((magnitude * 2n + bottom) / (bottom * 2n)),
    exact: magnitude % bottom === 0n,
  };
}

/**
 * Parses an `xs:decimal` string into an integer scaled by `10^scale`, rounding half away from
 * zero when it has more decimals than `scale`.
 *
 * @example parseDecimal('1234.505', 2) // { value: 123451n, exact: false }
 * @returns null when `text` is not a decimal number.
 */
export function parseDecimal(text: string, scale: number): ScaledDecimal | null {
  const decimal = readDecimal(text);
  return decimal ? toScaled(decimal, scale) : null;
}
