/**
 * @module import/mapping
 * Suggested mapping of CSV columns to contact fields, from the header names of the exports people
 * bring: Google Contacts (old and new formats, with their "E-mail 1 - Type / Value" pairs),
 * Outlook, Thunderbird, Apple, HubSpot, Salesforce (camel-case and upper-case API names),
 * Pipedrive ("Person - …"), Zoho, tine20 and this API's own CSV export; English, French and
 * German column names. Without a header, columns are recognised by their values (e-mails, phone
 * numbers, a column of full names).
 *
 * Header names are compared squashed: accents folded, lower case, every non-alphanumeric
 * character removed ("E-mail 2 Address" → `email2address`, "FIRSTNAME" → `firstname`), then
 * matched by patterns that allow label words before or after the field word.
 */
import type { ImportColumnMapping, ImportTarget } from '@comptoir/contracts/crm/imports';

/** A custom field as the mapping sees it. */
export interface CustomFieldRef {
  key: string;
  label: string;
}

/** Header text → squashed form (see module comment). */
export function squash(header: string): string {
  return header
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replaceAll('ß', 'ss')
    .replace(/[^a-z0-9]+/g, '');
}

const HOME = 'home|private|privat|personal|perso|domicile|residence';
const WORK =
  'work|business|office|company|bureau|professional|pro|direct|dienstlich|geschaeftlich|geschaftlich|main';
const OTHER = 'other|autre|weitere|secondary|second|alternate|alternative|additional';
const PHONE_OTHER =
  'pager|car|assistants|assistant|assistent|callback|radio|telex|isdn|ttytdd|tty|prefer|preferred|voip';
const MOBILE = 'mobile|mobil|cell|cellular|cellphone|portable|handy|gsm|natel';
const FAX = 'fax|telefax';
const PRIMARY = 'primary|preferred|default|principal';
const FILLER = 'person|contact|cp|who|n';

const EMAIL_RE = new RegExp(
  `^(?:${FILLER})*((?:${HOME}|${WORK}|${OTHER}|${PRIMARY})*)(?:email|mail|courriel|emailadresse)((?:${HOME}|${WORK}|${OTHER}|${PRIMARY}|address|adresse|addr|value|\\d)*)$`,
);
const PHONE_WORD = `phone|telephone|tel|telefon|tlf|${MOBILE}|${FAX}|pager`;
const PHONE_RE = new RegExp(
  `^(?:${FILLER})*((?:${HOME}|${WORK}|${OTHER}|${PRIMARY}|${PHONE_OTHER}|${MOBILE}|${FAX})*)(${PHONE_WORD})((?:${HOME}|${WORK}|${OTHER}|${PRIMARY}|${PHONE_OTHER}|${MOBILE}|${FAX}|phone|number|nummer|numero|no|nr|value|\\d)*)$`,
);

const ADDRESS_PREFIX = `${HOME}|${WORK}|${OTHER}|billing|shipping|mailing|postal|primary|adrone|adrtwo|address\\d*|addr\\d*|adr\\d*|\\d`;
const ADDRESS_PARTS: Array<[string, ImportTarget | null]> = [
  ['plzort|zipcity|postalcodecity|cpville|codepostalville|postleitzahlort', 'postal_code_city'],
  [
    'street2|street3|streetline2|streetline3|address2|address3|addressline2|addressline3|line2|line3|extendedaddress|extended|pobox|postfach|boitepostale|bp',
    'street2',
  ],
  [
    'street1|street|streetaddress|addressline1|addressline|address1|address|line1|strasse|rue|adresse|anschrift',
    'street',
  ],
  ['city|town|locality|ville|ort|stadt|commune|gemeinde|citytown', 'city'],
  [
    'stateregion|stateprovince|state|region|province|county|bundesland|departement|prefecture|canton',
    'region',
  ],
  ['zipcode|zip|postalcode|postcode|postleitzahl|plz|codepostal|cp', 'postal_code'],
  ['countryregion|countryname|countrycode|country|land|pays|nation', 'country'],
  ['formatted|formattedaddress|lon|lat|latitude|longitude|geo', null],
];
const ADDRESS_RES = ADDRESS_PARTS.map(
  ([parts, target]) =>
    [
      new RegExp(`^(?:${FILLER})*((?:${ADDRESS_PREFIX})*?)(?:${parts})((?:address|kombination|\\d)*)$`),
      target,
    ] as const,
);

const NAME_PATTERNS: Array<[RegExp, ImportTarget]> = [
  [
    /^(?:person|contact|cp|n)?(?:firstname|givenname|given|first|prenom|vorname|nome|nombre|fname|forename|voornaam|christianname)$/,
    'first_name',
  ],
  [
    /^(?:person|contact|n)?(?:middlename|middlenames|middle|additionalname|secondname|middleinitial)$/,
    'middle_name',
  ],
  [
    /^(?:person|contact|n)?(?:lastname|familyname|family|surname|nomdefamille|nachname|familienname|cognome|apellidos?|last|lname|achternaam|nom|cpname)$/,
    'last_name',
  ],
  [
    /^(?:person|contact|n)?(?:name|fullname|displayname|contactname|formattedname|fn|nomcomplet|anzeigename|personname|contact)$/,
    'full_name',
  ],
];

const SINGLE_PATTERNS: Array<[RegExp, ImportTarget, 'strong' | 'weak']> = [
  [
    /^(?:person|contact|cp)?(?:company|companyname|organi[sz]ation\d*|organi[sz]ation\d*name|org|orgname|account|accountname|firma|firmenname|societe|entreprise|unternehmen|employer|business|businessname|associatedcompany|companyorganization)$/,
    'company',
    'strong',
  ],
  [
    /^(?:person|contact|cp)?(?:jobtitle|job|position|occupation|fonction|poste|beruf|funktion|designation|organi[sz]ation\d*title|jobposition|titre|jobrole|profession|positiontitle)$/,
    'job_title',
    'strong',
  ],
  [/^(?:person|contact)?(?:title|role)$/, 'job_title', 'weak'],
  [
    /^(?:person|contact)?(?:tags|tag|labels|categories|category|groupmembership|groups|group|kategorien|kategorie|etiquettes|etiquette|schlagworte|schlagwort|motscles|keywords|segments)$/,
    'tags',
    'strong',
  ],
  [
    /^(?:person|contact)?(?:notes|note|comments|comment|description|remarks|remark|bemerkungen|bemerkung|notizen|notiz|memo|about|backgroundinfo|commentaires|commentaire|observations|remarques)$/,
    'notes',
    'strong',
  ],
  [
    /^(?:person|contact)?(?:source|leadsource|contactsource|originalsource|herkunft|origine|provenance|quelle|referralsource)$/,
    'source',
    'strong',
  ],
];

/** Column names known and deliberately not imported (they still prove a header row). */
const IGNORED = new Set(
  'nickname prefix suffix nameprefix namesuffix title salutation anrede greeting birthday bday birthdate dateofbirth anniversary gender sex website webpage webpage1 webpage2 url homepage department abteilung service id recordid contactid owner contactowner ownerid createdate createddate creationdate modifieddate lastmodified lastmodifieddate createdat updatedat language timezone industry initials vorwahl areacode indicatif type leadstatus lifecyclestage status screenname'.split(
    ' ',
  ),
);

function labelOf(words: string, kind: 'email' | 'phone' | 'address'): string | undefined {
  const has = (alternatives: string) => new RegExp(`(?:${alternatives})`).test(words);
  if (kind === 'phone') {
    if (has(FAX)) return 'fax';
    if (has(MOBILE)) return 'mobile';
    if (has(PHONE_OTHER)) return 'other';
  }
  if (kind === 'address') {
    if (has('billing')) return 'billing';
    if (has('shipping')) return 'shipping';
    if (has('adrtwo')) return 'home';
    if (has('adrone')) return 'work';
  }
  if (has(HOME)) return 'home';
  if (has(WORK)) return 'work';
  if (has(OTHER)) return 'other';
  return undefined;
}

/** The label a cell gives ("* Home", "Work", "Mobile", Apple's "_$!<Mobile>!$_", "Privat"). */
export function labelFromText(text: string, kind: 'email' | 'phone' | 'address'): string | undefined {
  const words = squash(text.replace(/_\$!<|>!\$_/g, ' '));
  if (!words) return undefined;
  return (
    labelOf(words, kind) ?? (kind === 'phone' && /iphone|phone|voice/.test(words) ? 'mobile' : undefined)
  );
}

/** What one header names. */
interface Classified {
  target: ImportTarget | null;
  label?: string;
  /** Key of the address the column belongs to (label and number). */
  addressKey?: string;
  /** "email1" in "email1value": the Google-style pair whose type column gives the label. */
  pair?: string;
  weak?: boolean;
  custom_key?: string;
}

/**
 * What a header names, or undefined when it names nothing known.
 *
 * @example classifyHeader('E-mail 2 Address') // { target: 'email', label: 'other', … }
 */
export function classifyHeader(
  header: string,
  customFields: readonly CustomFieldRef[] = [],
): Classified | undefined {
  const customMatch = /^\s*custom\s*[.:_]\s*([a-z][a-z0-9_]{0,39})\s*$/i.exec(header);
  if (customMatch) {
    const key = customMatch[1]!.toLowerCase();
    return customFields.some((f) => f.key === key) ? { target: 'custom', custom_key: key } : { target: null };
  }
  const s = squash(header);
  if (!s) return undefined;
  const pair = /^(email|phone|tel|telephone|address|addr)(\d+)/.exec(s);
  const pairKey = pair
    ? `${pair[1] === 'tel' || pair[1] === 'telephone' ? 'phone' : pair[1] === 'addr' ? 'address' : pair[1]}${pair[2]}`
    : undefined;

  const email = EMAIL_RE.exec(s);
  if (email) {
    const label =
      labelOf(`${email[1]}${email[2]}`, 'email') ??
      (pair && Number(pair[2]) >= 2 && !/value/.test(s) ? 'other' : undefined);
    return { target: 'email', ...(label ? { label } : {}), ...(pairKey ? { pair: pairKey } : {}) };
  }
  const phone = PHONE_RE.exec(s);
  if (phone) {
    const label = labelOf(`${phone[1]}${phone[2]}${phone[3]}`, 'phone') ?? 'work';
    return { target: 'phone', label, ...(pairKey ? { pair: pairKey } : {}) };
  }
  for (const [pattern, target] of NAME_PATTERNS) if (pattern.test(s)) return { target };
  for (const [pattern, target, strength] of SINGLE_PATTERNS) {
    if (pattern.test(s)) return { target, ...(strength === 'weak' ? { weak: true } : {}) };
  }
  for (const [pattern, target] of ADDRESS_RES) {
    const m = pattern.exec(s);
    if (!m) continue;
    if (target === null) return { target: null };
    const prefix = m[1] ?? '';
    const label = labelOf(prefix, 'address');
    const number = /(\d+)/.exec(prefix)?.[1] ?? '';
    return {
      target,
      ...(label ? { label } : {}),
      addressKey: `${label ?? ''}${number}`,
      ...(pairKey?.startsWith('address') ? { pair: pairKey } : {}),
    };
  }
  const custom = customFields.find((f) => squash(f.label) === s || squash(f.key) === s);
  if (custom) return { target: 'custom', custom_key: custom.key };
  if (IGNORED.has(s)) return { target: null };
  return undefined;
}

/** Whether a header cell names something known (for header detection). */
export const isKnownHeader = (cell: string): boolean => classifyHeader(cell) !== undefined;

/** Which export a header row comes from, when it says so. */
export function detectSource(headers: readonly string[]): string | null {
  const s = new Set(headers.map(squash));
  const has = (...names: string[]) => names.every((n) => s.has(n));
  if (has('email1', 'email1label') || has('firstname', 'email1label')) return 'comptoir';
  if (headers.some((h) => /^Person - /.test(h))) return 'pipedrive';
  if (has('givenname', 'familyname') || s.has('groupmembership') || s.has('email1value')) return 'google';
  if (has('emailaddress', 'businessstreet') || s.has('emaildisplayname') || has('emailaddress', 'categories'))
    return 'outlook';
  if (has('primaryemail', 'displayname')) return 'thunderbird';
  if (s.has('recordid') || s.has('lifecyclestage') || s.has('associatedcompany')) return 'hubspot';
  if (s.has('mailingzip') || (s.has('contactowner') && s.has('mailingstreet'))) return 'zoho';
  if (
    headers.some((h) => /^[A-Z][a-z]+[A-Z][a-zA-Z]*$/.test(h) || /__c$/i.test(h)) ||
    has('mailingstreet', 'accountname')
  )
    return 'salesforce';
  if (s.has('nfamily') || s.has('adronestreet')) return 'tine20';
  return null;
}

const EMAIL_VALUE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PHONE_VALUE = /^\+?[\d\s().\-/]{6,}$/;

/** Mapping of a file without a header, from the values of its first rows. */
function mappingFromValues(columnCount: number, rows: readonly string[][]): ImportColumnMapping[] {
  const mapping: ImportColumnMapping[] = [];
  let fullNameTaken = false;
  for (let column = 0; column < columnCount; column++) {
    const values = rows.map((r) => (r[column] ?? '').trim()).filter((v) => v !== '');
    const share = (test: (v: string) => boolean) =>
      values.length ? values.filter(test).length / values.length : 0;
    let target: ImportTarget | null = null;
    if (share((v) => EMAIL_VALUE.test(v) || /@/.test(v)) >= 0.5) target = 'email';
    else if (share((v) => PHONE_VALUE.test(v) && (v.match(/\d/g)?.length ?? 0) >= 6) >= 0.5) target = 'phone';
    else if (!fullNameTaken && share((v) => /^\p{L}[\p{L}'.-]*(\s+\p{L}[\p{L}'.-]*){1,3}$/u.test(v)) >= 0.5) {
      target = 'full_name';
      fullNameTaken = true;
    }
    mapping.push(
      target === 'email'
        ? { column, target, label: 'work' }
        : target === 'phone'
          ? { column, target, label: 'work' }
          : { column, target },
    );
  }
  return mapping;
}

/**
 * The suggested mapping of a CSV file.
 *
 * @param headers the header row (or null without one).
 * @param rows the first data rows (for a file without a header).
 * @returns one entry per column, in order (`target: null` for columns left out).
 */
export function suggestMapping(
  headers: readonly string[] | null,
  rows: readonly string[][],
  customFields: readonly CustomFieldRef[] = [],
): { mapping: ImportColumnMapping[]; source: string | null } {
  const columnCount = Math.max(headers?.length ?? 0, ...rows.map((r) => r.length), 0);
  if (!headers) return { mapping: mappingFromValues(columnCount, rows), source: null };

  const classified = Array.from({ length: columnCount }, (_, i) =>
    classifyHeader(headers[i] ?? '', customFields),
  );
  // A weak match (Outlook's "Title" is the honorific) yields to a strong one for the same field.
  const strong = new Set(classified.filter((c) => c?.target && !c.weak).map((c) => c!.target));
  const pairs = new Map<string, number>();
  headers.forEach((h, i) => {
    const m = /^(email|phone|tel|telephone|address|addr)(\d+)(type|label)$/.exec(squash(h));
    if (m) {
      const kind = m[1] === 'tel' || m[1] === 'telephone' ? 'phone' : m[1] === 'addr' ? 'address' : m[1]!;
      pairs.set(`${kind}${m[2]}`, i);
    }
  });
  const addressGroups = new Map<string, number>();
  const mapping: ImportColumnMapping[] = [];
  let weakTaken = false;
  for (let column = 0; column < columnCount; column++) {
    const c = classified[column];
    if (!c || c.target === null || (c.weak && (strong.has(c.target) || weakTaken))) {
      mapping.push({ column, target: null });
      continue;
    }
    if (c.weak) weakTaken = true;
    const entry: ImportColumnMapping = { column, target: c.target };
    if (c.custom_key) entry.custom_key = c.custom_key;
    if (c.label) entry.label = c.label as ImportColumnMapping['label'];
    const labelColumn = c.pair ? pairs.get(c.pair) : undefined;
    if (labelColumn !== undefined) entry.label_column = labelColumn;
    if (c.addressKey !== undefined) {
      if (!addressGroups.has(c.addressKey)) addressGroups.set(c.addressKey, addressGroups.size + 1);
      entry.address = Math.min(addressGroups.get(c.addressKey)!, 10);
      entry.label ??= 'work';
    }
    mapping.push(entry);
  }
  return { mapping, source: detectSource(headers) };
}
