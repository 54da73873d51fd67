import { describe, expect, it } from 'vitest';
import type { CustomFieldDefinition } from '../domain/custom-fields.js';
import { type CsvRowContext, cleanLine, normaliseCsvRow, normaliseVcard } from './normalise.js';
import type { Vcard } from './vcard.js';

const customFields = new Map<string, CustomFieldDefinition>([
  ['budget', { key: 'budget', label: 'Budget', type: 'number', options: [], required: false }],
  ['since', { key: 'since', label: 'Since', type: 'date', options: [], required: false }],
  ['tier', { key: 'tier', label: 'Tier', type: 'select', options: ['Gold', 'Silver'], required: false }],
]);

const ctx = (mapping: CsvRowContext['mapping'], columns: string[] = []): CsvRowContext => ({
  country: 'FR',
  customFields,
  tags: ['imported'],
  mapping,
  columns,
});

describe('normaliseCsvRow', () => {
  it('Should normalise names, e-mails, phones, addresses, tags and custom values', () => {
    const row = normaliseCsvRow(
      [
        'Lovelace, Ada',
        ' ADA@Example.COM ; ada@home.example ',
        '06 12 34 56 78',
        'Rue de la Paix\n2e étage',
        '75002 Paris',
        'France',
        'vip ::: * Friends',
        '1 234,50',
        '21.11.2026',
        'gold',
        "'=1+1",
      ],
      ctx([
        { column: 0, target: 'full_name' },
        { column: 1, target: 'email', label: 'work' },
        { column: 2, target: 'phone', label: 'mobile' },
        { column: 3, target: 'street', address: 1, label: 'home' },
        { column: 4, target: 'postal_code_city', address: 1, label: 'home' },
        { column: 5, target: 'country', address: 1, label: 'home' },
        { column: 6, target: 'tags' },
        { column: 7, target: 'custom', custom_key: 'budget' },
        { column: 8, target: 'custom', custom_key: 'since' },
        { column: 9, target: 'custom', custom_key: 'tier' },
        { column: 10, target: 'notes' },
      ]),
    );
    expect(row.errors).toEqual([]);
    expect(row.warnings).toEqual([]);
    expect(row.contact).toEqual({
      first_name: 'Ada',
      last_name: 'Lovelace',
      job_title: null,
      company_name: null,
      emails: [
        { label: 'work', address: 'ada@example.com' },
        { label: 'work', address: 'ada@home.example' },
      ],
      phones: [{ label: 'mobile', number: '06 12 34 56 78', e164: '+33612345678' }],
      addresses: [
        {
          label: 'home',
          street: 'Rue de la Paix\n2e étage',
          postal_code: '75002',
          city: 'Paris',
          country: 'FR',
        },
      ],
      tags: ['vip', 'Friends', 'imported'],
      notes: '=1+1',
      source: null,
      custom: { budget: 1234.5, since: '2026-11-21', tier: 'Gold' },
    });
  });

  it('Should reject what cannot be stored, with every reason', () => {
    const row = normaliseCsvRow(
      ['x'.repeat(201), 'not-an-email', 'abc', 'Platinum', 'a'.repeat(51)],
      ctx([
        { column: 0, target: 'first_name' },
        { column: 1, target: 'email' },
        { column: 2, target: 'custom', custom_key: 'budget' },
        { column: 3, target: 'custom', custom_key: 'tier' },
        { column: 4, target: 'tags' },
      ]),
    );
    expect(row.contact).toBeNull();
    expect(row.errors).toEqual([
      '"not-an-email" is not a valid e-mail address',
      'First name is longer than 200 characters (201)',
      `Tag "${'a'.repeat(51)}…" is longer than 50 characters`,
      'Budget: "abc" is not a number',
      'Tier: "Platinum" is not one of Gold, Silver',
    ]);
  });

  it('Should keep in a weaker form, with a warning, what it can: unparsable phones, unknown countries, no name', () => {
    const row = normaliseCsvRow(
      ['someone@example.com', 'ask reception', 'Atlantis'],
      ctx([
        { column: 0, target: 'email' },
        { column: 1, target: 'phone', label: 'work' },
        { column: 2, target: 'country' },
      ]),
    );
    expect(row.nameFromEmail).toBe(true);
    expect(row.contact).toMatchObject({
      last_name: 'someone@example.com',
      phones: [{ label: 'work', number: 'ask reception', e164: null }],
      addresses: [{ label: 'work', street: 'Atlantis' }],
    });
    expect(row.warnings).toEqual([
      'No name: the contact is named after its e-mail address',
      'Phone "ask reception" is not a valid number: kept as typed',
      'Country "Atlantis" is not recognised: kept in the street lines',
    ]);
  });

  it('Should complete a last name from the full name, join several note columns and reject a row with nothing', () => {
    const row = normaliseCsvRow(
      ['Max', 'Max Muster', 'First note', 'Second'],
      ctx(
        [
          { column: 0, target: 'first_name' },
          { column: 1, target: 'full_name' },
          { column: 2, target: 'notes' },
          { column: 3, target: 'notes' },
        ],
        ['Vorname', 'Name', 'Notes', 'Remarks'],
      ),
    );
    expect(row.contact).toMatchObject({
      first_name: 'Max',
      last_name: 'Muster',
      notes: 'First note\n\nRemarks: Second',
    });
    expect(normaliseCsvRow(['', ''], ctx([{ column: 0, target: 'first_name' }])).errors).toEqual([
      'No name and no e-mail address: nothing identifies this contact (map a name column)',
    ]);
  });
});

describe('normaliseVcard', () => {
  const card = (properties: Array<[string, string, Record<string, string[]>?, string?]>): Vcard => ({
    index: 1,
    line: 1,
    version: '3.0',
    raw: '',
    problems: [],
    skipped: ['PHOTO'],
    properties: properties.map(([name, value, params, group]) => ({
      name,
      value,
      group: group ?? null,
      params: new Map(Object.entries(params ?? {})),
    })),
  });

  it('Should map the standard properties and count what it leaves out', () => {
    const ignored = new Map<string, number>();
    const row = normaliseVcard(
      card([
        ['FN', 'Dr. John Q. Public'],
        ['N', 'Public;John;Quinlan;Dr.;'],
        ['N', 'Other;Name;;;'],
        ['ORG', 'ABC\\, Inc.;Marketing'],
        ['TITLE', 'Director'],
        ['EMAIL', 'john@abc.example', { TYPE: ['INTERNET', 'WORK'] }],
        ['EMAIL', 'j@home.example', {}, 'ITEM1'],
        ['X-ABLABEL', '_$!<Home>!$_', {}, 'ITEM1'],
        ['TEL', 'tel:+1-418-656-9254;ext=102', { TYPE: ['work,voice'], VALUE: ['uri'] }],
        ['TEL', '+33 6 12 34 56 78', { TYPE: ['CELL'] }],
        ['ADR', ';Suite 2;123 Main St;Quebec;QC;G1V 2M2;Canada', { TYPE: ['home'] }],
        ['CATEGORIES', 'vip,customers'],
        ['NOTE', 'Line one\\nline two'],
        ['BDAY', '1970-01-01'],
      ]),
      { country: 'FR', customFields, tags: [] },
      ignored,
    );
    expect(row.errors).toEqual([]);
    expect(row.contact).toEqual({
      first_name: 'John Quinlan',
      last_name: 'Public',
      job_title: 'Director',
      company_name: 'ABC, Inc.',
      emails: [
        { label: 'work', address: 'john@abc.example' },
        { label: 'home', address: 'j@home.example' },
      ],
      phones: [
        { label: 'work', number: '+1-418-656-9254 ext. 102', e164: '+14186569254' },
        { label: 'mobile', number: '+33 6 12 34 56 78', e164: '+33612345678' },
      ],
      addresses: [
        {
          label: 'home',
          street: '123 Main St\nSuite 2',
          postal_code: 'G1V 2M2',
          city: 'Quebec',
          region: 'QC',
          country: 'CA',
        },
      ],
      tags: ['vip', 'customers'],
      notes: 'Line one\nline two',
      source: null,
      custom: {},
    });
    expect(Object.fromEntries(ignored)).toEqual({ PHOTO: 1, BDAY: 1 });
  });

  it('Should name an organisation card after its FN, whole', () => {
    const row = normaliseVcard(
      card([
        ['FN', 'Apple Computer AG'],
        ['N', ';;;;'],
        ['X-ABSHOWAS', 'COMPANY'],
        ['ORG', 'Apple Computer AG;'],
      ]),
      { country: undefined, customFields, tags: [] },
      new Map(),
    );
    expect(row.contact).toMatchObject({
      first_name: '',
      last_name: 'Apple Computer AG',
      company_name: 'Apple Computer AG',
    });
  });
});

describe('cleanLine', () => {
  it('Should remove control characters and line breaks', () => {
    expect(cleanLine(' a\u0000b\r\nc\td ')).toBe('a b c d');
  });
});
