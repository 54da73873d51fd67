import type { Contact } from '@comptoir/contracts/crm/contacts';
import { describe, expect, it } from 'vitest';
import { contactToVcard, escapeText, foldLine } from './vcard.js';

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

describe('escapeText', () => {
  it('Should escape backslash, comma, semicolon and line breaks (RFC 6350 3.4)', () => {
    expect(escapeText('a\\b, c; d\r\ne')).toBe('a\\\\b\\, c\\; d\\ne');
  });
});

describe('foldLine', () => {
  it('Should fold at 75 octets without splitting a character', () => {
    const line = `NOTE:${'é'.repeat(100)}`;
    const folded = foldLine(line).split('\r\n');
    for (const l of folded) expect(Buffer.byteLength(l)).toBeLessThanOrEqual(75);
    expect(folded.slice(1).every((l) => l.startsWith(' '))).toBe(true);
    expect(folded.map((l, i) => (i ? l.slice(1) : l)).join('')).toBe(line);
    expect(foldLine('FN:short')).toBe('FN:short');
  });
});

describe('contactToVcard', () => {
  it('Should write a vCard 4.0 with FN, N, phones as tel: URIs and an empty name when there is none', () => {
    const contact: Contact = testContact();
    const card = contactToVcard(contact);
    expect(card.split('\r\n').slice(0, 5)).toEqual([
      'BEGIN:VCARD',
      'VERSION:4.0',
      `UID:urn:uuid:${contact.id}`,
      'FN:Élodie Martin',
      'N:Martin;Élodie;;;',
    ]);
    expect(card).toContain('TEL;VALUE=uri;TYPE="cell,voice";PREF=1:tel:+33612345678\r\n');
    expect(card).toContain('TEL;VALUE=text;TYPE=fax:ask\\, please\r\n');
    expect(card).toContain('REV:20261122T101500Z\r\n');
    expect(card.endsWith('END:VCARD\r\n')).toBe(true);
  });
});
