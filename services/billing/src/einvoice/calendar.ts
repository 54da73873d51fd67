/**
 * @module calendar
 * Calendar dates as e-invoices carry them: `YYYY-MM-DD` in the domain and UBL, `YYYYMMDD`
 * (UNTDID 2379 format 102) in CII.
 */

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * True when `isoDate` is `YYYY-MM-DD` and names a day that exists (no 2026-02-31).
 *
 * @example isCalendarDate('2024-02-29') // true
 */
export function isCalendarDate(isoDate: string): boolean {
  const match = ISO_DATE.exec(isoDate);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/**
 * `YYYY-MM-DD` to format 102 `YYYYMMDD`.
 *
 * @example toFormat102('2026-11-02') // '20261102'
 * @throws RangeError when `isoDate` is not an existing calendar date.
 */
export function toFormat102(isoDate: string): string {
  if (!isCalendarDate(isoDate)) throw new RangeError(`expected a calendar date YYYY-MM-DD, got '${isoDate}'`);
  return isoDate.replaceAll('-', '');
}

/**
 * Format 102 `YYYYMMDD` to `YYYY-MM-DD`; null when it is not an existing calendar date.
 *
 * @example fromFormat102('20261102') // '2026-11-02'
 */
export function fromFormat102(value: string): string | null {
  if (!/^\d{8}$/.test(value)) return null;
  const isoDate = `${value.slice(0, 4)}-${value.slice(4, 6)}-${value.slice(6, 8)}`;
  return isCalendarDate(isoDate) ? isoDate : null;
}
