import type { Invoice } from '@comptoir/contracts/billing/invoices';
import type { SepaMandate } from '@comptoir/contracts/billing/sepa';
import { describe, expect, it } from 'vitest';
import {
  bicShapeValid,
  collectableRows,
  easterSunday,
  formatIban,
  ibanChecksumValid,
  isTarget2Day,
  mandateTypeLabel,
  nextTarget2Day,
  normalizeIban,
  RETURN_REASONS,
  returnReasonLabel,
  returnRevokesMandate,
  sequenceLabel,
} from './sepa';

describe('IBAN and BIC', () => {
  it('Should write an IBAN in groups of four, from whatever was typed', () => {
    expect(normalizeIban(' fr14 2004-1010 0505 0001 3m02 606 ')).toBe('FR1420041010050500013M02606');
    expect(formatIban('FR1420041010050500013M02606')).toBe('FR14 2004 1010 0505 0001 3M02 606');
  });

  it('Should check the ISO 13616 check digits', () => {
    expect(ibanChecksumValid('FR14 2004 1010 0505 0001 3M02 606')).toBe(true);
    expect(ibanChecksumValid('FR7630006000011234567890189')).toBe(true);
    expect(ibanChecksumValid('DE89 3704 0044 0532 0130 00')).toBe(true);
    // One digit changed, the wrong shape, nothing.
    expect(ibanChecksumValid('FR14 2004 1010 0505 0001 3M02 607')).toBe(false);
    expect(ibanChecksumValid('1234')).toBe(false);
    expect(ibanChecksumValid('')).toBe(false);
  });

  it('Should accept BICs of 8 or 11 characters', () => {
    expect(bicShapeValid('agrifrpp')).toBe(true);
    expect(bicShapeValid('PSST FR PP SCE')).toBe(true);
    expect(bicShapeValid('AGRIFR')).toBe(false);
  });
});

describe('returns and mandates in words', () => {
  it('Should offer the return reasons of the issue, and know which revoke the mandate', () => {
    expect(RETURN_REASONS.map((r) => r.code).sort()).toEqual([
      'AC04',
      'AM04',
      'MD01',
      'MD06',
      'MS02',
      'MS03',
    ]);
    expect(returnReasonLabel('AM04')).toBe('AM04 · Insufficient funds');
    expect(returnReasonLabel('ZZ99')).toBe('ZZ99');
    expect(returnRevokesMandate('AC04')).toBe(true);
    expect(returnRevokesMandate('MD01')).toBe(true);
    expect(returnRevokesMandate('AM04')).toBe(false);
  });

  it('Should name sequence types and mandate types', () => {
    expect(sequenceLabel('FRST')).toMatch(/First/);
    expect(sequenceLabel(null)).toBe('No further collection');
    expect(mandateTypeLabel('one_off')).toBe('One-off');
  });
});

describe('TARGET2 business days', () => {
  it('Should find Easter', () => {
    expect(easterSunday(2024)).toBe('2024-03-31');
    expect(easterSunday(2025)).toBe('2025-04-20');
    expect(easterSunday(2026)).toBe('2026-04-05');
  });

  it('Should close on weekends, 1 January, Good Friday, Easter Monday, 1 May, 25 and 26 December', () => {
    expect(isTarget2Day('2026-04-02')).toBe(true); // Maundy Thursday
    for (const day of ['2026-04-03', '2026-04-06', '2026-05-01', '2026-12-25', '2026-12-26', '2027-01-01']) {
      expect(isTarget2Day(day), day).toBe(false);
    }
    expect(isTarget2Day('2026-11-21')).toBe(false); // a Saturday
    expect(isTarget2Day('not a day')).toBe(false);
  });

  it('Should move a collection date to the next open day', () => {
    expect(nextTarget2Day('2026-11-23')).toBe('2026-11-23');
    expect(nextTarget2Day('2026-11-21')).toBe('2026-11-23');
    expect(nextTarget2Day('2026-12-24')).toBe('2026-12-24');
    expect(nextTarget2Day('2026-12-25')).toBe('2026-12-28');
    expect(nextTarget2Day('2026-04-03')).toBe('2026-04-07');
  });
});

const invoice = (id: string, patch: Partial<Invoice> = {}) =>
  ({
    id,
    kind: 'invoice',
    customer_id: 'c1',
    currency: 'EUR',
    balance_due_minor: 1000,
    disputed: false,
    ...patch,
  }) as Invoice;

const mandate = (id: string, patch: Partial<SepaMandate> = {}) =>
  ({ id, customer_id: 'c1', status: 'active', next_sequence_type: 'FRST', ...patch }) as SepaMandate;

describe('collectableRows', () => {
  it("Should pair each invoice with its customer's newest active mandate, or say why not", () => {
    const rows = collectableRows(
      [
        invoice('usd', { currency: 'USD' }),
        invoice('ok'),
        invoice('none', { customer_id: 'c2' }),
        invoice('disputed', { disputed: true }),
        invoice('credit', { kind: 'credit_note' }),
        invoice('zero', { balance_due_minor: 0 }),
      ],
      [mandate('revoked', { customer_id: 'c2', status: 'revoked' }), mandate('newest'), mandate('older')],
    );
    expect(rows.map((r) => [r.invoice.id, r.mandate?.id ?? null, r.reason])).toEqual([
      ['ok', 'newest', null],
      ['usd', 'newest', 'In USD: SEPA debits are in euros'],
      ['none', null, 'No active mandate for this customer'],
      ['disputed', 'newest', 'Disputed'],
      ['zero', 'newest', 'Nothing due'],
    ]);
  });

  it('Should pass over a used-up one-off mandate', () => {
    const rows = collectableRows([invoice('a')], [mandate('spent', { next_sequence_type: null })]);
    expect(rows[0]?.reason).toBe('No active mandate for this customer');
  });
});
