/**
 * @module mandate
 * SEPA Direct Debit Core mandates: validation of the data a creditor must hold before collecting
 * (EPC SDD Core Rulebook, section 4.7.2 "Data elements of the mandate", attributes AT-01 to AT-27)
 * and the sequence type of the next collection on a mandate (ISO 20022 `SequenceType1Code` in
 * pain.008.001.02).
 *
 * Validation never throws: it returns every problem found as `{ field, code, message }`, ready to
 * show next to a form field. IBAN and BIC checks use `ibantools` (ISO 13616 IBAN registry,
 * ISO 9362 BIC); the SEPA country list is ibantools' one.
 */
import {
  electronicFormatIBAN,
  isSEPACountry,
  ValidationErrorsIBAN,
  validateBIC,
  validateIBAN,
} from 'ibantools';
import { sepaIdentifierProblem, toSepaText } from './charset.js';

/**
 * `recurrent`: the debtor authorises a series of collections (FRST/RCUR);
 * `one_off`: a single collection (OOFF). EPC SDD Core Rulebook AT-21 "Transaction type".
 */
export type MandateType = 'recurrent' | 'one_off';

/** A mandate as entered or imported, before validation. */
export interface SepaMandateInput {
  /** Unique mandate reference (UMR, AT-01): unique per creditor, 1–35 SEPA characters. */
  reference: string;
  /** Date of signature (AT-25), `YYYY-MM-DD`. */
  signatureDate: string;
  type: MandateType;
  /** Name of the debtor (AT-14), at most 70 characters. */
  debtorName: string;
  /** IBAN of the debtor's account (AT-07), any spacing or case. */
  debtorIban: string;
  /** BIC of the debtor's bank (AT-13); may be omitted when the IBAN is from an EEA country. */
  debtorBic?: string | null;
  /** SEPA Creditor Identifier (AT-02), e.g. `FR72ZZZ123456`. */
  creditorId: string;
}

/** A valid mandate, normalised: IBAN in electronic format, BIC and creditor id upper case, no spaces. */
export interface SepaMandate {
  reference: string;
  signatureDate: string;
  type: MandateType;
  debtorName: string;
  debtorIban: string;
  /** `null` when not provided (allowed only for an EEA IBAN). */
  debtorBic: string | null;
  creditorId: string;
}

/** The mandate field an issue is about (the keys of {@link SepaMandateInput}). */
export type MandateField = keyof SepaMandateInput;

/** What is wrong with a field. */
export type MandateIssueCode =
  | 'required'
  | 'too_long'
  | 'invalid_characters'
  | 'invalid_format'
  | 'invalid_date'
  | 'future_date'
  | 'invalid_iban'
  | 'invalid_checksum'
  | 'country_not_in_sepa'
  | 'invalid_bic'
  | 'bic_required'
  | 'reference_in_use';

/** One problem found by {@link validateMandate}. */
export interface MandateIssue {
  field: MandateField;
  code: MandateIssueCode;
  /** English sentence for logs and as a fallback label. */
  message: string;
}

/** Result of {@link validateMandate}: the normalised mandate, or every issue found. */
export type MandateValidation =
  | { valid: true; mandate: SepaMandate; issues: [] }
  | { valid: false; issues: MandateIssue[] };

/** Options of {@link validateMandate}. */
export interface ValidateMandateOptions {
  /** Reference instant for "not in the future"; defaults to the current time. */
  now?: Date;
  /**
   * IANA time zone whose calendar date is "today" for the signature date check; defaults to
   * `Europe/Paris`, so a mandate signed just after midnight in Paris (still yesterday in UTC) passes.
   */
  timeZone?: string;
  /**
   * Whether the reference is already used by another mandate of the same creditor (AT-01 must be
   * unique per creditor). Compare case-insensitively: some banks do.
   */
  isReferenceInUse?: (reference: string) => boolean;
}

/**
 * Countries of the European Economic Area (EU 27 + Iceland, Liechtenstein, Norway). For a debtor
 * account there, the BIC is optional ("IBAN-only": Regulation (EU) 260/2012 art. 5(7), EPC SDD
 * Core Rulebook AT-13 "BIC of the debtor bank", mandatory only outside the EEA). Other SEPA countries (CH, GB, GI, SM, VA, MC, AD, …) still
 * need it. Both countries matter in the rulebook; only the debtor's is checked here, the
 * creditor (us) being in the EEA.
 */
export const EEA_COUNTRIES: ReadonlySet<string> = new Set([
  'AT',
  'BE',
  'BG',
  'CY',
  'CZ',
  'DE',
  'DK',
  'EE',
  'ES',
  'FI',
  'FR',
  'GR',
  'HR',
  'HU',
  'IE',
  'IT',
  'LT',
  'LU',
  'LV',
  'MT',
  'NL',
  'PL',
  'PT',
  'RO',
  'SE',
  'SI',
  'SK',
  'IS',
  'LI',
  'NO',
]);

/** BIC pattern of the ISO 20022 schema (`BICIdentifier`), stricter than ISO 9362 alone. */
const XSD_BIC = /^[A-Z]{6}[A-Z2-9][A-NP-Z0-9]([A-Z0-9]{3})?$/;

/**
 * Normalises and checks an IBAN: electronic format (no spaces, upper case), ISO 13616 structure
 * and MOD 97-10 checksum (ibantools), national check digits where ibantools knows them, country in
 * the SEPA schemes' geographical scope as listed by ibantools (compare EPC409-09 "List of countries
 * in the SEPA schemes' geographical scope"; ibantools may lag the EPC list, e.g. countries admitted
 * since 2024). QR-IBANs (Swiss QR-bill only) are refused.
 *
 * @returns `{ iban }` normalised, or `{ code, message }` describing the problem.
 */
export function checkSepaIban(
  raw: string,
):
  | { iban: string }
  | { code: 'required' | 'invalid_iban' | 'invalid_checksum' | 'country_not_in_sepa'; message: string } {
  const iban = electronicFormatIBAN(raw) ?? '';
  if (iban === '') return { code: 'required', message: 'IBAN is required' };
  const result = validateIBAN(iban, { allowQRIBAN: false });
  if (!result.valid) {
    const errors = result.errorCodes;
    if (errors.includes(ValidationErrorsIBAN.NoIBANCountry))
      return { code: 'invalid_iban', message: `IBAN ${iban}: unknown country code ${iban.slice(0, 2)}` };
    if (errors.includes(ValidationErrorsIBAN.WrongBBANLength))
      return { code: 'invalid_iban', message: `IBAN ${iban}: wrong length for ${iban.slice(0, 2)}` };
    if (errors.includes(ValidationErrorsIBAN.WrongBBANFormat))
      return { code: 'invalid_iban', message: `IBAN ${iban}: wrong account format for ${iban.slice(0, 2)}` };
    if (errors.includes(ValidationErrorsIBAN.QRIBANNotAllowed))
      return { code: 'invalid_iban', message: `IBAN ${iban}: a Swiss QR-IBAN cannot be debited` };
    return { code: 'invalid_checksum', message: `IBAN ${iban}: check digits do not match` };
  }
  const country = iban.slice(0, 2);
  if (!isSEPACountry(country))
    return { code: 'country_not_in_sepa', message: `IBAN country ${country} is not in the SEPA schemes` };
  return { iban };
}

/**
 * Normalises and checks a BIC (ISO 9362, via ibantools, and the ISO 20022 `BICIdentifier`
 * pattern): 8 or 11 characters, upper case, no spaces.
 *
 * @returns `{ bic }` normalised, or `{ code, message }`.
 */
export function checkBic(raw: string): { bic: string } | { code: 'invalid_bic'; message: string } {
  const bic = raw.replace(/\s+/g, '').toUpperCase();
  if (!validateBIC(bic).valid || !XSD_BIC.test(bic))
    return { code: 'invalid_bic', message: `BIC ${bic} is invalid` };
  return { bic };
}

/**
 * Normalises and checks a SEPA Creditor Identifier (EPC262-08 "Creditor Identifier Overview"):
 * `CC` country code, 2 check digits, 3-character Creditor Business Code (`ZZZ` when unused, not
 * part of the check), then the national identifier (1–28 alphanumerics). The check digits are
 * ISO 7064 MOD 97-10 over the national identifier followed by the country code and `00`, letters
 * as numbers (A = 10 … Z = 35), exactly like an IBAN. Known national lengths are enforced for
 * France (ICS, 13 characters) and Germany (Gläubiger-ID, 18).
 *
 * @returns `{ creditorId }` normalised (upper case, no spaces), or `{ code, message }`.
 */
export function checkCreditorId(
  raw: string,
): { creditorId: string } | { code: 'required' | 'invalid_format' | 'invalid_checksum'; message: string } {
  const creditorId = raw.replace(/\s+/g, '').toUpperCase();
  if (creditorId === '') return { code: 'required', message: 'creditor identifier is required' };
  const match = /^([A-Z]{2})([0-9]{2})([A-Z0-9]{3})([A-Z0-9]{1,28})$/.exec(creditorId);
  if (!match)
    return {
      code: 'invalid_format',
      message: `creditor identifier ${creditorId} must read CC99XXX then 1 to 28 letters or digits`,
    };
  const country = match[1]!;
  const checkDigits = match[2]!;
  const national = match[4]!;
  const expectedLength = CREDITOR_ID_LENGTHS[country];
  if (expectedLength !== undefined && creditorId.length !== expectedLength)
    return {
      code: 'invalid_format',
      message: `creditor identifier ${creditorId}: ${country} identifiers have ${expectedLength} characters`,
    };
  if (mod97(`${national}${country}00`) !== 98 - Number(checkDigits))
    return {
      code: 'invalid_checksum',
      message: `creditor identifier ${creditorId}: check digits do not match`,
    };
  return { creditorId };
}

/** Total lengths per country that we are sure of (EPC262-08); others are only checked generically. */
const CREDITOR_ID_LENGTHS: Readonly<Record<string, number>> = { FR: 13, DE: 18 };

/** ISO 7064 MOD 97-10 remainder of an alphanumeric string, letters as 10–35. */
function mod97(value: string): number {
  let remainder = 0;
  for (const char of value) {
    const digits = /[0-9]/.test(char) ? char : String(char.charCodeAt(0) - 55);
    for (const digit of digits) remainder = (remainder * 10 + Number(digit)) % 97;
  }
  return remainder;
}

/** Whether `value` is a real calendar date written `YYYY-MM-DD`. */
export function isIsoDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

/** The calendar date `YYYY-MM-DD` of `instant` in `timeZone`. */
function calendarDate(instant: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(instant);
}

/**
 * Validates a SEPA Direct Debit Core mandate and normalises it.
 *
 * Rules and their sources:
 * - `reference` (AT-01): 1–35 characters of the SEPA Latin set, no leading/trailing `/`, no `//`
 *   (EPC SDD Core Implementation Guidelines §1.4), unique per creditor (`isReferenceInUse`);
 * - `signatureDate` (AT-25): a real `YYYY-MM-DD` date, not after today in `timeZone`;
 * - `debtorName` (AT-14): required, at most 70 characters, and something must survive
 *   transliteration to the SEPA Latin set;
 * - `debtorIban` (AT-07): see {@link checkSepaIban};
 * - `debtorBic` (AT-13): see {@link checkBic}; optional when the IBAN country is in the EEA
 *   ({@link EEA_COUNTRIES}), required otherwise (EPC SDD Core Rulebook, IBAN-only since 2016);
 * - `creditorId` (AT-02): see {@link checkCreditorId}.
 *
 * Never throws.
 *
 * @example
 * const result = validateMandate({ reference: 'MDT-2025-0001', signatureDate: '2025-03-01', type: 'recurrent',
 *   debtorName: 'Jeanne Dupont', debtorIban: 'FR14 2004 1010 0505 0001 3M02 606', creditorId: 'FR72ZZZ123456' });
 * if (!result.valid) return result.issues; // [{ field, code, message }]
 */
export function validateMandate(
  input: SepaMandateInput,
  options: ValidateMandateOptions = {},
): MandateValidation {
  const issues: MandateIssue[] = [];
  const add = (field: MandateField, code: MandateIssueCode, message: string) =>
    issues.push({ field, code, message });

  const reference = input.reference.trim();
  const referenceProblem = sepaIdentifierProblem(reference);
  if (referenceProblem === 'required') add('reference', 'required', 'mandate reference is required');
  else if (referenceProblem === 'too_long')
    add('reference', 'too_long', 'mandate reference has more than 35 characters');
  else if (referenceProblem === 'invalid_characters')
    add(
      'reference',
      'invalid_characters',
      "mandate reference may only use a-z A-Z 0-9 / - ? : ( ) . , ' + and space",
    );
  else if (referenceProblem === 'invalid_format')
    add('reference', 'invalid_format', "mandate reference may not start or end with '/' nor contain '//'");
  else if (options.isReferenceInUse?.(reference))
    add('reference', 'reference_in_use', `mandate reference ${reference} is already used by this creditor`);

  const signatureDate = input.signatureDate.trim();
  if (signatureDate === '') add('signatureDate', 'required', 'signature date is required');
  else if (!isIsoDate(signatureDate))
    add('signatureDate', 'invalid_date', 'signature date must be a YYYY-MM-DD date');
  else {
    const today = calendarDate(options.now ?? new Date(), options.timeZone ?? 'Europe/Paris');
    if (signatureDate > today)
      add('signatureDate', 'future_date', `signature date is after today (${today})`);
  }

  const debtorName = input.debtorName.trim().replace(/\s+/g, ' ');
  if (debtorName === '') add('debtorName', 'required', 'debtor name is required');
  else if (debtorName.length > 70) add('debtorName', 'too_long', 'debtor name has more than 70 characters');
  else if (toSepaText(debtorName, 70) === '')
    add(
      'debtorName',
      'invalid_characters',
      'debtor name has no character that can be written in Latin letters',
    );

  const iban = checkSepaIban(input.debtorIban);
  if ('code' in iban) add('debtorIban', iban.code, iban.message);

  let debtorBic: string | null = null;
  const rawBic = input.debtorBic?.trim() ?? '';
  if (rawBic !== '') {
    const bic = checkBic(rawBic);
    if ('code' in bic) add('debtorBic', bic.code, bic.message);
    else debtorBic = bic.bic;
  } else if ('iban' in iban && !EEA_COUNTRIES.has(iban.iban.slice(0, 2))) {
    add(
      'debtorBic',
      'bic_required',
      `BIC is required for an account outside the EEA (${iban.iban.slice(0, 2)})`,
    );
  }

  const creditor = checkCreditorId(input.creditorId);
  if ('code' in creditor) add('creditorId', creditor.code, creditor.message);

  if (issues.length > 0 || !('iban' in iban) || !('creditorId' in creditor)) return { valid: false, issues };
  return {
    valid: true,
    issues: [],
    mandate: {
      reference,
      signatureDate,
      type: input.type,
      debtorName,
      debtorIban: iban.iban,
      debtorBic,
      creditorId: creditor.creditorId,
    },
  };
}

/**
 * ISO 20022 `SequenceType1Code` (pain.008.001.02 `PmtTpInf/SeqTp`): `FRST` first collection of a
 * recurrent mandate, `RCUR` the following ones, `FNAL` the last one, `OOFF` the single collection
 * of a one-off mandate.
 */
export type SequenceType = 'FRST' | 'RCUR' | 'FNAL' | 'OOFF';

/** How a mandate has been used so far, for {@link nextSequenceType}. */
export interface MandateUsage {
  type: MandateType;
  /**
   * Collections already presented on this mandate and not rejected before settlement (a collection
   * refused or rejected before settlement does not count, so the next one is a first again).
   */
  collectionsPresented: number;
}

/**
 * Sequence type of the next collection on a mandate: `OOFF` for a one-off mandate, `FRST` for the
 * first collection of a recurrent one, `RCUR` afterwards. Never returns `FNAL` (optional in the
 * rulebook; the last collection may be sent as `RCUR`).
 *
 * Choice documented: since EPC SDD Core Rulebook version 9.0 (November 2016) a first collection may
 * be sent as `RCUR` and `FRST` is no longer required, but `FRST` is still valid, still expected by
 * some banks and tools, and makes the first debit visible in statements and returns; we keep it.
 *
 * @throws RangeError when a one-off mandate has already been used (AT-21: a one-off mandate
 *   authorises a single collection) or when `collectionsPresented` is not a non-negative integer.
 */
export function nextSequenceType(usage: MandateUsage): SequenceType {
  if (!Number.isSafeInteger(usage.collectionsPresented) || usage.collectionsPresented < 0)
    throw new RangeError(
      `collectionsPresented must be a non-negative integer, got ${usage.collectionsPresented}`,
    );
  if (usage.type === 'one_off') {
    if (usage.collectionsPresented > 0) throw new RangeError('a one-off mandate allows a single collection');
    return 'OOFF';
  }
  return usage.collectionsPresented === 0 ? 'FRST' : 'RCUR';
}
