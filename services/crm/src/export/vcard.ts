/**
 * @module export/vcard
 * Contacts as vCard 4.0 (RFC 6350): UTF-8, CRLF line ends, lines folded at 75 octets without
 * splitting a character (section 3.2), text escaped (section 3.4), phones as `tel:` URIs when their
 * E.164 form is known (section 6.4.1), country names with their ISO code in the CC parameter
 * (RFC 8605).
 */
import type { Contact } from '@comptoir/contracts/crm/contacts';

const CRLF = '\r\n';

/** Escapes a text value (RFC 6350 section 3.4): backslash, comma, semicolon, newline. */
export function escapeText(value: string): string {
  return value
    .replace(/\\/g, '\\\\')
    .replace(/,/g, '\\,')
    .replace(/;/g, '\\;')
    .replace(/\r\n|\r|\n/g, '\\n');
}

/**
 * Folds a content line at 75 octets (RFC 6350 section 3.2): continuation lines start with a space;
 * a multi-byte UTF-8 character is never split.
 */
export function foldLine(line: string): string {
  if (Buffer.byteLength(line, 'utf8') <= 75) return line;
  const out: string[] = [];
  let current = '';
  let bytes = 0;
  let limit = 75;
  for (const ch of line) {
    const size = Buffer.byteLength(ch, 'utf8');
    if (bytes + size > limit) {
      out.push(current);
      current = '';
      bytes = 0;
      limit = 74; // the leading space of a continuation counts
    }
    current += ch;
    bytes += size;
  }
  out.push(current);
  return out.join(`${CRLF} `);
}

const EMAIL_TYPES: Record<string, string> = { work: 'work', home: 'home' };
const PHONE_TYPES: Record<string, string> = {
  mobile: '"cell,voice"',
  work: '"work,voice"',
  home: '"home,voice"',
  fax: 'fax',
  other: 'voice',
};
const ADDRESS_TYPES: Record<string, string> = { work: 'work', home: 'home' };

let countryNames: Intl.DisplayNames | undefined;

/** An RFC 6350 timestamp (REV): `20261122T101500Z`. */
const stamp = (iso: string) => iso.replace(/[-:]/g, '').replace(/\.\d+/, '');

/**
 * One contact as a vCard 4.0 (CRLF-terminated).
 *
 * @example contactToVcard(contact) // 'BEGIN:VCARD\r\nVERSION:4.0\r\n…END:VCARD\r\n'
 */
export function contactToVcard(contact: Contact): string {
  countryNames ??= new Intl.DisplayNames(['en'], { type: 'region' });
  const lines: string[] = ['BEGIN:VCARD', 'VERSION:4.0', `UID:urn:uuid:${contact.id}`];
  const fn = contact.display_name || `${contact.first_name} ${contact.last_name}`.trim();
  lines.push(`FN:${escapeText(fn)}`);
  lines.push(`N:${escapeText(contact.last_name)};${escapeText(contact.first_name)};;;`);
  if (contact.company) lines.push(`ORG:${escapeText(contact.company.name)}`);
  if (contact.job_title) lines.push(`TITLE:${escapeText(contact.job_title)}`);
  contact.emails.forEach((e, i) => {
    const type = EMAIL_TYPES[e.label];
    lines.push(`EMAIL${type ? `;TYPE=${type}` : ''}${i === 0 ? ';PREF=1' : ''}:${escapeText(e.address)}`);
  });
  contact.phones.forEach((p, i) => {
    const type = PHONE_TYPES[p.label] ?? 'voice';
    const pref = i === 0 ? ';PREF=1' : '';
    lines.push(
      p.e164
        ? `TEL;VALUE=uri;TYPE=${type}${pref}:tel:${p.e164}`
        : `TEL;VALUE=text;TYPE=${type}${pref}:${escapeText(p.number)}`,
    );
  });
  for (const a of contact.addresses) {
    const type = ADDRESS_TYPES[a.label];
    const country = a.country ? (countryNames.of(a.country) ?? a.country) : '';
    const parts = ['', '', a.street ?? '', a.city ?? '', a.region ?? '', a.postal_code ?? '', country].map(
      escapeText,
    );
    lines.push(`ADR${type ? `;TYPE=${type}` : ''}${a.country ? `;CC=${a.country}` : ''}:${parts.join(';')}`);
  }
  if (contact.tags.length) lines.push(`CATEGORIES:${contact.tags.map(escapeText).join(',')}`);
  if (contact.notes) lines.push(`NOTE:${escapeText(contact.notes)}`);
  lines.push(`REV:${stamp(contact.updated_at)}`);
  lines.push('END:VCARD');
  return lines.map(foldLine).join(CRLF) + CRLF;
}
