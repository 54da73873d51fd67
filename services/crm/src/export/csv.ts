/**
 * @module export/csv
 * Contacts as CSV rows (RFC 4180, csv-stringify): one column per e-mail, phone and address part,
 * numbered and labelled like Google Contacts' export ("Email 1", "Email 1 label", …) as many as the
 * exported contacts need, one column per custom field (`custom.<key>`), so that the file imports
 * back into this CRM (or into Google Contacts, Outlook, a spreadsheet) without losing anything.
 *
 * Cells a spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`, tab or carriage
 * return, OWASP "CSV injection") are prefixed with an apostrophe; phone numbers such as
 * "+33 6 12 34 56 78" are left as they are. The importer removes the apostrophe again.
 */
import type { Contact } from '@comptoir/contracts/crm/contacts';
import { stringify } from 'csv-stringify/sync';

/** How many numbered columns of each list the file has, and which custom fields. */
export interface CsvLayout {
  emails: number;
  phones: number;
  addresses: number;
  customKeys: string[];
}

const ADDRESS_PARTS = [
  ['street', 'street'],
  ['postal code', 'postal_code'],
  ['city', 'city'],
  ['region', 'region'],
  ['country', 'country'],
] as const;

/** The header row of a layout. */
export function csvHeader(layout: CsvLayout): string[] {
  const header = ['Id', 'First name', 'Last name', 'Company', 'Job title'];
  for (let i = 1; i <= layout.emails; i++) header.push(`Email ${i}`, `Email ${i} label`);
  for (let i = 1; i <= layout.phones; i++) header.push(`Phone ${i}`, `Phone ${i} label`);
  for (let i = 1; i <= layout.addresses; i++) {
    header.push(`Address ${i} label`, ...ADDRESS_PARTS.map(([name]) => `Address ${i} ${name}`));
  }
  header.push('Tags', 'Notes', 'Source', 'Owner id');
  for (const key of layout.customKeys) header.push(`custom.${key}`);
  header.push('Created at', 'Updated at');
  return header;
}

const FORMULA = /^[=+\-@\t\r]/;
const NUMERIC = /^[+-]?[\d\s().,/-]+$/;

/** A cell safe to open in a spreadsheet (see module comment). */
export function safeCell(value: string): string {
  return FORMULA.test(value) && !NUMERIC.test(value) ? `'${value}` : value;
}

/** One contact as a row of a layout. */
export function contactRow(contact: Contact, layout: CsvLayout): string[] {
  const row = [
    contact.id,
    contact.first_name,
    contact.last_name,
    contact.company?.name ?? '',
    contact.job_title ?? '',
  ];
  for (let i = 0; i < layout.emails; i++) {
    const e = contact.emails[i];
    row.push(e?.address ?? '', e?.label ?? '');
  }
  for (let i = 0; i < layout.phones; i++) {
    const p = contact.phones[i];
    row.push(p?.number ?? '', p?.label ?? '');
  }
  for (let i = 0; i < layout.addresses; i++) {
    const a = contact.addresses[i];
    row.push(a?.label ?? '', ...ADDRESS_PARTS.map(([, key]) => a?.[key] ?? ''));
  }
  row.push(contact.tags.join(', '), contact.notes ?? '', contact.source ?? '', contact.owner_id ?? '');
  for (const key of layout.customKeys) {
    const value = contact.custom[key];
    row.push(value === null || value === undefined ? '' : String(value));
  }
  row.push(contact.created_at, contact.updated_at);
  return row.map(safeCell);
}

/** CSV text of rows (CRLF line ends, fields quoted when needed). */
export function csvLines(rows: string[][]): string {
  return stringify(rows, { record_delimiter: '\r\n' });
}
