import { describe, expect, it } from 'vitest';
import { isSepaText, sepaIdentifierProblem, toSepaText } from './charset.js';
import {
  checkBic,
  checkCreditorId,
  checkSepaIban,
  type MandateIssue,
  nextSequenceType,
  type SepaMandateInput,
  validateMandate,
} from './mandate.js';

/** 2025-06-15 10:00 UTC, noon in Paris. */
const NOW = new Date('2025-06-15T10:00:00Z');

const FRENCH: SepaMandateInput = {
  reference: 'MDT-2025-000123',
  signatureDate: '2025-06-01',
  type: 'recurrent',
  debtorName: 'Jeanne Dupont',
  debtorIban: 'FR14 2004 1010 0505 0001 3M02 606',
  debtorBic: 'psstfrppxxx',
  creditorId: 'FR72ZZZ123456',
};

const GERMAN: SepaMandateInput = {
  reference: 'KD4711/2025-01',
  signatureDate: '2025-01-31',
  type: 'recurrent',
  debtorName: 'Jürgen Weiß',
  debtorIban: 'DE89 3704 0044 0532 0130 00',
  creditorId: 'DE98ZZZ09999999999',
};

function issuesOf(input: Partial<SepaMandateInput>, options = {}): MandateIssue[] {
  const result = validateMandate({ ...FRENCH, ...input }, { now: NOW, ...options });
  return result.issues;
}

describe('validateMandate', () => {
  it('accepts a French mandate and normalises IBAN, BIC and creditor id', () => {
    const result = validateMandate({ ...FRENCH, creditorId: 'fr72 zzz 123456' }, { now: NOW });
    expect(result).toEqual({
      valid: true,
      issues: [],
      mandate: {
        reference: 'MDT-2025-000123',
        signatureDate: '2025-06-01',
        type: 'recurrent',
        debtorName: 'Jeanne Dupont',
        debtorIban: 'FR1420041010050500013M02606',
        debtorBic: 'PSSTFRPPXXX',
        creditorId: 'FR72ZZZ123456',
      },
    });
  });

  it('accepts a German mandate without BIC (IBAN-only inside the EEA)', () => {
    const result = validateMandate(GERMAN, { now: NOW });
    expect(result.valid).toBe(true);
    if (result.valid)
      expect(result.mandate).toMatchObject({ debtorIban: 'DE89370400440532013000', debtorBic: null });
  });

  it('requires the BIC for a SEPA account outside the EEA (Switzerland, United Kingdom, Monaco)', () => {
    for (const iban of ['CH9300762011623852957', 'GB29NWBK60161331926819', 'MC5811222000010123456789030']) {
      expect(issuesOf({ debtorIban: iban, debtorBic: null })).toEqual([
        expect.objectContaining({ field: 'debtorBic', code: 'bic_required' }),
      ]);
    }
    expect(issuesOf({ debtorIban: 'CH9300762011623852957', debtorBic: 'UBSWCHZH80A' })).toEqual([]);
  });

  it('reports every problem at once, each with field, code and message', () => {
    const issues = validateMandate(
      {
        reference: '/MDT',
        signatureDate: '2025-06-16',
        type: 'one_off',
        debtorName: '   ',
        debtorIban: 'FR7630006000011234567890188',
        debtorBic: 'BNPAFRP',
        creditorId: 'FR73ZZZ123456',
      },
      { now: NOW },
    ).issues;
    expect(issues.map(({ field, code }) => [field, code])).toEqual([
      ['reference', 'invalid_format'],
      ['signatureDate', 'future_date'],
      ['debtorName', 'required'],
      ['debtorIban', 'invalid_checksum'],
      ['debtorBic', 'invalid_bic'],
      ['creditorId', 'invalid_checksum'],
    ]);
    for (const issue of issues) expect(issue.message.length).toBeGreaterThan(5);
  });

  describe('mandate reference (AT-01)', () => {
    it.each([['MDT-2025-000123'], ["A/B-C?D:E(F)G.H,I'J+K L"], ['x'.repeat(35)]])('accepts %j', (reference) =>
      expect(issuesOf({ reference })).toEqual([]),
    );

    it.each([
      ['', 'required'],
      ['x'.repeat(36), 'too_long'],
      ['MDT_2025', 'invalid_characters'],
      ['MDT#1', 'invalid_characters'],
      ['Référence', 'invalid_characters'],
      ['/MDT1', 'invalid_format'],
      ['MDT1/', 'invalid_format'],
      ['MDT//1', 'invalid_format'],
    ])('rejects %j with %s', (reference, code) =>
      expect(issuesOf({ reference })).toEqual([expect.objectContaining({ field: 'reference', code })]),
    );

    it('rejects a reference the creditor already uses', () => {
      const taken = new Set(['MDT-2025-000123']);
      expect(issuesOf({}, { isReferenceInUse: (r: string) => taken.has(r.toUpperCase()) })).toEqual([
        expect.objectContaining({ field: 'reference', code: 'reference_in_use' }),
      ]);
    });
  });

  describe('signature date (AT-25)', () => {
    it('accepts today and the past, rejects tomorrow', () => {
      expect(issuesOf({ signatureDate: '2025-06-15' })).toEqual([]);
      expect(issuesOf({ signatureDate: '2019-11-30' })).toEqual([]);
      expect(issuesOf({ signatureDate: '2025-06-16' })).toEqual([
        expect.objectContaining({ field: 'signatureDate', code: 'future_date' }),
      ]);
    });

    it('judges "today" in Paris: signed at 00:30 on the 16th is fine while UTC is still the 15th', () => {
      const justAfterMidnightInParis = new Date('2025-06-15T22:30:00Z');
      expect(issuesOf({ signatureDate: '2025-06-16' }, { now: justAfterMidnightInParis })).toEqual([]);
      expect(
        issuesOf({ signatureDate: '2025-06-16' }, { now: justAfterMidnightInParis, timeZone: 'UTC' }),
      ).toEqual([expect.objectContaining({ code: 'future_date' })]);
    });

    it.each(['', '2025-02-30', '15/06/2025', '2025-6-1'])('rejects %j', (signatureDate) =>
      expect(issuesOf({ signatureDate })[0]).toMatchObject({
        field: 'signatureDate',
        code: signatureDate === '' ? 'required' : 'invalid_date',
      }),
    );
  });

  describe('debtor name (AT-14)', () => {
    it('accepts accented names, rejects more than 70 characters or nothing writable in Latin letters', () => {
      expect(issuesOf({ debtorName: 'Françoise Lefèvre-Brûlé' })).toEqual([]);
      expect(issuesOf({ debtorName: 'a'.repeat(71) })).toEqual([
        expect.objectContaining({ field: 'debtorName', code: 'too_long' }),
      ]);
      expect(issuesOf({ debtorName: 'Ελένη Παπαδοπούλου' })).toEqual([
        expect.objectContaining({ field: 'debtorName', code: 'invalid_characters' }),
      ]);
    });
  });

  describe('debtor IBAN (AT-07)', () => {
    it.each([
      ['FR1420041010050500013M02606'],
      ['FR76 3000 6000 0112 3456 7890 189'],
      ['fr7630006000011234567890189'],
      ['DE89370400440532013000'],
      ['DE02 1203 0000 0000 2020 51'],
    ])('accepts %j', (debtorIban) => expect(issuesOf({ debtorIban })).toEqual([]));

    it.each([
      ['', 'required'],
      ['FR7630006000011234567890188', 'invalid_checksum'],
      ['DE89370400440532013001', 'invalid_checksum'],
      ['DE8937040044053201300', 'invalid_iban'],
      ['XX89370400440532013000', 'invalid_iban'],
      ['CH4431999123000889012', 'invalid_iban'],
      ['BR1800360305000010009795493C1', 'country_not_in_sepa'],
    ])('rejects %j with %s', (debtorIban, code) =>
      expect(issuesOf({ debtorIban })).toEqual([expect.objectContaining({ field: 'debtorIban', code })]),
    );
  });

  describe('debtor BIC (AT-13)', () => {
    it.each([['BNPAFRPPXXX'], ['BNPAFRPP'], ['psst fr pp par'], ['COBADEFFXXX'], ['BYLADEM1001']])(
      'accepts %j',
      (debtorBic) => expect(issuesOf({ debtorBic })).toEqual([]),
    );

    it.each([['BNPAFRP'], ['BNPAXXPP'], ['DEUTDE0F'], ['BNPAFRPPXX'], ['BNPA-FR-PP']])(
      'rejects %j',
      (debtorBic) =>
        expect(issuesOf({ debtorBic })).toEqual([
          expect.objectContaining({ field: 'debtorBic', code: 'invalid_bic' }),
        ]),
    );
  });

  describe('creditor identifier (AT-02)', () => {
    it.each([
      ['FR72ZZZ123456'],
      ['FR72ABC123456'],
      ['DE98ZZZ09999999999'],
      ['ES59ZZZX1234567L'],
      ['AT61ZZZ01234567890'],
      ['BE69ZZZ050D000000008'],
    ])('accepts %j', (creditorId) => expect(issuesOf({ creditorId })).toEqual([]));

    it.each([
      ['', 'required'],
      ['FR73ZZZ123456', 'invalid_checksum'],
      ['FR72ZZZ123457', 'invalid_checksum'],
      ['DE97ZZZ09999999999', 'invalid_checksum'],
      ['DE98ZZZ0999999999', 'invalid_format'],
      ['FR72ZZZ12345', 'invalid_format'],
      ['FR7ZZZ123456', 'invalid_format'],
      ['FR72ZZZ', 'invalid_format'],
      ['FR72ZZZ12345/', 'invalid_format'],
    ])('rejects %j with %s', (creditorId, code) =>
      expect(issuesOf({ creditorId })).toEqual([expect.objectContaining({ field: 'creditorId', code })]),
    );

    it('computes the check digits over the national id + country + 00, skipping the business code', () => {
      // FR, national id 123456: "123456" + "FR00" → 123456152700 mod 97 = 26 → 98 − 26 = 72.
      expect(checkCreditorId('FR72ZZZ123456')).toEqual({ creditorId: 'FR72ZZZ123456' });
      expect(checkCreditorId('FR72XYZ123456')).toEqual({ creditorId: 'FR72XYZ123456' });
    });
  });
});

describe('IBAN, BIC and creditor id checks used by the pain.008 builder', () => {
  it('return normalised values or a code', () => {
    expect(checkSepaIban(' de02 1203 0000 0000 2020 51 ')).toEqual({ iban: 'DE02120300000000202051' });
    expect(checkBic('cobadeff')).toEqual({ bic: 'COBADEFF' });
    expect(checkCreditorId('DE98 ZZZ 09999999999')).toEqual({ creditorId: 'DE98ZZZ09999999999' });
    expect(checkSepaIban('GB29NWBK60161331926819')).toEqual({ iban: 'GB29NWBK60161331926819' });
  });
});

describe('nextSequenceType', () => {
  it('is FRST for the first collection of a recurrent mandate, RCUR afterwards', () => {
    expect(nextSequenceType({ type: 'recurrent', collectionsPresented: 0 })).toBe('FRST');
    expect(nextSequenceType({ type: 'recurrent', collectionsPresented: 1 })).toBe('RCUR');
    expect(nextSequenceType({ type: 'recurrent', collectionsPresented: 42 })).toBe('RCUR');
  });

  it('is OOFF for a one-off mandate, which cannot be used twice', () => {
    expect(nextSequenceType({ type: 'one_off', collectionsPresented: 0 })).toBe('OOFF');
    expect(() => nextSequenceType({ type: 'one_off', collectionsPresented: 1 })).toThrow(RangeError);
  });

  it('rejects a negative or fractional count', () => {
    expect(() => nextSequenceType({ type: 'recurrent', collectionsPresented: -1 })).toThrow(RangeError);
    expect(() => nextSequenceType({ type: 'recurrent', collectionsPresented: 1.5 })).toThrow(RangeError);
  });
});

describe('SEPA character set', () => {
  it('transliterates accents, ß, æ, & and typographic marks, drops the rest, collapses spaces', () => {
    expect(toSepaText('Société Générale & Fils — Straße', 70)).toBe('Societe Generale + Fils - Strasse');
    expect(toSepaText('Ærøskøbing Łódź Ångström', 70)).toBe('AEroskobing Lodz Angstrom');
    expect(toSepaText('Facture n° 2025_001 « été »\n50 €', 140)).toBe('Facture n 2025001 ete 50');
    expect(toSepaText('Ωμέγα', 70)).toBe('');
  });

  it('cuts to the maximum length and never ends with a space', () => {
    expect(toSepaText('ab cd', 3)).toBe('ab');
    expect(toSepaText('é'.repeat(200), 140)).toHaveLength(140);
  });

  it('checks identifiers: 35 characters, SEPA set, no leading/trailing or double slash', () => {
    expect(isSepaText("az AZ 09 /-?:().,'+")).toBe(true);
    expect(sepaIdentifierProblem('INV-2025-0001')).toBeNull();
    expect(sepaIdentifierProblem('INV_1')).toBe('invalid_characters');
    expect(sepaIdentifierProblem('A//B')).toBe('invalid_format');
  });
});
