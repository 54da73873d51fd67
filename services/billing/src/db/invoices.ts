/**
 * @module db/invoices
 * Invoices and credit notes (billing.invoices, billing.invoice_lines) and payments
 * (billing.payments, billing.customer_credit_entries). Everything runs in the request's
 * transaction as the caller: Row Level Security scopes every statement to the caller's tenant.
 *
 * - Drafts are edited freely; totals are recomputed from the lines on every change
 *   (`computeTotals`, EN 16931 rounding).
 * - Issuing takes the next number of the series under a row lock (`billing.next_number`), so it
 *   is gapless and unique per tenant, series and year even with concurrent issues; it freezes the
 *   seller, buyer and legal mentions on the invoice. Numbers are chronological: an issue date
 *   before the last issued one of the series is refused (CGI art. 242 nonies A, 7°).
 * - A credit note (always issued at once) cancels an invoice wholly or partly; an overpaid balance
 *   it leaves becomes customer credit.
 * - A payment applies up to the balance due; the rest becomes customer credit. A failed payment
 *   (returned direct debit) gives its amount back to the balance.
 * The database enforces immutability of issued documents too (trigger billing_invoices_guard).
 */
import type {
  CreditNoteCreate,
  Invoice,
  InvoiceCreate,
  InvoiceListQuery,
  InvoiceUpdate,
  InvoiceWithLines,
  Payment,
  PaymentCreate,
} from '@comptoir/contracts/billing/invoices';
import type { ProblemError } from '@comptoir/contracts/common';
import type { DB } from '@comptoir/db/schema/billing';
import { emitEvent } from '@comptoir/service-kit/outbox';
import { decodeCursor, encodeCursor } from '@comptoir/service-kit/pagination';
import { CompiledQuery, type Kysely, type Selectable, sql } from 'kysely';
import type pg from 'pg';
import type { Party, Seller, VatCategory } from '../domain/document.js';
import { computeTotals } from '../domain/totals.js';
import { addDays, isoDate, rfc3339, stateProblem, tenantCalendar, validationProblem } from './common.js';
import { liveCustomer, type ResolvedLine, resolveLines, writeLines } from './lines.js';
import { loadSettings, missingSellerFields } from './settings.js';

/** The service name events are emitted under. */
const SOURCE = 'billing';

type InvoiceRow = Selectable<DB['billing.invoices']>;

/** Status shown to clients: stored status, with `overdue` derived in the tenant's time zone. */
const displayStatus = sql<Invoice['status']>`case
  when i.status in ('issued', 'partially_paid') and i.kind = 'invoice'
       and i.due_date < (now() at time zone (select t.time_zone from platform.tenants t where t.id = i.tenant_id))::date
  then 'overdue' else i.status end`;

const invoiceColumns = [
  'i.id',
  sql<Invoice['kind']>`i.kind`.as('kind'),
  displayStatus.as('status'),
  'i.number',
  'i.customer_id',
  sql<string>`coalesce(i.buyer ->> 'name', c.legal_name)`.as('customer_name'),
  'i.currency',
  isoDate('i.issue_date').as('issue_date'),
  isoDate('i.due_date').as('due_date'),
  isoDate('i.delivery_date').as('delivery_date'),
  'i.payment_terms_days',
  'i.buyer_reference',
  'i.purchase_order_reference',
  'i.note',
  'i.net_minor',
  'i.tax_minor',
  'i.gross_minor',
  'i.paid_minor',
  'i.credited_minor',
  sql<number>`case when i.kind = 'invoice' and i.status <> 'draft'
    then greatest(i.gross_minor - i.paid_minor - i.credited_minor, 0) else 0 end`.as('balance_due_minor'),
  sql<Invoice['vat_breakdown']>`i.vat_breakdown`.as('vat_breakdown'),
  'i.legal_mentions',
  'i.credited_invoice_id',
  'i.quote_id',
  sql<boolean>`i.disputed_at is not null`.as('disputed'),
  rfc3339('i.issued_at').as('issued_at'),
  rfc3339('i.cancelled_at').as('cancelled_at'),
  rfc3339('i.created_at').as('created_at'),
  rfc3339('i.updated_at').as('updated_at'),
] as const;

const lineColumns = [
  'id',
  'position',
  'product_id',
  'description',
  'quantity_milli',
  'unit_code',
  'unit_price_minor',
  sql<VatCategory>`vat_category`.as('vat_category'),
  'vat_rate_basis_points',
  'exemption_reason',
  'exemption_reason_code',
  'net_minor',
] as const;

function selectInvoices(db: Kysely<DB>) {
  return db
    .selectFrom('billing.invoices as i')
    .innerJoin('billing.customers as c', (j) =>
      j.onRef('c.tenant_id', '=', 'i.tenant_id').onRef('c.id', '=', 'i.customer_id'),
    )
    .select(invoiceColumns);
}

/** A page of invoices and credit notes, newest first; keyset on (created_at, id). */
export async function listInvoices(db: Kysely<DB>, query: InvoiceListQuery) {
  let q = selectInvoices(db)
    .orderBy('i.created_at', 'desc')
    .orderBy('i.id', 'desc')
    .limit(query.limit + 1);
  const today = sql<string>`(now() at time zone (select t.time_zone from platform.tenants t where t.id = i.tenant_id))::date`;
  switch (query.status) {
    case undefined:
      break;
    case 'overdue':
      q = q
        .where('i.status', 'in', ['issued', 'partially_paid'])
        .where('i.kind', '=', 'invoice')
        .where('i.due_date', '<', today);
      break;
    case 'issued':
    case 'partially_paid':
      q = q
        .where('i.status', '=', query.status)
        .where((eb) =>
          eb.or([
            eb('i.due_date', '>=', today),
            eb('i.due_date', 'is', null),
            eb('i.kind', '=', 'credit_note'),
          ]),
        );
      break;
    case 'unpaid':
      q = q.where('i.status', 'in', ['issued', 'partially_paid']).where('i.kind', '=', 'invoice');
      break;
    default:
      q = q.where('i.status', '=', query.status);
  }
  if (query.kind) q = q.where('i.kind', '=', query.kind);
  if (query.customer_id) q = q.where('i.customer_id', '=', query.customer_id);
  if (query.q) q = q.where('i.number', 'like', `${query.q.toUpperCase().replace(/[\\%_]/g, '\\$&')}%`);
  if (query.cursor) {
    const after = decodeCursor(query.cursor);
    q = q.where(({ eb, refTuple, tuple }) =>
      eb(refTuple('i.created_at', 'i.id'), '<', tuple(sql<Date>`${String(after.v)}::timestamptz`, after.id)),
    );
  }
  const rows = (await q.execute()) as Invoice[];
  const more = rows.length > query.limit;
  const data = more ? rows.slice(0, query.limit) : rows;
  const last = data[data.length - 1];
  return { data, next_cursor: more && last ? encodeCursor({ v: last.created_at, id: last.id }) : null };
}

/** Totals per currency for the list header: drafts, unpaid, overdue, outstanding, paid this year. */
export async function invoiceSummary(db: Kysely<DB>) {
  const rows = await sql<{
    currency: string;
    draft_count: number;
    unpaid_count: number;
    overdue_count: number;
    outstanding_minor: number;
    overdue_minor: number;
    paid_this_year_minor: number;
  }>`
    with today as (
      select (now() at time zone t.time_zone)::date as d from platform.tenants t where t.id = private.current_tenant_id()
    )
    select i.currency,
      count(*) filter (where i.status = 'draft')::int as draft_count,
      count(*) filter (where i.status in ('issued', 'partially_paid'))::int as unpaid_count,
      count(*) filter (where i.status in ('issued', 'partially_paid') and i.due_date < today.d)::int as overdue_count,
      coalesce(sum(greatest(i.gross_minor - i.paid_minor - i.credited_minor, 0))
        filter (where i.status in ('issued', 'partially_paid')), 0)::bigint as outstanding_minor,
      coalesce(sum(greatest(i.gross_minor - i.paid_minor - i.credited_minor, 0))
        filter (where i.status in ('issued', 'partially_paid') and i.due_date < today.d), 0)::bigint as overdue_minor,
      coalesce(sum(i.paid_minor) filter (where extract(year from i.issue_date) = extract(year from today.d)), 0)::bigint
        as paid_this_year_minor
    from billing.invoices i cross join today
    where i.kind = 'invoice'
    group by i.currency
    order by i.currency`.execute(db);
  return { data: rows.rows };
}

/** One invoice or credit note with its lines, or undefined (also for another tenant's id). */
export async function getInvoice(db: Kysely<DB>, id: string): Promise<InvoiceWithLines | undefined> {
  const invoice = (await selectInvoices(db).where('i.id', '=', id).executeTakeFirst()) as Invoice | undefined;
  if (!invoice) return undefined;
  const lines = await db
    .selectFrom('billing.invoice_lines')
    .select(lineColumns)
    .where('invoice_id', '=', id)
    .orderBy('position')
    .execute();
  return { ...invoice, lines };
}

/**
 * Creates a draft invoice (currency: the given one, else the customer's).
 *
 * @throws {HttpProblem} 422 for an unknown or archived customer, product or tax rate.
 */
export async function createInvoice(
  db: Kysely<DB>,
  input: InvoiceCreate & {
    created_by: string | null;
    /** The recurring template and the start of the period it invoices. */
    recurrence?: { recurring_invoice_id: string; period_start: string };
  },
): Promise<InvoiceWithLines> {
  const customer = await liveCustomer(db, input.customer_id);
  const currency = input.currency ?? customer.default_currency;
  const lines = await resolveLines(db, input.lines, currency);
  const { lines: _lines, recurrence, ...fields } = input;
  const { id } = await db
    .insertInto('billing.invoices')
    .values({
      ...fields,
      currency,
      kind: 'invoice',
      ...(recurrence
        ? {
            recurring_invoice_id: recurrence.recurring_invoice_id,
            recurrence_period_start: recurrence.period_start,
          }
        : {}),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await writeLines(db, { table: 'invoice', id }, lines);
  return (await getInvoice(db, id))!;
}

/** Locks an invoice row for the rest of the transaction; undefined when not visible. */
function lockInvoice(db: Kysely<DB>, id: string): Promise<InvoiceRow | undefined> {
  return db.selectFrom('billing.invoices').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

/**
 * Updates a draft; `lines` replaces every line.
 *
 * @returns undefined when there is no such invoice.
 * @throws {HttpProblem} 409 when it is issued; 422 for bad references.
 */
export async function updateInvoice(
  db: Kysely<DB>,
  id: string,
  input: InvoiceUpdate,
): Promise<InvoiceWithLines | undefined> {
  const current = await lockInvoice(db, id);
  if (!current) return undefined;
  if (current.status !== 'draft') {
    throw stateProblem(
      `Invoice ${current.number} is issued: it cannot change; issue a credit note to correct it`,
    );
  }
  if (input.customer_id) await liveCustomer(db, input.customer_id);
  const { lines, ...fields } = input;
  const currency = fields.currency ?? current.currency;
  if (Object.keys(fields).length)
    await db.updateTable('billing.invoices').set(fields).where('id', '=', id).execute();
  if (lines) {
    await writeLines(db, { table: 'invoice', id }, await resolveLines(db, lines, currency));
  } else if (fields.currency && fields.currency !== current.currency) {
    const existing = await db
      .selectFrom('billing.invoice_lines')
      .select('product_id')
      .where('invoice_id', '=', id)
      .execute();
    if (existing.length) {
      throw validationProblem([
        { pointer: '#/currency', detail: 'Send the lines again when changing the currency' },
      ]);
    }
  }
  return getInvoice(db, id);
}

/**
 * Deletes a draft (issued documents are never deleted).
 *
 * @returns false when there is no such invoice.
 * @throws {HttpProblem} 409 when it is issued.
 */
export async function deleteDraft(db: Kysely<DB>, id: string): Promise<boolean> {
  const current = await lockInvoice(db, id);
  if (!current) return false;
  if (current.status !== 'draft') {
    throw stateProblem(
      `Invoice ${current.number} is issued: it is never deleted; issue a credit note to cancel it`,
    );
  }
  // A quote it came from can be invoiced again; a recurring period it invoiced stays done.
  await db.updateTable('billing.quotes').set({ invoice_id: null }).where('invoice_id', '=', id).execute();
  await db
    .updateTable('billing.recurring_invoices')
    .set({ last_invoice_id: null })
    .where('last_invoice_id', '=', id)
    .execute();
  await db.deleteFrom('billing.invoices').where('id', '=', id).execute();
  return true;
}

/** The mentions the law requires on an invoice of this seller to this customer. */
function legalMentions(
  settings: Awaited<ReturnType<typeof loadSettings>>,
  customerKind: string,
  kind: 'invoice' | 'credit_note',
  exemptions: string[],
): string[] {
  const mentions: string[] = [];
  if (kind === 'invoice') {
    mentions.push(settings.late_penalty_text);
    // Code de commerce L441-10 II and D441-5: fixed recovery fee, business customers only.
    if (customerKind === 'business') {
      mentions.push(
        'Indemnité forfaitaire pour frais de recouvrement en cas de retard de paiement : 40 € (art. D441-5 du Code de commerce).',
      );
    }
    mentions.push('Pas d’escompte pour paiement anticipé.');
  }
  if (settings.vat_regime === 'franchise') mentions.push('TVA non applicable, art. 293 B du CGI.');
  for (const reason of exemptions) if (!mentions.includes(reason)) mentions.push(reason);
  return mentions;
}

/** The seller as printed, from the settings. */
function sellerParty(s: Awaited<ReturnType<typeof loadSettings>>): Seller {
  return {
    name: s.legal_name,
    tradingName: s.trading_name,
    vatNumber: s.vat_number,
    siren: s.siren,
    siret: s.siret,
    legalForm: s.legal_form,
    registration: s.registration,
    address: {
      line1: s.address_line1,
      line2: s.address_line2,
      postalCode: s.postal_code,
      city: s.city,
      countryCode: s.country_code,
    },
    email: s.email,
    iban: s.iban,
    bic: s.bic,
  };
}

/** The buyer as printed, from the customer. */
function buyerParty(c: Selectable<DB['billing.customers']>): Party {
  return {
    name: c.legal_name,
    tradingName: c.trading_name,
    vatNumber: c.vat_number,
    siren: c.siren,
    siret: c.siret,
    address: {
      line1: c.address_line1,
      line2: c.address_line2,
      postalCode: c.postal_code,
      city: c.city,
      countryCode: c.country_code,
    },
    email: c.email,
  };
}

/**
 * Issues a locked draft: checks it, takes the next number, freezes parties and mentions and
 * emits `billing.invoice.issued` or `billing.credit_note.issued`.
 *
 * @throws {HttpProblem} 409 when it is not a draft; 422 when it has no line, the seller settings
 *   or the customer's address are incomplete, the issue date is before the last one of the series
 *   or after today, or a franchise seller bills VAT.
 */
async function issueLocked(
  db: Kysely<DB>,
  current: InvoiceRow,
  issueDateInput: string | undefined,
): Promise<void> {
  if (current.status !== 'draft') throw stateProblem(`Invoice ${current.number} is already issued`);
  const [settings, customer, calendar, lines] = await Promise.all([
    loadSettings(db),
    db
      .selectFrom('billing.customers')
      .selectAll()
      .where('id', '=', current.customer_id)
      .executeTakeFirstOrThrow(),
    tenantCalendar(db),
    db
      .selectFrom('billing.invoice_lines')
      .select(['vat_rate_basis_points', 'exemption_reason'])
      .where('invoice_id', '=', current.id)
      .execute(),
  ]);
  const errors: ProblemError[] = [];
  if (lines.length === 0) errors.push({ pointer: '#/lines', detail: 'An invoice needs at least one line' });
  else if (current.gross_minor <= 0) {
    errors.push({
      pointer: '#/lines',
      detail:
        current.kind === 'invoice'
          ? 'An invoice must total more than zero; refund or cancel with a credit note instead'
          : 'A credit note must total more than zero',
    });
  }
  for (const field of missingSellerFields(settings)) {
    errors.push({
      pointer: `#/settings/${field}`,
      detail: `Fill in the seller's ${field.replaceAll('_', ' ')} in the billing settings`,
    });
  }
  for (const field of ['address_line1', 'postal_code', 'city'] as const) {
    if (!customer[field].trim())
      errors.push({
        pointer: `#/customer/${field}`,
        detail: `The customer's ${field.replaceAll('_', ' ')} is required on an invoice`,
      });
  }
  if (settings.vat_regime === 'franchise' && lines.some((l) => l.vat_rate_basis_points > 0)) {
    errors.push({
      pointer: '#/lines',
      detail: 'Under the VAT franchise (art. 293 B du CGI) no line may carry VAT',
    });
  }
  const issueDate = issueDateInput ?? calendar.today;
  if (issueDate > calendar.today)
    errors.push({ pointer: '#/issue_date', detail: 'An invoice cannot be dated in the future' });
  if (errors.length) throw validationProblem(errors);

  const kind = current.kind as 'invoice' | 'credit_note';
  const year = Number(issueDate.slice(0, 4));
  // Locks the counter row until commit: concurrent issues of the series wait here.
  const { rows } = await sql<{ n: number }>`select billing.next_number(${kind}, ${year}) as n`.execute(db);
  const sequence = rows[0]!.n;
  const last = await db
    .selectFrom('billing.invoices')
    .select(isoDate('issue_date').as('d'))
    .where('kind', '=', kind)
    .where('sequence_year', '=', year)
    .where('status', '<>', 'draft')
    .orderBy('sequence_value', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (last && last.d > issueDate) {
    throw validationProblem([
      {
        pointer: '#/issue_date',
        detail: `Numbers follow dates: the last ${kind.replace('_', ' ')} of ${year} is dated ${last.d}`,
      },
    ]);
  }
  const prefix = kind === 'invoice' ? settings.invoice_prefix : settings.credit_note_prefix;
  const number = `${prefix}-${year}-${String(sequence).padStart(6, '0')}`;
  const terms =
    current.payment_terms_days ?? customer.payment_terms_days ?? settings.default_payment_terms_days;
  const dueDate =
    kind === 'invoice' ? (current.due_date ? String(current.due_date) : addDays(issueDate, terms)) : null;
  if (dueDate && dueDate < issueDate)
    throw validationProblem([{ pointer: '#/due_date', detail: 'The due date is before the issue date' }]);
  const exemptions = [...new Set(lines.flatMap((l) => (l.exemption_reason ? [l.exemption_reason] : [])))];
  await db
    .updateTable('billing.invoices')
    .set({
      status: 'issued',
      number,
      sequence_year: year,
      sequence_value: sequence,
      issue_date: issueDate,
      due_date: dueDate,
      payment_terms_days: kind === 'invoice' ? terms : null,
      issued_at: sql<Date>`now()`,
      seller: JSON.stringify(sellerParty(settings)),
      buyer: JSON.stringify(buyerParty(customer)),
      legal_mentions: legalMentions(settings, customer.kind, kind, exemptions),
    })
    .where('id', '=', current.id)
    .execute();
  await emitEvent(sqlQueryable(db), SOURCE, {
    type: kind === 'invoice' ? 'billing.invoice.issued' : 'billing.credit_note.issued',
    aggregateType: kind,
    aggregateId: current.id,
    payload: {
      invoice_id: current.id,
      number,
      kind,
      customer_id: current.customer_id,
      credited_invoice_id: current.credited_invoice_id,
      currency: current.currency,
      issue_date: issueDate,
      due_date: dueDate,
      net_minor: current.net_minor,
      tax_minor: current.tax_minor,
      gross_minor: current.gross_minor,
      vat_breakdown: current.vat_breakdown,
    },
  });
}

/** emitEvent's `query(text, params)` over the request's Kysely transaction. */
function sqlQueryable(db: Kysely<DB>) {
  return {
    query: async (text: string, parameters?: readonly unknown[]) => {
      const result = await db.executeQuery(CompiledQuery.raw(text, [...(parameters ?? [])]));
      return { rows: result.rows } as unknown as pg.QueryResult;
    },
  };
}

/**
 * Issues a draft invoice.
 *
 * @returns undefined when there is no such invoice.
 * @throws {HttpProblem} see {@link issueLocked}.
 */
export async function issueInvoice(
  db: Kysely<DB>,
  id: string,
  issueDate?: string,
): Promise<InvoiceWithLines | undefined> {
  const current = await lockInvoice(db, id);
  if (!current) return undefined;
  await issueLocked(db, current, issueDate);
  return getInvoice(db, id);
}

/**
 * Totals of lines, or a 422 when an amount leaves the range we can compute exactly (±2^53 minor
 * units: far beyond any real invoice).
 */
function totalsOrProblem(lines: ResolvedLine[]) {
  try {
    return computeTotals(lines);
  } catch (error) {
    if (error instanceof RangeError) {
      throw validationProblem([{ pointer: '#/lines', detail: 'An amount is too large' }]);
    }
    throw error;
  }
}

/** What was paid beyond what is left to pay once credit notes are deducted (minor units, ≥ 0). */
function overpaidMinor(gross: number, credited: number, paid: number): number {
  return Math.max(paid - Math.max(gross - credited, 0), 0);
}

/**
 * Serialises the movements of one customer's credit for the rest of the transaction (a row lock
 * on the customer), so two payments cannot both spend the same credit. Taken after the invoice's
 * lock, everywhere.
 */
async function lockCustomerCredit(db: Kysely<DB>, customerId: string): Promise<void> {
  await db.selectFrom('billing.customers').select('id').where('id', '=', customerId).forUpdate().execute();
}

/** Stored status of an issued invoice from its amounts. */
function settledStatus(
  gross: number,
  credited: number,
  paid: number,
): 'issued' | 'partially_paid' | 'paid' | 'cancelled' {
  if (credited >= gross) return 'cancelled';
  if (paid >= gross - credited) return 'paid';
  return paid > 0 ? 'partially_paid' : 'issued';
}

/**
 * Issues a credit note against an issued invoice: every line (cancelling it) or the given lines.
 * The invoice's credited amount grows; fully credited, it is cancelled; money paid beyond the
 * new balance becomes customer credit.
 *
 * @returns the credit note; undefined when there is no such invoice.
 * @throws {HttpProblem} 409 when the invoice is a draft, a credit note or already cancelled;
 *   422 when the credit exceeds what is left to credit.
 */
export async function creditInvoice(
  db: Kysely<DB>,
  invoiceId: string,
  input: CreditNoteCreate & { created_by: string },
): Promise<InvoiceWithLines | undefined> {
  const invoice = await lockInvoice(db, invoiceId);
  if (!invoice) return undefined;
  if (invoice.kind !== 'invoice') throw stateProblem('A credit note cannot itself be credited');
  if (invoice.status === 'draft') throw stateProblem('A draft is deleted or edited, not credited');
  if (invoice.status === 'cancelled')
    throw stateProblem(`Invoice ${invoice.number} is already fully credited`);
  let lines: ResolvedLine[];
  if (input.lines) {
    lines = await resolveLines(db, input.lines, invoice.currency);
  } else {
    const stored = await db
      .selectFrom('billing.invoice_lines')
      .selectAll()
      .where('invoice_id', '=', invoiceId)
      .orderBy('position')
      .execute();
    lines = stored.map((l) => ({
      product_id: l.product_id,
      description: l.description,
      quantityMilli: l.quantity_milli,
      unitCode: l.unit_code,
      unitPriceMinor: l.unit_price_minor,
      vatCategory: l.vat_category as VatCategory,
      vatRateBasisPoints: l.vat_rate_basis_points,
      exemptionReason: l.exemption_reason,
      exemptionReasonCode: l.exemption_reason_code,
    }));
  }
  const gross = totalsOrProblem(lines).totals.grossMinor;
  const creditable = invoice.gross_minor - invoice.credited_minor;
  if (!input.lines && invoice.credited_minor > 0) {
    throw validationProblem([
      {
        pointer: '#/lines',
        detail: `Invoice ${invoice.number} is already partly credited: give the lines of this credit note (at most ${creditable} minor units)`,
      },
    ]);
  }
  if (input.issue_date && invoice.issue_date && input.issue_date < String(invoice.issue_date)) {
    throw validationProblem([
      {
        pointer: '#/issue_date',
        detail: `A credit note cannot be dated before its invoice (${invoice.issue_date})`,
      },
    ]);
  }
  if (gross <= 0 || gross > creditable) {
    throw validationProblem([
      {
        pointer: '#/lines',
        detail: `The credit note must total more than 0 and at most ${creditable} (minor units) still to credit; this one totals ${gross}`,
      },
    ]);
  }
  const { id } = await db
    .insertInto('billing.invoices')
    .values({
      kind: 'credit_note',
      customer_id: invoice.customer_id,
      currency: invoice.currency,
      credited_invoice_id: invoice.id,
      note: input.note ?? null,
      buyer_reference: invoice.buyer_reference,
      purchase_order_reference: invoice.purchase_order_reference,
      created_by: input.created_by,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await writeLines(db, { table: 'invoice', id }, lines);
  const draft = (await lockInvoice(db, id))!;
  await issueLocked(db, draft, input.issue_date);

  const credited = invoice.credited_minor + gross;
  const status = settledStatus(invoice.gross_minor, credited, invoice.paid_minor);
  await db
    .updateTable('billing.invoices')
    .set({
      credited_minor: credited,
      status,
      ...(status === 'cancelled' ? { cancelled_at: sql<Date>`now()` } : {}),
    })
    .where('id', '=', invoice.id)
    .execute();
  const newCredit =
    overpaidMinor(invoice.gross_minor, credited, invoice.paid_minor) -
    overpaidMinor(invoice.gross_minor, invoice.credited_minor, invoice.paid_minor);
  if (newCredit > 0) {
    await lockCustomerCredit(db, invoice.customer_id);
    await db
      .insertInto('billing.customer_credit_entries')
      .values({
        customer_id: invoice.customer_id,
        currency: invoice.currency,
        amount_minor: newCredit,
        reason: 'credit_note',
        invoice_id: id,
      })
      .execute();
  }
  return getInvoice(db, id);
}

/** Marks an issued invoice disputed (dunning pauses) or not. Undefined when there is none. */
export async function setDisputed(
  db: Kysely<DB>,
  id: string,
  disputed: boolean,
): Promise<InvoiceWithLines | undefined> {
  const current = await lockInvoice(db, id);
  if (!current) return undefined;
  if (current.status === 'draft' || current.kind !== 'invoice')
    throw stateProblem('Only an issued invoice can be disputed');
  await db
    .updateTable('billing.invoices')
    .set({ disputed_at: disputed ? sql<Date>`coalesce(disputed_at, now())` : null })
    .where('id', '=', id)
    .execute();
  return getInvoice(db, id);
}

const paymentColumns = [
  'id',
  'customer_id',
  'invoice_id',
  'amount_minor',
  'applied_minor',
  sql<number>`amount_minor - applied_minor`.as('credit_minor'),
  'currency',
  sql<Payment['method']>`method`.as('method'),
  isoDate('received_on').as('received_on'),
  'reference',
  sql<Payment['status']>`status`.as('status'),
  'failure_reason',
  rfc3339('failed_at').as('failed_at'),
  rfc3339('created_at').as('created_at'),
] as const;

/** Payments of an invoice, oldest first. */
export function listPayments(db: Kysely<DB>, invoiceId: string): Promise<Payment[]> {
  return db
    .selectFrom('billing.payments')
    .select(paymentColumns)
    .where('invoice_id', '=', invoiceId)
    .orderBy('received_on')
    .orderBy('created_at')
    .execute() as Promise<Payment[]>;
}

/** One payment, or undefined. */
export function getPayment(db: Kysely<DB>, id: string): Promise<Payment | undefined> {
  return db
    .selectFrom('billing.payments')
    .select(paymentColumns)
    .where('id', '=', id)
    .executeTakeFirst() as Promise<Payment | undefined>;
}

/** A customer's credit balance per currency (minor units). */
export async function creditBalance(db: Kysely<DB>, customerId: string, currency: string): Promise<number> {
  const row = await db
    .selectFrom('billing.customer_credit_entries')
    .select(sql<number>`coalesce(sum(amount_minor), 0)::bigint`.as('balance'))
    .where('customer_id', '=', customerId)
    .where('currency', '=', currency)
    .executeTakeFirstOrThrow();
  return Number(row.balance);
}

/** Credit and outstanding balance of a customer, per currency. */
export async function customerBalance(db: Kysely<DB>, customerId: string) {
  const { rows } = await sql<{ currency: string; credit_minor: number; outstanding_minor: number }>`
    select currency, sum(credit)::bigint as credit_minor, sum(outstanding)::bigint as outstanding_minor from (
      select currency, amount_minor as credit, 0 as outstanding from billing.customer_credit_entries where customer_id = ${customerId}
      union all
      select currency, 0, greatest(gross_minor - paid_minor - credited_minor, 0) from billing.invoices
        where customer_id = ${customerId} and kind = 'invoice' and status in ('issued', 'partially_paid')
    ) x group by currency order by currency`.execute(db);
  return { data: rows };
}

/**
 * Records a payment of an issued invoice, applied up to its balance due; the rest becomes
 * customer credit. Method `customer_credit` spends the customer's credit instead of new money.
 * Emits `billing.payment.received`.
 *
 * @returns the payment; undefined when there is no such invoice.
 * @throws {HttpProblem} 409 for a draft, a credit note, a cancelled or an already paid invoice;
 *   422 when paying with more credit than the customer has.
 */
export async function recordPayment(
  db: Kysely<DB>,
  invoiceId: string,
  input: PaymentCreate & {
    created_by: string;
    /** A SEPA collection: its mandate, batch and EndToEndId (see `db/sepa.ts`). */
    sepa?: { mandate_id: string; batch_id: string; end_to_end_id: string };
  },
): Promise<Payment | undefined> {
  const invoice = await lockInvoice(db, invoiceId);
  if (!invoice) return undefined;
  if (invoice.kind !== 'invoice')
    throw stateProblem('A credit note is not paid; its amount is refunded or kept as credit');
  if (invoice.status === 'draft') throw stateProblem('Issue the invoice before recording a payment');
  if (invoice.status === 'cancelled')
    throw stateProblem(`Invoice ${invoice.number} is cancelled by a credit note: it cannot be paid`);
  if (invoice.status === 'paid') throw stateProblem(`Invoice ${invoice.number} is already paid`);
  const balance = invoice.gross_minor - invoice.credited_minor - invoice.paid_minor;
  const applied = Math.min(input.amount_minor, balance);
  const extra = input.amount_minor - applied;
  if (input.method === 'customer_credit' || extra > 0) await lockCustomerCredit(db, invoice.customer_id);
  if (input.method === 'customer_credit') {
    const available = await creditBalance(db, invoice.customer_id, invoice.currency);
    if (input.amount_minor > available) {
      throw validationProblem([
        { pointer: '#/amount_minor', detail: `The customer has ${available} (minor units) of credit` },
      ]);
    }
    if (extra > 0) {
      throw validationProblem([
        { pointer: '#/amount_minor', detail: `Credit can pay at most the balance due, ${balance}` },
      ]);
    }
  }
  const { id } = await db
    .insertInto('billing.payments')
    .values({
      customer_id: invoice.customer_id,
      invoice_id: invoice.id,
      amount_minor: input.amount_minor,
      applied_minor: applied,
      currency: invoice.currency,
      method: input.method,
      received_on: input.received_on,
      reference: input.reference ?? null,
      created_by: input.created_by,
      ...(input.sepa
        ? {
            sepa_mandate_id: input.sepa.mandate_id,
            sepa_batch_id: input.sepa.batch_id,
            end_to_end_id: input.sepa.end_to_end_id,
          }
        : {}),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (input.method === 'customer_credit') {
    await db
      .insertInto('billing.customer_credit_entries')
      .values({
        customer_id: invoice.customer_id,
        currency: invoice.currency,
        amount_minor: -applied,
        reason: 'applied_to_invoice',
        payment_id: id,
        invoice_id: invoice.id,
      })
      .execute();
  } else if (extra > 0) {
    await db
      .insertInto('billing.customer_credit_entries')
      .values({
        customer_id: invoice.customer_id,
        currency: invoice.currency,
        amount_minor: extra,
        reason: 'overpayment',
        payment_id: id,
        invoice_id: invoice.id,
      })
      .execute();
  }
  const paid = invoice.paid_minor + applied;
  await db
    .updateTable('billing.invoices')
    .set({ paid_minor: paid, status: settledStatus(invoice.gross_minor, invoice.credited_minor, paid) })
    .where('id', '=', invoice.id)
    .execute();
  await emitEvent(sqlQueryable(db), SOURCE, {
    type: 'billing.payment.received',
    aggregateType: 'payment',
    aggregateId: id,
    payload: {
      payment_id: id,
      invoice_id: invoice.id,
      invoice_number: invoice.number,
      customer_id: invoice.customer_id,
      amount_minor: input.amount_minor,
      applied_minor: applied,
      credit_minor: extra,
      currency: invoice.currency,
      method: input.method,
      received_on: input.received_on,
    },
  });
  return getPayment(db, id);
}

/**
 * Marks a succeeded payment failed (a returned SEPA debit, a bounced cheque): its applied amount
 * returns to the invoice's balance and the credit it created is taken back. Emits
 * `billing.payment.failed` (dunning resumes from it).
 *
 * @returns undefined when there is no such payment.
 * @throws {HttpProblem} 409 when it already failed.
 */
export async function failPayment(
  db: Kysely<DB>,
  paymentId: string,
  reason: string,
): Promise<Payment | undefined> {
  const payment = await db
    .selectFrom('billing.payments')
    .selectAll()
    .where('id', '=', paymentId)
    .forUpdate()
    .executeTakeFirst();
  if (!payment) return undefined;
  if (payment.status === 'failed') throw stateProblem('This payment is already marked failed');
  const invoice = payment.invoice_id ? await lockInvoice(db, payment.invoice_id) : undefined;
  await db
    .updateTable('billing.payments')
    .set({ status: 'failed', failure_reason: reason, failed_at: sql<Date>`now()` })
    .where('id', '=', paymentId)
    .execute();
  // Credit this payment gave the customer, taken back: what it paid beyond the balance, and what
  // a credit note later turned from it into credit (the invoice's overpaid part it accounts for).
  // A payment made with credit gives its credit back instead.
  const extra = payment.amount_minor - payment.applied_minor;
  let creditDelta = payment.method === 'customer_credit' ? payment.applied_minor : -extra;
  if (invoice) {
    const before = overpaidMinor(invoice.gross_minor, invoice.credited_minor, invoice.paid_minor);
    const after = overpaidMinor(
      invoice.gross_minor,
      invoice.credited_minor,
      invoice.paid_minor - payment.applied_minor,
    );
    creditDelta -= before - after;
  }
  if (creditDelta !== 0) {
    await lockCustomerCredit(db, payment.customer_id);
    await db
      .insertInto('billing.customer_credit_entries')
      .values({
        customer_id: payment.customer_id,
        currency: payment.currency,
        amount_minor: creditDelta,
        reason: 'payment_failed',
        payment_id: paymentId,
      })
      .execute();
  }
  if (invoice) {
    const paid = invoice.paid_minor - payment.applied_minor;
    await db
      .updateTable('billing.invoices')
      .set({
        paid_minor: paid,
        status:
          invoice.status === 'cancelled'
            ? 'cancelled'
            : settledStatus(invoice.gross_minor, invoice.credited_minor, paid),
      })
      .where('id', '=', invoice.id)
      .execute();
  }
  await emitEvent(sqlQueryable(db), SOURCE, {
    type: 'billing.payment.failed',
    aggregateType: 'payment',
    aggregateId: paymentId,
    payload: {
      payment_id: paymentId,
      invoice_id: payment.invoice_id,
      customer_id: payment.customer_id,
      amount_minor: payment.amount_minor,
      currency: payment.currency,
      method: payment.method,
      reason,
    },
  });
  return getPayment(db, paymentId);
}
