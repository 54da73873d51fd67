/**
 * @module import/normalise
 * One CSV row or vCard card → the contact it describes, normalised exactly as the API stores
 * contacts (e-mails in lower case, phones with their E.164 form when parsable, ISO country codes),
 * with the row's problems.
 *
 * The rule: nothing is silently lost. A value that cannot be stored as it is (an invalid e-mail,
 * a name over 200 characters, a custom value of the wrong type) rejects the row with the reason,
 * so the row lands in the downloadable rejections to be fixed; a value that can be kept in a
 * weaker form is kept with a warning (a phone number that does not parse is stored as typed, an
 * unknown country stays in the street lines, a contact without a name is named after its e-mail).
 */
import { EmailSchema } from '@comptoir/contracts/common';
import type { Address, CustomValues, LabelledEmail, LabelledPhone } from '@comptoir/contracts/crm/common';
import { ADDRESS_LABELS, EMAIL_LABELS, PHONE_LABELS } from '@comptoir/contracts/crm/common';
import type { ImportColumnMapping, ImportedContact } from '@comptoir/contracts/crm/imports';
import type { CountryCode } from 'libphonenumber-js';
import type { CustomFieldDefinition } from '../domain/custom-fields.js';
import { normalisePhones } from '../domain/phones.js';
import { countryCode } from './countries.js';
import { labelFromText } from './mapping.js';
import { splitValue, unescapeText, type Vcard } from './vcard.js';

/** What every row of an import shares. */
export interface NormaliseContext {
  /** Country of phone numbers without a prefix. */
  country: CountryCode | undefined;
  /** The tenant's custom fields of contacts. */
  customFields: ReadonlyMap<string, CustomFieldDefinition>;
  /** Tags added to every contact. */
  tags: readonly string[];
}

/** A contact ready to be written (company by name), and what was changed to get there. */
export interface NormalisedRow {
  contact: ImportedContact | null;
  /** Why the row cannot be imported (empty when it can). */
  errors: string[];
  /** What was changed or kept in a weaker form. */
  warnings: string[];
  /** The name was made up from the e-mail (an update must not overwrite a real name with it). */
  nameFromEmail: boolean;
}

type EmailLabel = (typeof EMAIL_LABELS)[number];
type PhoneLabel = (typeof PHONE_LABELS)[number];
type AddressLabel = (typeof ADDRESS_LABELS)[number];

interface RawAddress {
  label: string;
  street: string[];
  postal_code: string[];
  city: string[];
  region: string[];
  country: string[];
}

/** The pieces of a contact as read, before validation. */
class ContactParts {
  firstNames: string[] = [];
  lastNames: string[] = [];
  fullNames: string[] = [];
  fallbackNames: string[] = [];
  emails: Array<{ value: string; label: string | undefined }> = [];
  phones: Array<{ value: string; label: string | undefined }> = [];
  addresses = new Map<string, RawAddress>();
  companies: string[] = [];
  jobTitles: string[] = [];
  tags: string[] = [];
  notes: Array<{ header: string | null; value: string }> = [];
  sources: string[] = [];
  custom = new Map<string, string>();

  address(key: string, label: string): RawAddress {
    let a = this.addresses.get(key);
    if (!a) {
      a = { label, street: [], postal_code: [], city: [], region: [], country: [] };
      this.addresses.set(key, a);
    }
    return a;
  }
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point.
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;

/** Text as the API stores it: no control characters, normalised line breaks, trimmed. */
export function cleanText(value: string): string {
  return value.replace(/\r\n?/g, '\n').replace(CONTROL, ' ').trim();
}

/** Single-line text: line breaks and tabs become spaces. */
export function cleanLine(value: string): string {
  return cleanText(value)
    .replace(/\s*[\n\t]+\s*/g, ' ')
    .replace(/ {2,}/g, ' ');
}

/** Undoes the formula escaping of our CSV export (`'=…`, see export/csv). */
function unescapeFormula(value: string): string {
  return /^'[=+\-@]/.test(value) ? value.slice(1) : value;
}

function splitName(full: string): { first: string; last: string } {
  const name = full.trim();
  const comma = /^([^,]+),\s*([^,]+)$/.exec(name);
  if (comma) return { first: comma[2]!.trim(), last: comma[1]!.trim() };
  const words = name.split(/\s+/).filter(Boolean);
  if (words.length <= 1) return { first: words[0] ?? '', last: '' };
  return { first: words.slice(0, -1).join(' '), last: words[words.length - 1]! };
}

function asLabel<T extends string>(label: string | undefined, allowed: readonly T[], fallback: T): T {
  return label && (allowed as readonly string[]).includes(label) ? (label as T) : fallback;
}

const EMAIL_IN_BRACKETS = /<([^<>\s]+@[^<>\s]+)>/;

function parseNumber(value: string): number | undefined {
  const v = value.replace(/[\s\u00a0']/g, '');
  if (/^[+-]?\d+$/.test(v)) return Number(v);
  if (/^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$/.test(v)) return Number(v.replaceAll(',', ''));
  if (/^[+-]?\d{1,3}(\.\d{3})+(,\d+)?$/.test(v)) return Number(v.replaceAll('.', '').replace(',', '.'));
  if (/^[+-]?\d*[.,]\d+$/.test(v)) return Number(v.replace(',', '.'));
  return undefined;
}

function parseDate(value: string): string | undefined {
  const v = value.trim();
  let m =
    /^(\d{4})-(\d{2})-(\d{2})(?:[T ].*)?$/.exec(v) ??
    /^(\d{4})\/(\d{1,2})\/(\d{1,2})$/.exec(v) ??
    /^(\d{4})(\d{2})(\d{2})$/.exec(v);
  let ymd: [string, string, string] | undefined = m ? [m[1]!, m[2]!, m[3]!] : undefined;
  // Day first with dots is unambiguous (German, French "21.11.2026").
  m = ymd ? null : /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(v);
  if (m) ymd = [m[3]!, m[2]!, m[1]!];
  if (!ymd) return undefined;
  const iso = `${ymd[0]}-${ymd[1].padStart(2, '0')}-${ymd[2].padStart(2, '0')}`;
  const date = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(iso) ? iso : undefined;
}

/** A custom value from text, by the field's type; a string is the reason when it does not fit. */
function customValue(def: CustomFieldDefinition, text: string): { value: string | number } | string {
  switch (def.type) {
    case 'number': {
      const n = parseNumber(text);
      return n !== undefined && Number.isFinite(n) ? { value: n } : `${def.label}: "${text}" is not a number`;
    }
    case 'date': {
      const d = parseDate(text);
      return d ? { value: d } : `${def.label}: "${text}" is not a date (use YYYY-MM-DD)`;
    }
    case 'select': {
      const option = def.options.find((o) => o.toLowerCase() === text.trim().toLowerCase());
      return option ? { value: option } : `${def.label}: "${text}" is not one of ${def.options.join(', ')}`;
    }
    default:
      return text.length <= 2000 ? { value: text } : `${def.label}: longer than 2000 characters`;
  }
}

function tooLong(field: string, value: string | null | undefined, max: number, errors: string[]) {
  if (value && value.length > max) errors.push(`${field} is longer than ${max} characters (${value.length})`);
}

const POSTAL_CITY = /^\s*((?:[A-Za-z]{1,3}[- ]?)?\d[\dA-Za-z-]{1,9}(?: \d[A-Za-z]{2})?)\s+(.+)$/;

/** Validates and normalises the parts into a contact. */
function finish(parts: ContactParts, ctx: NormaliseContext): NormalisedRow {
  const errors: string[] = [];
  const warnings: string[] = [];
  const join = (values: string[]) => values.map(cleanLine).filter(Boolean).join(' ');
  const firstOf = (values: string[]) => values.map(cleanLine).find(Boolean) ?? '';

  // Names: the first/last columns, else the full name split, else a fallback.
  let first = join(parts.firstNames);
  let last = join(parts.lastNames);
  const full = firstOf(parts.fullNames);
  if (!first && !last && full) ({ first, last } = splitName(full));
  else if (full && first && !last)
    last = full.toLowerCase().startsWith(`${first.toLowerCase()} `)
      ? full.slice(first.length).trim()
      : full !== first
        ? full
        : '';
  else if (full && last && !first)
    first = full.toLowerCase().endsWith(` ${last.toLowerCase()}`)
      ? full.slice(0, -last.length).trim()
      : full !== last
        ? full
        : '';
  if (!first && !last) {
    const fallback = firstOf(parts.fallbackNames);
    if (fallback) ({ first, last } = splitName(fallback));
  }

  // E-mails: several per cell (Google " ::: ", ";" or ","), display names and mailto: removed.
  const emails: LabelledEmail[] = [];
  for (const { value, label } of parts.emails) {
    for (const piece of cleanLine(value).split(/\s*(?::::|;|,(?=[^,]*@))\s*/)) {
      let address = piece.trim();
      if (!address) continue;
      address = (EMAIL_IN_BRACKETS.exec(address)?.[1] ?? address).replace(/^mailto:/i, '');
      const parsed = EmailSchema.safeParse(address);
      if (!parsed.success) {
        errors.push(`"${address}" is not a valid e-mail address`);
        continue;
      }
      if (!emails.some((e) => e.address === parsed.data)) {
        emails.push({
          label: asLabel(label, EMAIL_LABELS, emails.length === 0 ? 'work' : 'other'),
          address: parsed.data,
        });
      }
    }
  }
  if (emails.length > 20) errors.push(`${emails.length} e-mail addresses: a contact holds at most 20`);

  let nameFromEmail = false;
  if (!first && !last) {
    if (emails[0]) {
      last = emails[0].address;
      nameFromEmail = true;
      warnings.push('No name: the contact is named after its e-mail address');
    } else if (errors.length === 0) {
      errors.push('No name and no e-mail address: nothing identifies this contact (map a name column)');
    }
  }
  tooLong('First name', first, 200, errors);
  tooLong('Last name', last, 200, errors);

  // Phones: kept as typed; E.164 when libphonenumber can parse them.
  const phoneInputs: Array<{ label: PhoneLabel; number: string }> = [];
  for (const { value, label } of parts.phones) {
    for (const piece of cleanLine(value).split(/\s*:::\s*/)) {
      const number = piece.replace(/^tel:/i, '').trim();
      if (!number) continue;
      if (number.length > 50) errors.push(`Phone "${number.slice(0, 60)}…" is longer than 50 characters`);
      else if (number.replace(/\D/g, '').length === 0 && number.length < 3) continue;
      else phoneInputs.push({ label: asLabel(label, PHONE_LABELS, 'mobile'), number });
    }
  }
  const { phones: normalised } = normalisePhones(phoneInputs, ctx.country, false);
  const phones: LabelledPhone[] = [];
  for (const p of normalised) {
    const key = p.e164 ?? p.number.replace(/[^\d+]/g, '');
    if (phones.some((q) => (q.e164 ?? q.number.replace(/[^\d+]/g, '')) === key)) continue;
    if (!p.e164) warnings.push(`Phone "${p.number}" is not a valid number: kept as typed`);
    phones.push(p);
  }
  if (phones.length > 20) errors.push(`${phones.length} phone numbers: a contact holds at most 20`);

  // Addresses.
  const addresses: Address[] = [];
  for (const raw of parts.addresses.values()) {
    const street = raw.street.map(cleanText).filter(Boolean);
    const postal = join(raw.postal_code);
    const city = join(raw.city);
    const region = join(raw.region);
    const countryText = join(raw.country);
    let country: string | undefined;
    if (countryText) {
      country = countryCode(countryText);
      if (!country) {
        street.push(countryText);
        warnings.push(`Country "${countryText}" is not recognised: kept in the street lines`);
      }
    }
    if (!street.length && !postal && !city && !region && !country) continue;
    const address: Address = { label: asLabel<AddressLabel>(raw.label, ADDRESS_LABELS, 'work') };
    if (street.length) address.street = street.join('\n');
    if (postal) address.postal_code = postal;
    if (city) address.city = city;
    if (region) address.region = region;
    if (country) address.country = country;
    tooLong('Street', address.street, 300, errors);
    tooLong('Postal code', address.postal_code, 20, errors);
    tooLong('City', address.city, 100, errors);
    tooLong('Region', address.region, 100, errors);
    if (!addresses.some((a) => JSON.stringify(a) === JSON.stringify(address))) addresses.push(address);
  }
  if (addresses.length > 10) errors.push(`${addresses.length} addresses: a contact holds at most 10`);

  const company = firstOf(parts.companies) || null;
  tooLong('Company', company, 200, errors);
  const jobTitle = firstOf(parts.jobTitles) || null;
  tooLong('Job title', jobTitle, 200, errors);

  // Tags: lists split; Google's system groups keep their name without the "* " mark.
  const tags: string[] = [];
  for (const value of [...parts.tags, ...ctx.tags]) {
    for (const piece of cleanLine(value).split(/\s*(?::::|;|,)\s*/)) {
      const tag = piece.replace(/^\*\s*/, '').trim();
      if (!tag) continue;
      if (tag.length > 50) errors.push(`Tag "${tag.slice(0, 60)}…" is longer than 50 characters`);
      else if (!tags.includes(tag)) tags.push(tag);
    }
  }
  if (tags.length > 50) errors.push(`${tags.length} tags: a contact holds at most 50`);

  const noteParts = parts.notes
    .map((n) => ({ header: n.header, value: cleanText(n.value) }))
    .filter((n) => n.value);
  const notes =
    noteParts.map((n, i) => (i === 0 || !n.header ? n.value : `${n.header}: ${n.value}`)).join('\n\n') ||
    null;
  tooLong('Notes', notes, 20000, errors);

  const source = firstOf(parts.sources) || null;
  tooLong('Source', source, 100, errors);

  const custom: CustomValues = {};
  for (const [key, text] of parts.custom) {
    const value = cleanText(text);
    if (!value) continue;
    const def = ctx.customFields.get(key);
    if (!def) {
      errors.push(`No custom field has the key "${key}"`);
      continue;
    }
    const converted = customValue(def, value);
    if (typeof converted === 'string') errors.push(converted);
    else custom[key] = converted.value;
  }

  return {
    contact: errors.length
      ? null
      : {
          first_name: first,
          last_name: last,
          job_title: jobTitle,
          company_name: company,
          emails,
          phones,
          addresses,
          tags,
          notes,
          source,
          custom,
        },
    errors,
    warnings,
    nameFromEmail,
  };
}

/** What a mapping needs of the file besides the cells. */
export interface CsvRowContext extends NormaliseContext {
  mapping: readonly ImportColumnMapping[];
  /** Column names (for notes of several columns). */
  columns: readonly string[];
}

/**
 * A CSV row → contact.
 *
 * @example normaliseCsvRow(['Ada', 'ada@example.com'], ctx)
 */
export function normaliseCsvRow(cells: readonly string[], ctx: CsvRowContext): NormalisedRow {
  const parts = new ContactParts();
  for (const m of ctx.mapping) {
    if (!m.target) continue;
    const value = unescapeFormula(cells[m.column] ?? '');
    if (!value.trim()) continue;
    const labelCell = m.label_column !== undefined ? cells[m.label_column] : undefined;
    switch (m.target) {
      case 'first_name':
      case 'middle_name':
        parts.firstNames.push(value);
        break;
      case 'last_name':
        parts.lastNames.push(value);
        break;
      case 'full_name':
        parts.fullNames.push(value);
        break;
      case 'email':
        parts.emails.push({ value, label: (labelCell && labelFromText(labelCell, 'email')) || m.label });
        break;
      case 'phone':
        parts.phones.push({ value, label: (labelCell && labelFromText(labelCell, 'phone')) || m.label });
        break;
      case 'company':
        parts.companies.push(value);
        break;
      case 'job_title':
        parts.jobTitles.push(value);
        break;
      case 'street':
      case 'street2':
      case 'postal_code':
      case 'city':
      case 'region':
      case 'country':
      case 'postal_code_city': {
        const label = (labelCell && labelFromText(labelCell, 'address')) || m.label || 'work';
        const address = parts.address(`${m.address ?? 1}`, label);
        if (m.target === 'street' || m.target === 'street2') address.street.push(value);
        else if (m.target === 'postal_code_city') {
          const split = POSTAL_CITY.exec(cleanLine(value));
          if (split) {
            address.postal_code.push(split[1]!);
            address.city.push(split[2]!);
          } else address.city.push(value);
        } else address[m.target].push(value);
        break;
      }
      case 'tags':
        parts.tags.push(value);
        break;
      case 'notes':
        parts.notes.push({ header: ctx.columns[m.column] ?? null, value });
        break;
      case 'source':
        parts.sources.push(value);
        break;
      case 'custom':
        if (m.custom_key) parts.custom.set(m.custom_key, value);
        break;
    }
  }
  return finish(parts, ctx);
}

const VCARD_EMAIL_LABELS: Record<string, EmailLabel> = { HOME: 'home', WORK: 'work', OTHER: 'other' };
const VCARD_PHONE_LABELS: Record<string, PhoneLabel> = {
  CELL: 'mobile',
  MOBILE: 'mobile',
  IPHONE: 'mobile',
  FAX: 'fax',
  HOME: 'home',
  WORK: 'work',
  PAGER: 'other',
  CAR: 'other',
  OTHER: 'other',
};
const VCARD_ADDRESS_LABELS: Record<string, AddressLabel> = { HOME: 'home', WORK: 'work', OTHER: 'other' };

/** Properties read into contact fields; every other one is counted as ignored. */
const READ = new Set([
  'VERSION',
  'KIND',
  'X-ABSHOWAS',
  'FN',
  'N',
  'NICKNAME',
  'EMAIL',
  'TEL',
  'ADR',
  'ORG',
  'TITLE',
  'ROLE',
  'NOTE',
  'CATEGORIES',
  'X-ABLABEL',
]);

function typesOf(params: Map<string, string[]>): string[] {
  return (params.get('TYPE') ?? []).flatMap((t) => t.split(',')).map((t) => t.trim().toUpperCase());
}

function labelFromTypes<T extends string>(
  types: string[],
  table: Record<string, T>,
  order: string[],
): T | undefined {
  for (const key of order) if (types.includes(key) && table[key]) return table[key];
  return undefined;
}

/**
 * A vCard → contact; `ignored` receives the names of properties no field takes.
 *
 * @example normaliseVcard(card, ctx, ignored)
 */
export function normaliseVcard(
  card: Vcard,
  ctx: NormaliseContext,
  ignored: Map<string, number>,
): NormalisedRow {
  const parts = new ContactParts();
  const groupLabels = new Map<string, string>();
  for (const p of card.properties)
    if (p.name === 'X-ABLABEL' && p.group) groupLabels.set(p.group, unescapeText(p.value));
  const count = (name: string) => ignored.set(name, (ignored.get(name) ?? 0) + 1);
  for (const name of card.skipped) count(name);

  const titles: string[] = [];
  const roles: string[] = [];
  let named = false;
  // A card of an organisation (vCard 4.0 KIND:org, Apple's X-ABShowAs:COMPANY) is named as a whole.
  const organisation = card.properties.some(
    (p) =>
      (p.name === 'KIND' && /^org/i.test(p.value.trim())) ||
      (p.name === 'X-ABSHOWAS' && /^company$/i.test(p.value.trim())),
  );
  for (const p of card.properties) {
    if (!READ.has(p.name)) {
      count(p.name);
      continue;
    }
    const types = typesOf(p.params);
    const groupLabel = p.group ? groupLabels.get(p.group) : undefined;
    switch (p.name) {
      case 'FN':
        if (organisation) parts.lastNames.push(unescapeText(p.value));
        else parts.fullNames.push(unescapeText(p.value));
        break;
      case 'N': {
        // One name per contact: the first N (RFC 6350 allows one; broken cards repeat it).
        if (named || organisation) break;
        named = true;
        const [family = '', given = '', additional = ''] = splitValue(p.value, ';');
        if (family.trim()) parts.lastNames.push(family.replaceAll(',', ' '));
        if (given.trim()) parts.firstNames.push(given.replaceAll(',', ' '));
        if (additional.trim()) parts.firstNames.push(additional.replaceAll(',', ' '));
        break;
      }
      case 'NICKNAME':
        parts.fallbackNames.push(splitValue(p.value, ',')[0] ?? '');
        break;
      case 'EMAIL':
        parts.emails.push({
          value: unescapeText(p.value),
          label:
            (groupLabel && labelFromText(groupLabel, 'email')) ??
            labelFromTypes(types, VCARD_EMAIL_LABELS, ['HOME', 'WORK', 'OTHER']),
        });
        break;
      case 'TEL': {
        let number = unescapeText(p.value).trim();
        // vCard 4.0 tel: URI (RFC 3966): "tel:+1-418-656-9254;ext=102".
        const uri = /^tel:([^;]*)(?:;ext=([^;]*))?/i.exec(number);
        if (uri) number = uri[2] ? `${uri[1]} ext. ${uri[2]}` : uri[1]!;
        parts.phones.push({
          value: number,
          label:
            (groupLabel && labelFromText(groupLabel, 'phone')) ??
            labelFromTypes(types, VCARD_PHONE_LABELS, [
              'FAX',
              'CELL',
              'MOBILE',
              'IPHONE',
              'PAGER',
              'CAR',
              'HOME',
              'WORK',
              'OTHER',
            ]) ??
            'other',
        });
        break;
      }
      case 'ADR': {
        const [pobox = '', extended = '', street = '', city = '', region = '', postal = '', country = ''] =
          splitValue(p.value, ';');
        const label =
          (groupLabel && labelFromText(groupLabel, 'address')) ??
          labelFromTypes(types, VCARD_ADDRESS_LABELS, ['HOME', 'WORK', 'OTHER']) ??
          'work';
        const address = parts.address(`adr${parts.addresses.size + 1}`, label);
        for (const line of [street, extended, pobox])
          if (line.trim()) address.street.push(line.replaceAll(',', ', ').replace(/ {2,}/g, ' '));
        if (city.trim()) address.city.push(city);
        if (region.trim()) address.region.push(region);
        if (postal.trim()) address.postal_code.push(postal);
        if (country.trim()) address.country.push(country);
        break;
      }
      case 'ORG': {
        const company = splitValue(p.value, ';')[0] ?? '';
        if (company.trim()) parts.companies.push(company);
        break;
      }
      case 'TITLE':
        titles.push(unescapeText(p.value));
        break;
      case 'ROLE':
        roles.push(unescapeText(p.value));
        break;
      case 'NOTE':
        parts.notes.push({ header: null, value: unescapeText(p.value) });
        break;
      case 'CATEGORIES':
        parts.tags.push(...splitValue(p.value, ','));
        break;
    }
  }
  parts.jobTitles.push(...titles, ...roles);
  parts.fallbackNames.push(...parts.companies);
  const row = finish(parts, ctx);
  row.warnings.push(...card.problems);
  return row;
}
