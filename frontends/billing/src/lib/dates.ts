/**
 * @module lib/dates
 * Calendar dates and instants as people read them, the same on the server and in the browser.
 * Billing dates (issue, due, delivery, payment) are calendar days `YYYY-MM-DD` of the tenant's
 * time zone, never instants; `issued_at`, `created_at`… are RFC 3339 instants.
 */
import { safeLocale } from './money';

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

/** A calendar date (`YYYY-MM-DD`, no time zone) in the locale: "21 nov. 2026"; "—" when absent. */
export function formatDay(day: string | null | undefined, locale: string): string {
  if (!day) return '—';
  const [y, m, d] = day.split('-').map(Number);
  if (!y || !m || !d) return day;
  return dateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(
    new Date(Date.UTC(y, m - 1, d)),
  );
}

/** An instant (RFC 3339) in the tenant's zone and locale: "21 nov. 2026, 10:04". */
export function formatInstant(
  iso: string | null | undefined,
  tenant: { locale: string; time_zone: string },
): string {
  if (!iso) return '—';
  return dateTimeFormat(tenant.locale, {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone: tenant.time_zone,
  }).format(new Date(iso));
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** Today's date (`YYYY-MM-DD`) in a time zone (the tenant's: what the API calls today). */
export function todayIn(timeZone: string, now = new Date()): string {
  const parts = dateTimeFormat('en-US', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(now);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return `${pad(get('year'), 4)}-${pad(get('month'))}-${pad(get('day'))}`;
}

/** A calendar date plus `days` (`YYYY-MM-DD`); negative days go back. */
export function addDays(day: string, days: number): string {
  const [y, m, d] = day.split('-').map(Number);
  const date = new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1, (d ?? 1) + days));
  return date.toISOString().slice(0, 10);
}

/** Whether a string is a real calendar date `YYYY-MM-DD` (2026-02-30 is not). */
export function isCalendarDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  return addDays(text, 0) === text;
}
