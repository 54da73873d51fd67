import { describe, expect, it } from 'vitest';
import {
  decimalSeparator,
  formatMoney,
  formatQuantity,
  formatRate,
  fractionDigits,
  minorToDecimal,
  minorToInput,
  parseMoney,
  parseQuantity,
  quantityToInput,
  unitLabel,
  vatGroupLabel,
} from './money';

/** Intl separates French groups with narrow no-break spaces: compare with plain spaces. */
const plain = (text: string) => text.replace(/[\u00a0\u202f]/g, ' ');

describe('amounts in minor units', () => {
  it('Should know the digits of a currency', () => {
    expect(fractionDigits('EUR')).toBe(2);
    expect(fractionDigits('JPY')).toBe(0);
    expect(fractionDigits('BHD')).toBe(3);
    expect(fractionDigits('NOPE')).toBe(2);
  });

  it('Should turn minor units into an exact decimal string', () => {
    expect(minorToDecimal(123456, 2)).toBe('1234.56');
    expect(minorToDecimal(5, 2)).toBe('0.05');
    expect(minorToDecimal(-5, 2)).toBe('-0.05');
    expect(minorToDecimal(0, 2)).toBe('0.00');
    expect(minorToDecimal(1200, 0)).toBe('1200');
    expect(minorToDecimal(9007199254740991, 2)).toBe('90071992547409.91');
  });

  it('Should format in the currency and the tenant locale, exactly', () => {
    expect(formatMoney(240000, 'EUR', 'en')).toBe('€2,400.00');
    expect(plain(formatMoney(309494, 'EUR', 'fr-FR'))).toBe('3 094,94 €');
    expect(plain(formatMoney(-1050, 'EUR', 'fr-FR'))).toBe('-10,50 €');
    expect(formatMoney(1200, 'JPY', 'en')).toBe('¥1,200');
    expect(formatMoney(9007199254740991, 'EUR', 'en')).toBe('€90,071,992,547,409.91');
  });

  it('Should format amounts that arrive as digit strings (PostgreSQL bigint)', () => {
    expect(formatMoney('123456', 'EUR', 'en')).toBe('€1,234.56');
  });
});

describe('parseMoney', () => {
  it('Should read amounts as people type them, French or English style', () => {
    expect(parseMoney('1 234,56', 'EUR')).toBe(123456);
    expect(parseMoney('1234.56', 'EUR')).toBe(123456);
    expect(parseMoney('1,234.56', 'EUR')).toBe(123456);
    expect(parseMoney('1.234,56 €', 'EUR')).toBe(123456);
    expect(parseMoney('1\u202f234,56', 'EUR')).toBe(123456);
    expect(parseMoney('2400', 'EUR')).toBe(240000);
    expect(parseMoney('2400,5', 'EUR')).toBe(240050);
    expect(parseMoney('0.1', 'EUR')).toBe(10);
    expect(parseMoney(',5', 'EUR')).toBe(50);
    expect(parseMoney('12.', 'EUR')).toBe(1200);
  });

  it('Should read a separator followed by three digits as a thousands separator', () => {
    expect(parseMoney('1.234', 'EUR')).toBe(123400);
    expect(parseMoney('1,234,567', 'EUR')).toBe(123456700);
    expect(parseMoney('1.234', 'BHD')).toBe(1234);
    expect(parseMoney('1,500', 'JPY')).toBe(1500);
  });

  it('Should refuse what is not an amount', () => {
    expect(parseMoney('', 'EUR')).toBeNull();
    expect(parseMoney('abc', 'EUR')).toBeNull();
    expect(parseMoney('1,2,3', 'EUR')).toBeNull();
    expect(parseMoney('12.345.6', 'EUR')).toBeNull();
    expect(parseMoney('0,001', 'EUR')).toBeNull();
    expect(parseMoney('1.2345', 'EUR')).toBeNull();
    expect(parseMoney('1,5', 'JPY')).toBeNull();
    expect(parseMoney('99999999999999999', 'EUR')).toBeNull();
  });

  it('Should take a minus only where negative amounts are allowed', () => {
    expect(parseMoney('-3', 'EUR')).toBeNull();
    expect(parseMoney('-12,50', 'EUR', { allowNegative: true })).toBe(-1250);
    expect(parseMoney('−12,50', 'EUR', { allowNegative: true })).toBe(-1250);
    expect(parseMoney('-0', 'EUR', { allowNegative: true })).toBe(0);
  });

  it('Should round-trip what it shows for editing', () => {
    expect(minorToInput(240000, 'EUR')).toBe('2400');
    expect(minorToInput(240050, 'EUR')).toBe('2400.50');
    expect(minorToInput(240050, 'EUR', 'fr-FR')).toBe('2400,50');
    expect(minorToInput(-5, 'EUR', 'fr-FR')).toBe('-0,05');
    for (const minor of [0, 1, 99, 240050, 123456789]) {
      expect(parseMoney(minorToInput(minor, 'EUR', 'fr-FR'), 'EUR')).toBe(minor);
      expect(parseMoney(minorToInput(minor, 'EUR', 'en'), 'EUR')).toBe(minor);
    }
  });

  it('Should know the decimal separator of a locale', () => {
    expect(decimalSeparator('fr-FR')).toBe(',');
    expect(decimalSeparator('en-GB')).toBe('.');
  });
});

describe('quantities in thousandths', () => {
  it('Should read quantities with a comma or a dot', () => {
    expect(parseQuantity('2')).toBe(2000);
    expect(parseQuantity('1,5')).toBe(1500);
    expect(parseQuantity('0.125')).toBe(125);
    expect(parseQuantity('1 000')).toBe(1_000_000);
    expect(parseQuantity('-1')).toBe(-1000);
    expect(parseQuantity('.5')).toBe(500);
  });

  it('Should refuse more than three decimals and anything else', () => {
    expect(parseQuantity('0.0001')).toBeNull();
    expect(parseQuantity('')).toBeNull();
    expect(parseQuantity('two')).toBeNull();
    expect(parseQuantity('1.2.3')).toBeNull();
  });

  it('Should show quantities for reading and editing', () => {
    expect(formatQuantity(1500, 'fr-FR')).toBe('1,5');
    expect(formatQuantity(2000, 'en')).toBe('2');
    expect(formatQuantity(125, 'en')).toBe('0.125');
    expect(quantityToInput(1500, 'fr-FR')).toBe('1,5');
    expect(quantityToInput(2000)).toBe('2');
    expect(quantityToInput(1000)).toBe('1');
    expect(quantityToInput(10_000)).toBe('10');
  });
});

describe('rates and units', () => {
  it('Should show basis points as a percentage in the locale', () => {
    expect(plain(formatRate(2000, 'fr-FR'))).toBe('20 %');
    expect(plain(formatRate(550, 'fr-FR'))).toBe('5,5 %');
    expect(formatRate(210, 'en')).toBe('2.1%');
    expect(formatRate(0, 'en')).toBe('0%');
  });

  it('Should name a VAT group by its rate, or by its exemption', () => {
    expect(plain(vatGroupLabel('S', 2000, 'fr-FR', null))).toBe('VAT 20 %');
    expect(vatGroupLabel('AE', 0, 'en', 'Autoliquidation')).toBe('Reverse charge — Autoliquidation');
    expect(vatGroupLabel('E', 0, 'en', null)).toBe('Exempt');
  });

  it('Should name unit codes', () => {
    expect(unitLabel('HUR')).toBe('Hour');
    expect(unitLabel('XYZ')).toBe('XYZ');
  });
});
