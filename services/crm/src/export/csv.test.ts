import type { Contact } from '@comptoir/contracts/crm/contacts';
import { describe, expect, it } from 'vitest';
import { contactRow, csvHeader, csvLines, safeCell } from './csv.js';

/** A contact with a bit of everything (fixed ids and times). */
function testContact(overrides: Partial<Contact> = {}): Contact {
  return {
    id: '0b8f7f6a-3c1e-4a57-9d4b-7f1d2f0e9c11',
    first_name: 'Élodie',
    last_name: 'Martin',
    display_name: 'Élodie Martin',
    job_title: null,
    company: null,
    emails: [{ label: 'work', address: 'elodie@example.fr' }],
    phones: [
      { label: 'mobile', number: '06 12 34 56 78', e164: '+33612345678' },
      { label: 'fax', number: 'ask, please', e164: null },
    ],
    addresses: [],
    tags: [],
    notes: null,
    owner_id: null,
    source: null,
    custom: {},
    created_at: '2026-11-22T10:15:00.000000Z',
    updated_at: '2026-11-22T10:15:00.123456Z',
    deleted_at: null,
    ...overrides,
  };
}

describe('safeCell', () => {
  it('Should neutralise formulas but leave phone numbers and plain text alone', () => {
    expect(safeCell('=SUM(A1)')).toBe("'=SUM(A1)");
    expect(safeCell('@cmd')).toBe("'@cmd");
    expect(safeCell('-2+3 or so')).toBe("'-2+3 or so");
    expect(safeCell('+33 6 12 34 56 78')).toBe('+33 6 12 34 56 78');
    expect(safeCell('Ada')).toBe('Ada');
  });
});

describe('contactRow', () => {
  it('Should fill the numbered columns of a layout and quote what needs it', () => {
    const layout = { emails: 2, phones: 1, addresses: 1, customKeys: ['tier'] };
    const header = csvHeader(layout);
    const row = contactRow(testContact({ custom: { tier: 'gold' }, tags: ['a', 'b'] }), layout);
    expect(row).toHaveLength(header.length);
    const cells = Object.fromEntries(header.map((h, i) => [h, row[i]]));
    expect(cells).toMatchObject({
      'Email 1': 'elodie@example.fr',
      'Email 2': '',
      'Phone 1': '06 12 34 56 78',
      Tags: 'a, b',
      'custom.tier': 'gold',
    });
    expect(csvLines([['a,b', 'say "hi"', 'x']])).toBe('"a,b","say ""hi""",x\r\n');
  });
});
