/** Decimal strings ↔ scaled integers: exact reading, half-away-from-zero rounding, ISO 4217 decimals. */
import { describe, expect, it } from 'vitest';
import {
  currencyMinorUnits,
  formatMinor,
  formatScaled,
  parseDecimal,
  readDecimal,
  toScaled,
} from './decimal.js';

describe('currencyMinorUnits', () => {
  it('follows ISO 4217, also where CLDR prints fewer decimals', () => {
    expect(currencyMinorUnits('EUR')).toBe(2);
    expect(currencyMinorUnits('JPY')).toBe(0);
    expect(currencyMinorUnits('KWD')).toBe(3);
    expect(currencyMinorUnits('CLF')).toBe(4);
    expect(currencyMinorUnits('HUF')).toBe(2);
    expect(currencyMinorUnits('IQD')).toBe(3);
  });

  it('rejects a malformed code', () => {
    expect(() => currencyMinorUnits('eur')).toThrow(RangeError);
  });
});

describe('formatScaled and formatMinor', () => {
  it('writes a fixed number of decimals, negatives included', () => {
    expect(formatScaled(-5, 2)).toBe('-0.05');
    expect(formatScaled(35_000n, 4)).toBe('3.5000');
    expect(formatScaled(0, 2)).toBe('0.00');
    expect(formatMinor(123_450, 'EUR')).toBe('1234.50');
    expect(formatMinor(500, 'JPY')).toBe('500');
  });

  it('rejects a number that is not a safe integer', () => {
    expect(() => formatScaled(1.5, 2)).toThrow(RangeError);
  });
});

describe('parseDecimal', () => {
  it('reads xs:decimal values exactly', () => {
    expect(parseDecimal('1234.50', 2)).toEqual({ value: 123_450n, exact: true });
    expect(parseDecimal('+.5', 2)).toEqual({ value: 50n, exact: true });
    expect(parseDecimal(' 7. ', 2)).toEqual({ value: 700n, exact: true });
    expect(parseDecimal('0.7900', 2)).toEqual({ value: 79n, exact: true });
    expect(parseDecimal('90071992547409.93', 2)).toEqual({ value: 9_007_199_254_740_993n, exact: true });
  });

  it('rounds half away from zero and says it was not exact', () => {
    expect(parseDecimal('10.005', 2)).toEqual({ value: 1001n, exact: false });
    expect(parseDecimal('-10.005', 2)).toEqual({ value: -1001n, exact: false });
    expect(parseDecimal('10.0049', 2)).toEqual({ value: 1000n, exact: false });
  });

  it('returns null for what is not a decimal', () => {
    for (const text of ['', '.', '1,5', '1e3', '12 345', 'abc', '--1'])
      expect(parseDecimal(text, 2)).toBeNull();
  });
});

describe('toScaled', () => {
  it('divides exactly or rounds half away from zero', () => {
    expect(toScaled(readDecimal('30.0000')!, 2, readDecimal('3')!)).toEqual({ value: 1000n, exact: true });
    expect(toScaled(readDecimal('10')!, 2, readDecimal('3')!)).toEqual({ value: 333n, exact: false });
    expect(toScaled(readDecimal('-1')!, 2, readDecimal('8')!)).toEqual({ value: -13n, exact: false });
    expect(() => toScaled(readDecimal('1')!, 2, readDecimal('0')!)).toThrow(RangeError);
  });
});
