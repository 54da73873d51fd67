import { describe, expect, it } from 'vitest';
import {
  addDays,
  formatMoney,
  fractionDigits,
  minorToDecimal,
  minorToInput,
  parseMoney,
  personName,
  utcToZonedInput,
  zonedToUtc,
} from './format';

describe('money in minor units', () => {
  it('Should know the digits of a currency', () => {
    expect(fractionDigits('EUR')).toBe(2);
    expect(fractionDigits('JPY')).toBe(0);
    expect(fractionDigits('BHD')).toBe(3);
  });

  it('Should turn minor units into an exact decimal string', () => {
    expect(minorToDecimal(123456, 2)).toBe('1234.56');
    expect(minorToDecimal(5, 2)).toBe('0.05');
    expect(minorToDecimal(-5, 2)).toBe('-0.05');
    expect(minorToDecimal(1200, 0)).toBe('1200');
    expect(minorToDecimal(9007199254740991, 2)).toBe('90071992547409.91');
  });

  it('Should format in the currency and locale', () => {
    expect(formatMoney(240000, 'EUR', 'en')).toBe('€2,400.00');
    expect(formatMoney(1200, 'JPY', 'en')).toBe('¥1,200');
    expect(formatMoney(9007199254740991, 'EUR', 'en')).toBe('€90,071,992,547,409.91');
  });

  it('Should read amounts as people type them', () => {
    expect(parseMoney('2400', 'EUR')).toBe(240000);
    expect(parseMoney('2 400,50', 'EUR')).toBe(240050);
    expect(parseMoney('2,400.5', 'EUR')).toBe(240050);
    expect(parseMoney('1.234', 'EUR')).toBe(123400);
    expect(parseMoney('1.234,56 €', 'EUR')).toBe(123456);
    expect(parseMoney('0.1', 'EUR')).toBe(10);
    expect(parseMoney('1,5', 'JPY')).toBe(15);
    expect(parseMoney('abc', 'EUR')).toBeNull();
    expect(parseMoney('-3', 'EUR')).toBeNull();
    expect(parseMoney('', 'EUR')).toBeNull();
  });

  it('Should show an amount for editing without grouping', () => {
    expect(minorToInput(240000, 'EUR')).toBe('2400');
    expect(minorToInput(240050, 'EUR')).toBe('2400.50');
  });
});

describe('time zones', () => {
  it('Should convert a wall-clock time of a zone to UTC', () => {
    expect(zonedToUtc('2026-01-15T09:30', 'Europe/Paris')).toBe('2026-01-15T08:30:00.000Z');
    expect(zonedToUtc('2026-07-15T09:30', 'Europe/Paris')).toBe('2026-07-15T07:30:00.000Z');
    expect(zonedToUtc('2026-07-15', 'America/New_York')).toBe('2026-07-15T04:00:00.000Z');
    expect(zonedToUtc('nope', 'UTC')).toBeNull();
  });

  it('Should show an instant as a datetime-local value of a zone', () => {
    expect(utcToZonedInput('2026-01-15T08:30:00.000Z', 'Europe/Paris')).toBe('2026-01-15T09:30');
    expect(utcToZonedInput(null, 'Europe/Paris')).toBe('');
  });

  it('Should add days to a calendar date', () => {
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01');
  });
});

describe('personName', () => {
  it('Should join names or say the contact has none', () => {
    expect(personName({ first_name: 'Élodie', last_name: 'Martin' })).toBe('Élodie Martin');
    expect(personName({ first_name: '', last_name: '' })).toBe('Unnamed contact');
  });
});
