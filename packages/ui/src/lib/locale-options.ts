/**
 * @module locale-options
 * Choices for tenant settings: time zones (IANA) and currencies (ISO 4217).
 */

/** Currencies offered first, then every other code the runtime knows. */
export const COMMON_CURRENCIES = [
  'EUR',
  'USD',
  'GBP',
  'CHF',
  'CAD',
  'AUD',
  'JPY',
  'SEK',
  'NOK',
  'DKK',
  'PLN',
  'MAD',
  'XOF',
];

/** Every IANA time zone of the runtime (falls back to a short list on old engines). */
export function timeZones(): string[] {
  try {
    return Intl.supportedValuesOf('timeZone');
  } catch {
    return ['UTC', 'Europe/Paris', 'Europe/London', 'America/New_York', 'America/Los_Angeles', 'Asia/Tokyo'];
  }
}

/** Every ISO 4217 currency of the runtime, the common ones first. */
export function currencies(): string[] {
  let all: string[] = [];
  try {
    all = Intl.supportedValuesOf('currency');
  } catch {
    all = [];
  }
  return [...COMMON_CURRENCIES, ...all.filter((c) => !COMMON_CURRENCIES.includes(c))];
}

/** The browser's time zone, or undefined on the server / when unknown. */
export function browserTimeZone(): string | undefined {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || undefined;
  } catch {
    return undefined;
  }
}
