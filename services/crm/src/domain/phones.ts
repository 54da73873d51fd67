/**
 * @module domain/phones
 * Phone numbers as people type them, normalised to E.164 (ITU-T E.164, "+33612345678") with
 * libphonenumber-js. A number without a country prefix is read in the tenant's country (from its
 * locale, e.g. fr-FR → FR).
 */
import type { LabelledPhone, LabelledPhoneInput } from '@comptoir/contracts/crm/common';
import type { ProblemError } from '@comptoir/contracts/problem';
import { type CountryCode, isSupportedCountry, parsePhoneNumberFromString } from 'libphonenumber-js/max';

/** The country of a BCP 47 locale (`fr-FR` → `FR`), if libphonenumber knows it. */
export function countryOfLocale(locale: string | null | undefined): CountryCode | undefined {
  const region = locale?.split('-')[1]?.toUpperCase();
  return region && isSupportedCountry(region) ? region : undefined;
}

/** E.164 form of a number, or null when it is not a valid number. */
export function toE164(number: string, country?: CountryCode): string | null {
  const parsed = parsePhoneNumberFromString(number, country);
  return parsed?.isValid() ? parsed.number : null;
}

/**
 * Normalises labelled phones.
 *
 * @param strict true for API input: an invalid number is an error (pointer `#/phones/<i>/number`);
 * false for imports: the number is kept as typed with `e164: null`.
 * @returns the phones, and the errors (empty when lenient or all valid).
 */
export function normalisePhones(
  phones: readonly LabelledPhoneInput[],
  country: CountryCode | undefined,
  strict: boolean,
  pointer = '#/phones',
): { phones: LabelledPhone[]; errors: ProblemError[] } {
  const errors: ProblemError[] = [];
  const out = phones.map((p, i) => {
    const e164 = toE164(p.number, country);
    if (!e164 && strict)
      errors.push({ pointer: `${pointer}/${i}/number`, detail: 'Not a valid phone number' });
    return { label: p.label, number: p.number.trim(), e164 };
  });
  return { phones: out, errors };
}
