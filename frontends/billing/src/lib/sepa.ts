/**
 * @module lib/sepa
 * SEPA Direct Debit as the web app shows and checks it: IBANs written in groups of four and
 * checked with their ISO 13616 check digits (mod 97, ISO 7064) before the API sees them, the
 * ISO 20022 return reasons a collection can come back with, the TARGET2 business days a
 * collection date must fall on, and which unpaid invoices a new batch can collect.
 */
import type { Invoice } from '@comptoir/contracts/billing/invoices';
import type { SepaMandate } from '@comptoir/contracts/billing/sepa';
import { addDays } from './dates';

/** An IBAN as typed ("fr14 2004 1010…") without spaces, upper case. */
export function normalizeIban(text: string): string {
  return text.replace(/[\s\u00a0\u202f-]/g, '').toUpperCase();
}

/** An IBAN in groups of four for reading: "FR14 2004 1010 0505 0001 3M02 606". */
export function formatIban(iban: string): string {
  return normalizeIban(iban).replace(/(.{4})(?=.)/g, '$1 ');
}

/**
 * Whether an IBAN has the ISO 13616 shape (country, two check digits, 11 to 30 letters or
 * digits) and its check digits hold (the number read with A = 10 … Z = 35, modulo 97, is 1).
 * The API checks the country's length and SEPA membership too.
 *
 * @example ibanChecksumValid('FR14 2004 1010 0505 0001 3M02 606') // true
 */
export function ibanChecksumValid(text: string): boolean {
  const iban = normalizeIban(text);
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(iban)) return false;
  const rearranged = `${iban.slice(4)}${iban.slice(0, 4)}`;
  let remainder = 0;
  for (const char of rearranged) {
    const value = char >= 'A' ? char.charCodeAt(0) - 55 : Number(char);
    remainder = Number(`${remainder}${value}`) % 97;
  }
  return remainder === 1;
}

/** A BIC as typed without spaces, upper case; '' stays ''. */
export function normalizeBic(text: string): string {
  return text.replace(/\s/g, '').toUpperCase();
}

/** Whether a BIC has the ISO 9362 shape: 8 or 11 characters. */
export function bicShapeValid(text: string): boolean {
  return /^[A-Z]{6}[A-Z0-9]{2}([A-Z0-9]{3})?$/.test(normalizeBic(text));
}

/** The return reasons offered when recording a returned collection (ISO 20022 ExternalReturnReason1Code). */
export const RETURN_REASONS: ReadonlyArray<{ code: string; label: string }> = [
  { code: 'AM04', label: 'Insufficient funds' },
  { code: 'MS02', label: 'Refused by the debtor' },
  { code: 'MS03', label: 'Reason not specified' },
  { code: 'MD06', label: 'Refund requested by the debtor' },
  { code: 'AC04', label: 'Account closed' },
  { code: 'MD01', label: 'No valid mandate' },
];

/** Return codes after which the API revokes the mandate too (the account or the mandate is gone). */
const REVOKING = new Set(['AC04', 'AC06', 'MD01', 'MD07']);

/** Whether a return with this reason also revokes the mandate. */
export function returnRevokesMandate(code: string): boolean {
  return REVOKING.has(code);
}

/** "AM04 · Insufficient funds". */
export function returnReasonLabel(code: string): string {
  const reason = RETURN_REASONS.find((r) => r.code === code);
  return reason ? `${code} · ${reason.label}` : code;
}

/** The sequence type of a mandate's next collection, in words. */
export function sequenceLabel(sequence: SepaMandate['next_sequence_type']): string {
  switch (sequence) {
    case 'FRST':
      return 'First collection next (FRST)';
    case 'RCUR':
      return 'Recurring collections (RCUR)';
    case 'OOFF':
      return 'One collection (OOFF)';
    default:
      return 'No further collection';
  }
}

/** "Recurrent", "One-off". */
export function mandateTypeLabel(type: SepaMandate['type']): string {
  return type === 'one_off' ? 'One-off' : 'Recurrent';
}

// TARGET2 calendar -------------------------------------------------------------------------------

/** Easter Sunday of a Gregorian year (anonymous Gregorian algorithm), `YYYY-MM-DD`. */
export function easterSunday(year: number): string {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/**
 * Whether a day is a TARGET2 business day: not a Saturday or Sunday, nor New Year's Day, Good
 * Friday, Easter Monday, 1 May, 25 or 26 December (the ECB's TARGET2 closing days, which SEPA
 * collection dates follow).
 */
export function isTarget2Day(day: string): boolean {
  const [y, m, d] = day.split('-').map(Number);
  if (!y || !m || !d) return false;
  const weekday = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  if (weekday === 0 || weekday === 6) return false;
  const monthDay = day.slice(5);
  if (['01-01', '05-01', '12-25', '12-26'].includes(monthDay)) return false;
  const easter = easterSunday(y);
  return day !== addDays(easter, -2) && day !== addDays(easter, 1);
}

/** The first TARGET2 business day on or after `day`. */
export function nextTarget2Day(day: string): string {
  let candidate = day;
  for (let i = 0; i < 10 && !isTarget2Day(candidate); i++) candidate = addDays(candidate, 1);
  return candidate;
}

// New batch ---------------------------------------------------------------------------------------

/** An unpaid invoice as the new-batch form lists it. */
export interface CollectableRow {
  invoice: Invoice;
  /** The active mandate the API will collect from (the customer's most recent), if any. */
  mandate: SepaMandate | null;
  /** Why it cannot be collected; null when it can. */
  reason: string | null;
}

/**
 * The unpaid invoices a batch could collect, each with the mandate it would use or the reason it
 * cannot (not in euros, nothing due, disputed, no active mandate), the collectable ones first.
 * Mandates come newest first, as `GET /sepa/mandates` returns them.
 */
export function collectableRows(
  invoices: readonly Invoice[],
  mandates: readonly SepaMandate[],
): CollectableRow[] {
  const byCustomer = new Map<string, SepaMandate>();
  for (const m of mandates) {
    if (m.status === 'active' && m.next_sequence_type && !byCustomer.has(m.customer_id)) {
      byCustomer.set(m.customer_id, m);
    }
  }
  const rows = invoices
    .filter((i) => i.kind === 'invoice')
    .map((invoice): CollectableRow => {
      const mandate = byCustomer.get(invoice.customer_id) ?? null;
      let reason: string | null = null;
      if (invoice.currency !== 'EUR') reason = `In ${invoice.currency}: SEPA debits are in euros`;
      else if (invoice.balance_due_minor <= 0) reason = 'Nothing due';
      else if (invoice.disputed) reason = 'Disputed';
      else if (!mandate) reason = 'No active mandate for this customer';
      return { invoice, mandate, reason };
    });
  return [...rows.filter((r) => !r.reason), ...rows.filter((r) => r.reason)];
}
