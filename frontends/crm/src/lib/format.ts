/**
 * @module lib/format
 * Names, dates and money as people read them, the same on the server and in the browser.
 * Dates show in the tenant's time zone and locale; money is kept in integer minor units (cents
 * for EUR) and only turned into text here, never into floating-point amounts.
 */

/** What formatting needs of the tenant (a subset of `me.tenant`). */
export interface TenantFormat {
  locale: string;
  time_zone: string;
  currency: string;
}

/** A locale the runtime accepts: the tenant's, else English. */
export function safeLocale(locale: string | undefined): string {
  try {
    return Intl.getCanonicalLocales(locale || 'en')[0] ?? 'en';
  } catch {
    return 'en';
  }
}

// Names ------------------------------------------------------------------------------------------

/** A person's name for lists and headings ("Unnamed contact" when both names are empty). */
export function personName(c: { first_name: string; last_name: string }): string {
  return `${c.first_name} ${c.last_name}`.trim() || 'Unnamed contact';
}

// Dates ------------------------------------------------------------------------------------------

const formatters = new Map<string, Intl.DateTimeFormat>();

function dateTimeFormat(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let format = formatters.get(key);
  if (!format) {
    try {
      format = new Intl.DateTimeFormat(safeLocale(locale), options);
    } catch {
      const { timeZone: _ignored, ...rest } = options;
      format = new Intl.DateTimeFormat('en', rest);
    }
    formatters.set(key, format);
  }
  return format;
}

/** An instant (RFC 3339) in the tenant's zone: "21 nov. 2026" or, with `time`, "21 nov. 2026, 10:04". */
export function formatDate(
  iso: string | null | undefined,
  tenant: Pick<TenantFormat, 'locale' | 'time_zone'>,
  time = false,
): string {
  if (!iso) return '—';
  const format = dateTimeFormat(tenant.locale, {
    dateStyle: 'medium',
    ...(time ? { timeStyle: 'short' } : {}),
    timeZone: tenant.time_zone,
  });
  return format.format(new Date(iso));
}

/** A calendar date (`YYYY-MM-DD`, no time zone): "21 nov. 2026". */
export function formatDay(day: string | null | undefined, locale: string): string {
  if (!day) return '—';
  const [y, m, d] = day.split('-').map(Number);
  if (!y || !m || !d) return day;
  return dateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(
    new Date(Date.UTC(y, m - 1, d)),
  );
}

/** Wall-clock parts of an instant in a time zone. */
function zonedParts(date: Date, timeZone: string) {
  const parts = dateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(date);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return {
    year: get('year'),
    month: get('month'),
    day: get('day'),
    hour: get('hour') % 24,
    minute: get('minute'),
    second: get('second'),
  };
}

/** Offset of a time zone from UTC at an instant, in minutes (Paris in winter: 60). */
export function zoneOffsetMinutes(date: Date, timeZone: string): number {
  const p = zonedParts(date, timeZone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return Math.round((asUtc - Math.floor(date.getTime() / 1000) * 1000) / 60_000);
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/**
 * The instant (RFC 3339, UTC) of a wall-clock time in a time zone, e.g. what a
 * `datetime-local` input means in the tenant's zone. Times skipped by a DST change move forward.
 *
 * @param local `YYYY-MM-DDTHH:mm` (seconds optional).
 * @returns null when `local` is not such a time.
 * @example zonedToUtc('2026-01-15T09:30', 'Europe/Paris') // '2026-01-15T08:30:00.000Z'
 */
export function zonedToUtc(local: string, timeZone: string): string | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2}))?)?$/.exec(local);
  if (!match) return null;
  const [, y, mo, d, h = '0', mi = '0', s = '0'] = match;
  const guess = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  if (Number.isNaN(guess)) return null;
  const first = zoneOffsetMinutes(new Date(guess), timeZone);
  let instant = guess - first * 60_000;
  const second = zoneOffsetMinutes(new Date(instant), timeZone);
  if (second !== first) instant = guess - second * 60_000;
  return new Date(instant).toISOString();
}

/** An instant as a `datetime-local` value (`YYYY-MM-DDTHH:mm`) in a time zone. */
export function utcToZonedInput(iso: string | null | undefined, timeZone: string): string {
  if (!iso) return '';
  const p = zonedParts(new Date(iso), timeZone);
  return `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}`;
}

/** Today's date (`YYYY-MM-DD`) in a time zone. */
export function todayIn(timeZone: string, now = new Date()): string {
  const p = zonedParts(now, timeZone);
  return `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)}`;
}

/** A calendar date plus `days` (`YYYY-MM-DD`). */
export function addDays(day: string, days: number): string {
  const [y, m, d] = day.split('-').map(Number);
  const date = new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1, (d ?? 1) + days));
  return date.toISOString().slice(0, 10);
}

// Money ------------------------------------------------------------------------------------------

/** Digits after the decimal point of a currency (EUR 2, JPY 0, BHD 3). */
export function fractionDigits(currency: string): number {
  try {
    return (
      new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ??
      2
    );
  } catch {
    return 2;
  }
}

/**
 * Minor units as a decimal string, exactly: `(123456, 2)` → `"1234.56"`, `(-5, 2)` → `"-0.05"`.
 * Integers only: no floating-point arithmetic ever touches the amount.
 */
export function minorToDecimal(minor: number, digits: number): string {
  const negative = minor < 0;
  const text = String(Math.abs(Math.trunc(minor))).padStart(digits + 1, '0');
  const whole = digits > 0 ? text.slice(0, -digits) : text;
  const fraction = digits > 0 ? `.${text.slice(-digits)}` : '';
  return `${negative ? '-' : ''}${whole}${fraction}`;
}

const moneyFormats = new Map<string, Intl.NumberFormat>();

/**
 * An amount in minor units, in its currency and the tenant's locale: `(240000, 'EUR', 'fr-FR')`
 * → "2 400,00 €". Intl formats the exact decimal string, never a float.
 */
export function formatMoney(minor: number, currency: string, locale: string): string {
  const key = `${locale}|${currency}`;
  let format = moneyFormats.get(key);
  if (!format) {
    try {
      format = new Intl.NumberFormat(safeLocale(locale), { style: 'currency', currency });
    } catch {
      format = new Intl.NumberFormat('en', { style: 'decimal', minimumFractionDigits: 2 });
    }
    moneyFormats.set(key, format);
  }
  const decimal = minorToDecimal(minor, fractionDigits(currency));
  // Intl.NumberFormat formats numeric strings exactly (ECMA-402 "Intl.NumberFormat v3").
  return format.format(decimal as unknown as number);
}

/** An amount as an input shows it for editing: "2400", "2400.50" (no grouping, dot decimal). */
export function minorToInput(minor: number, currency: string): string {
  const text = minorToDecimal(minor, fractionDigits(currency));
  return text.includes('.') ? text.replace(/\.0+$/, '') : text;
}

/**
 * Reads an amount typed by a person into minor units: "2 400,50", "2,400.50", "2400.5" and
 * "2400" all work; a separator followed by more digits than the currency has is a thousands
 * separator. Never goes through a float.
 *
 * @returns the integer amount, or null when the text is not an amount (or is negative).
 * @example parseMoney('1 234,5', 'EUR') // 123450
 */
export function parseMoney(text: string, currency: string): number | null {
  const digits = fractionDigits(currency);
  const cleaned = text.replace(/[\s\u00a0\u202f'’]/g, '').replace(/[^\d.,-]/g, '');
  if (!cleaned || cleaned.includes('-')) return null;
  let whole = cleaned;
  let fraction = '';
  const last = Math.max(cleaned.lastIndexOf(','), cleaned.lastIndexOf('.'));
  if (last >= 0) {
    const after = cleaned.slice(last + 1);
    const separator = cleaned[last]!;
    const once = cleaned.indexOf(separator) === last;
    if (digits > 0 && after.length <= digits && once && /^\d*$/.test(after)) {
      whole = cleaned.slice(0, last);
      fraction = after;
    }
  }
  whole = whole.replace(/[.,]/g, '');
  if (!/^\d*$/.test(whole) || !/^\d*$/.test(fraction) || whole.length + fraction.length === 0) return null;
  const minorText = `${whole || '0'}${fraction.padEnd(digits, '0')}`.replace(/^0+(?=\d)/, '');
  const value = Number(minorText);
  return Number.isSafeInteger(value) ? value : null;
}
