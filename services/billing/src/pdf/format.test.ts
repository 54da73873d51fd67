import { describe, expect, it } from 'vitest';
import { printable } from './fonts.js';
import {
  currencyFractionDigits,
  formatDate,
  formatIban,
  formatMoney,
  formatQuantity,
  formatSirenOrSiret,
  formatVatRate,
  toDecimalString,
} from './format.js';
import { documentTitle, unitLabel } from './labels.js';

// Intl's French output uses U+202F (narrow no-break space) between thousands, and U+00A0
// (no-break space) before the currency symbol and the percent sign.
const NNBSP = '\u202f';
const NBSP = '\u00a0';

describe('formatMoney', () => {
  it('prints euros from cents with two decimals, French grouping', () => {
    expect(formatMoney(123456, 'EUR', 'fr-FR')).toBe(`1${NNBSP}234,56${NBSP}€`);
    expect(formatMoney(5, 'EUR', 'fr-FR')).toBe(`0,05${NBSP}€`);
    expect(formatMoney(-50000, 'EUR', 'fr-FR')).toBe(`-500,00${NBSP}€`);
    expect(formatMoney(123456, 'EUR', 'en-US')).toBe('€1,234.56');
  });

  it('respects the ISO 4217 decimals of the currency (JPY 0, KWD 3)', () => {
    expect(currencyFractionDigits('EUR')).toBe(2);
    expect(currencyFractionDigits('JPY')).toBe(0);
    expect(currencyFractionDigits('KWD')).toBe(3);
    expect(formatMoney(1500, 'JPY', 'en-US')).toBe('¥1,500');
    expect(formatMoney(1500, 'KWD', 'en-US')).toBe(`KWD${NBSP}1.500`);
  });

  it('prints the largest safe amount exactly (no float division)', () => {
    expect(formatMoney(Number.MAX_SAFE_INTEGER, 'EUR', 'en-US')).toBe('€90,071,992,547,409.91');
  });

  it('rejects non-integer amounts and unknown currencies with RangeError', () => {
    expect(() => formatMoney(1.5, 'EUR', 'fr-FR')).toThrow(RangeError);
    expect(() => formatMoney(100, 'EURO', 'fr-FR')).toThrow(RangeError);
  });

  it('writes exact decimal strings from scaled integers', () => {
    expect(toDecimalString(-5, 2)).toBe('-0.05');
    expect(toDecimalString(1500, 3)).toBe('1.500');
    expect(toDecimalString(42, 0)).toBe('42');
  });
});

describe('quantities, rates, dates and identifiers', () => {
  it('prints quantities from thousandths without trailing zeros', () => {
    expect(formatQuantity(3500, 'fr-FR')).toBe('3,5');
    expect(formatQuantity(1000, 'fr-FR')).toBe('1');
    expect(formatQuantity(1250, 'en')).toBe('1.25');
    expect(formatQuantity(1234567, 'en')).toBe('1,234.567');
  });

  it('prints VAT rates from basis points', () => {
    expect(formatVatRate(2000, 'fr-FR')).toBe(`20${NBSP}%`);
    expect(formatVatRate(550, 'fr-FR')).toBe(`5,5${NBSP}%`);
    expect(formatVatRate(210, 'en')).toBe('2.1%');
    expect(formatVatRate(0, 'en')).toBe('0%');
  });

  it('prints calendar dates as written, whatever the time zone', () => {
    expect(formatDate('2026-11-02', 'fr-FR')).toBe('2 nov. 2026');
    expect(formatDate('2026-11-02', 'en-US')).toBe('Nov 2, 2026');
    expect(() => formatDate('2026-02-30', 'fr-FR')).toThrow(RangeError);
    expect(() => formatDate('02/11/2026', 'fr-FR')).toThrow(RangeError);
  });

  it('groups IBAN, SIREN and SIRET the way they are printed', () => {
    expect(formatIban('fr7630006000011234567890189')).toBe('FR76 3000 6000 0112 3456 7890 189');
    expect(formatSirenOrSiret('303265045')).toBe('303 265 045');
    expect(formatSirenOrSiret('30326504500017')).toBe('303 265 045 00017');
    expect(formatSirenOrSiret(' B123 ')).toBe('B123');
  });
});

describe('labels', () => {
  it('titles documents by kind and language, a formal notice as MISE EN DEMEURE', () => {
    expect(documentTitle({ kind: 'invoice' }, 'fr')).toBe('FACTURE');
    expect(documentTitle({ kind: 'credit_note' }, 'fr')).toBe('AVOIR');
    expect(documentTitle({ kind: 'quote' }, 'fr')).toBe('DEVIS');
    expect(
      documentTitle({ kind: 'reminder', reminder: { step: 1, daysPastDue: 5, formalNotice: false } }, 'fr'),
    ).toBe('RELANCE');
    expect(
      documentTitle({ kind: 'reminder', reminder: { step: 4, daysPastDue: 30, formalNotice: true } }, 'fr'),
    ).toBe('MISE EN DEMEURE');
    expect(documentTitle({ kind: 'invoice' }, 'en')).toBe('INVOICE');
    expect(documentTitle({ kind: 'credit_note' }, 'en')).toBe('CREDIT NOTE');
    expect(documentTitle({ kind: 'quote' }, 'en')).toBe('QUOTE');
    expect(documentTitle({ kind: 'reminder' }, 'en')).toBe('PAYMENT REMINDER');
  });

  it('names UN/ECE Rec. 20 units with French and English plurals', () => {
    expect(unitLabel('DAY', 1500, 'fr')).toBe('jour');
    expect(unitLabel('DAY', 2000, 'fr')).toBe('jours');
    expect(unitLabel('DAY', 1500, 'en')).toBe('days');
    expect(unitLabel('DAY', 1000, 'en')).toBe('day');
    expect(unitLabel('XYZ', 1000, 'fr')).toBe('XYZ');
  });
});

describe('printable', () => {
  it('keeps what the embedded fonts cover and replaces the rest', () => {
    expect(printable('Café – 1\u202f234,56\u00a0€ “ok” œ ł')).toBe('Café – 1\u202f234,56\u00a0€ “ok” œ ł');
    // Decomposed é is composed; tab becomes a space; CR and zero-width space are dropped.
    expect(printable('e\u0301\tx\r\n\u200by')).toBe('é x\ny');
    // Greek, CJK and emoji are not in the Latin subsets.
    expect(printable('Σ 東京 😀')).toBe('? ?? ?');
  });
});
