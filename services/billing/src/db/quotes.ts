/**
 * @module db/quotes
 * Quotes (billing.quotes, billing.quote_lines) in the request's transaction, under RLS.
 *
 * - Drafts are edited freely; totals follow the lines (`writeLines`).
 * - Sending numbers the quote from the `quote` series (gapless, per tenant and year, like
 *   invoices: `billing.next_number`) and sets `valid_until` (30 days by default); the quote is
 *   then frozen (its lines by trigger `billing_lines_guard`).
 * - A sent quote is accepted or declined; past `valid_until` it shows as expired and can no
 *   longer be accepted.
 * - An accepted quote becomes a draft invoice with the same customer, currency and lines, once.
 * - `crm.deal.won` drafts one quote per deal ({@link draftQuoteFromDeal}).
 */
import type {
  Quote,
  QuoteCreate,
  QuoteListQuery,
  QuoteUpdate,
  QuoteWithLines,
} from '@comptoir/contracts/billing/quotes';
import type { DB } from '@comptoir/db/schema/billing';
import { decodeCursor, encodeCursor } from '@comptoir/service-kit/pagination';
import { type Kysely, type Selectable, sql } from 'kysely';
import type { VatCategory } from '../domain/document.js';
import { addDays, isoDate, rfc3339, stateProblem, tenantCalendar, validationProblem } from './common.js';
import { getInvoice } from './invoices.js';
import { liveCustomer, type ResolvedLine, resolveLines, writeLines } from './lines.js';
import { loadSettings } from './settings.js';

/** Days a sent quote stays valid when no `valid_until` is given. */
export const DEFAULT_QUOTE_VALIDITY_DAYS = 30;

type QuoteRow = Selectable<DB['billing.quotes']>;

const displayStatus = sql<Quote['status']>`case
  when q.status = 'sent'
       and q.valid_until < (now() at time zone (select t.time_zone from platform.tenants t where t.id = q.tenant_id))::date
  then 'expired' else q.status end`;

const quoteColumns = [
  'q.id',
  displayStatus.as('status'),
  'q.number',
  'q.customer_id',
  'c.legal_name as customer_name',
  'q.currency',
  'q.title',
  isoDate('q.issue_date').as('issue_date'),
  isoDate('q.valid_until').as('valid_until'),
  'q.note',
  'q.net_minor',
  'q.tax_minor',
  'q.gross_minor',
  sql<Quote['vat_breakdown']>`q.vat_breakdown`.as('vat_breakdown'),
  'q.crm_deal_id',
  'q.invoice_id',
  rfc3339('q.sent_at').as('sent_at'),
  rfc3339('q.accepted_at').as('accepted_at'),
  rfc3339('q.declined_at').as('declined_at'),
  rfc3339('q.created_at').as('created_at'),
  rfc3339('q.updated_at').as('updated_at'),
] as const;

function selectQuotes(db: Kysely<DB>) {
  return db
    .selectFrom('billing.quotes as q')
    .innerJoin('billing.customers as c', (j) =>
      j.onRef('c.tenant_id', '=', 'q.tenant_id').onRef('c.id', '=', 'q.customer_id'),
    )
    .select(quoteColumns);
}

/** A page of quotes, newest first; keyset on (created_at, id). */
export async function listQuotes(db: Kysely<DB>, query: QuoteListQuery) {
  let q = selectQuotes(db)
    .orderBy('q.created_at', 'desc')
    .orderBy('q.id', 'desc')
    .limit(query.limit + 1);
  if (query.status === 'expired' || query.status === 'sent') {
    q = q.where('q.status', '=', 'sent').where(displayStatus, '=', query.status);
  } else if (query.status) {
    q = q.where('q.status', '=', query.status);
  }
  if (query.customer_id) q = q.where('q.customer_id', '=', query.customer_id);
  if (query.cursor) {
    const after = decodeCursor(query.cursor);
    q = q.where(({ eb, refTuple, tuple }) =>
      eb(refTuple('q.created_at', 'q.id'), '<', tuple(sql<Date>`${String(after.v)}::timestamptz`, after.id)),
    );
  }
  const rows = (await q.execute()) as Quote[];
  const more = rows.length > query.limit;
  const data = more ? rows.slice(0, query.limit) : rows;
  const last = data[data.length - 1];
  return { data, next_cursor: more && last ? encodeCursor({ v: last.created_at, id: last.id }) : null };
}

/** One quote with its lines, or undefined (also for another tenant's id). */
export async function getQuote(db: Kysely<DB>, id: string): Promise<QuoteWithLines | undefined> {
  const quote = (await selectQuotes(db).where('q.id', '=', id).executeTakeFirst()) as Quote | undefined;
  if (!quote) return undefined;
  const lines = await db
    .selectFrom('billing.quote_lines')
    .select([
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
    ])
    .where('quote_id', '=', id)
    .orderBy('position')
    .execute();
  return { ...quote, lines };
}

function lockQuote(db: Kysely<DB>, id: string): Promise<QuoteRow | undefined> {
  return db.selectFrom('billing.quotes').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

/**
 * Creates a draft quote (currency: the given one, else the customer's).
 *
 * @throws {HttpProblem} 422 for an unknown or archived customer, product or tax rate.
 */
export async function createQuote(
  db: Kysely<DB>,
  input: QuoteCreate & { created_by: string | null; crm_deal_id?: string | null },
): Promise<QuoteWithLines> {
  const customer = await liveCustomer(db, input.customer_id);
  const currency = input.currency ?? customer.default_currency;
  const lines = await resolveLines(db, input.lines, currency);
  const { lines: _lines, ...fields } = input;
  const { id } = await db
    .insertInto('billing.quotes')
    .values({ ...fields, currency })
    .returning('id')
    .executeTakeFirstOrThrow();
  await writeLines(db, { table: 'quote', id }, lines);
  return (await getQuote(db, id))!;
}

/**
 * Edits a draft quote; `lines` replaces every line.
 *
 * @returns undefined when there is no such quote.
 * @throws {HttpProblem} 409 once sent; 422 for bad references.
 */
export async function updateQuote(
  db: Kysely<DB>,
  id: string,
  input: QuoteUpdate,
): Promise<QuoteWithLines | undefined> {
  const current = await lockQuote(db, id);
  if (!current) return undefined;
  if (current.status !== 'draft')
    throw stateProblem(`Quote ${current.number} is sent: it can no longer change`);
  if (input.customer_id) await liveCustomer(db, input.customer_id);
  const { lines, ...fields } = input;
  if (Object.keys(fields).length)
    await db.updateTable('billing.quotes').set(fields).where('id', '=', id).execute();
  if (lines) {
    await writeLines(
      db,
      { table: 'quote', id },
      await resolveLines(db, lines, fields.currency ?? current.currency),
    );
  } else if (fields.currency && fields.currency !== current.currency && current.gross_minor !== 0) {
    throw validationProblem([
      { pointer: '#/currency', detail: 'Send the lines again when changing the currency' },
    ]);
  }
  return getQuote(db, id);
}

/**
 * Deletes a draft quote.
 *
 * @returns false when there is no such quote.
 * @throws {HttpProblem} 409 once sent.
 */
export async function deleteQuote(db: Kysely<DB>, id: string): Promise<boolean> {
  const current = await lockQuote(db, id);
  if (!current) return false;
  if (current.status !== 'draft')
    throw stateProblem(`Quote ${current.number} is sent: it is kept, decline it instead`);
  await db.deleteFrom('billing.quotes').where('id', '=', id).execute();
  return true;
}

/**
 * Sends a draft: numbers it and sets its validity.
 *
 * @throws {HttpProblem} 409 when not a draft; 422 without lines, dated in the future, or valid
 *   until before its date.
 */
export async function sendQuote(
  db: Kysely<DB>,
  id: string,
  issueDateInput?: string,
): Promise<QuoteWithLines | undefined> {
  const current = await lockQuote(db, id);
  if (!current) return undefined;
  if (current.status !== 'draft') throw stateProblem(`Quote ${current.number} is already sent`);
  const [calendar, settings, lineCount] = await Promise.all([
    tenantCalendar(db),
    loadSettings(db),
    db
      .selectFrom('billing.quote_lines')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('quote_id', '=', id)
      .executeTakeFirstOrThrow(),
  ]);
  const issueDate = issueDateInput ?? calendar.today;
  const validUntil = current.valid_until
    ? String(current.valid_until)
    : addDays(issueDate, DEFAULT_QUOTE_VALIDITY_DAYS);
  const errors = [];
  if (Number(lineCount.n) === 0)
    errors.push({ pointer: '#/lines', detail: 'A quote needs at least one line' });
  if (issueDate > calendar.today)
    errors.push({ pointer: '#/issue_date', detail: 'A quote cannot be dated in the future' });
  if (validUntil < issueDate)
    errors.push({ pointer: '#/valid_until', detail: 'The quote would be expired when sent' });
  if (errors.length) throw validationProblem(errors);
  const year = Number(issueDate.slice(0, 4));
  const { rows } = await sql<{ n: number }>`select billing.next_number('quote', ${year}) as n`.execute(db);
  const number = `${settings.quote_prefix}-${year}-${String(rows[0]!.n).padStart(6, '0')}`;
  await db
    .updateTable('billing.quotes')
    .set({
      status: 'sent',
      number,
      issue_date: issueDate,
      valid_until: validUntil,
      sent_at: sql<Date>`now()`,
    })
    .where('id', '=', id)
    .execute();
  return getQuote(db, id);
}

/**
 * Records the customer's answer to a sent quote.
 *
 * @throws {HttpProblem} 409 when it is not sent, or expired (for an acceptance).
 */
export async function answerQuote(
  db: Kysely<DB>,
  id: string,
  answer: 'accepted' | 'declined',
): Promise<QuoteWithLines | undefined> {
  const current = await lockQuote(db, id);
  if (!current) return undefined;
  if (current.status !== 'sent') {
    throw stateProblem(
      current.status === 'draft'
        ? 'Send the quote first'
        : `Quote ${current.number} is already ${current.status}`,
    );
  }
  const { today } = await tenantCalendar(db);
  if (answer === 'accepted' && current.valid_until && String(current.valid_until) < today) {
    throw stateProblem(`Quote ${current.number} expired on ${current.valid_until}: send a new one`);
  }
  await db
    .updateTable('billing.quotes')
    .set(
      answer === 'accepted'
        ? { status: 'accepted', accepted_at: sql<Date>`now()` }
        : { status: 'declined', declined_at: sql<Date>`now()` },
    )
    .where('id', '=', id)
    .execute();
  return getQuote(db, id);
}

/**
 * Turns an accepted quote (a sent one is accepted on the way) into a draft invoice with the same
 * customer, currency, lines and note.
 *
 * @returns the draft invoice; undefined when there is no such quote.
 * @throws {HttpProblem} 409 when it is a draft, declined, expired, or already invoiced.
 */
export async function invoiceQuote(db: Kysely<DB>, id: string, createdBy: string) {
  let current = await lockQuote(db, id);
  if (!current) return undefined;
  if (current.invoice_id) throw stateProblem(`Quote ${current.number} is already invoiced`);
  if (current.status === 'sent') {
    await answerQuote(db, id, 'accepted');
    current = (await lockQuote(db, id))!;
  }
  if (current.status !== 'accepted') {
    throw stateProblem(
      current.status === 'draft'
        ? 'Send the quote before invoicing it'
        : `Quote ${current.number} is ${current.status}`,
    );
  }
  const stored = await db
    .selectFrom('billing.quote_lines')
    .selectAll()
    .where('quote_id', '=', id)
    .orderBy('position')
    .execute();
  const lines: ResolvedLine[] = stored.map((l) => ({
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
  const { id: invoiceId } = await db
    .insertInto('billing.invoices')
    .values({
      kind: 'invoice',
      customer_id: current.customer_id,
      currency: current.currency,
      quote_id: id,
      note: current.note,
      buyer_reference: current.number,
      created_by: createdBy,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await writeLines(db, { table: 'invoice', id: invoiceId }, lines);
  await db.updateTable('billing.quotes').set({ invoice_id: invoiceId }).where('id', '=', id).execute();
  return getInvoice(db, invoiceId);
}

/** What billing needs of a won CRM deal (the `crm.deal.won` payload). */
export interface WonDeal {
  deal_id: string;
  title: string;
  amount_minor: number;
  currency: string;
  company_id: string | null;
  company?: { name?: string | null; email?: string | null } | null;
  contact_id?: string | null;
  contact?: { name?: string | null; email?: string | null } | null;
}

/**
 * Drafts the quote of a won deal, once per deal: for the billing customer linked to the deal's
 * company (created from the event's company name when there is none), one line with the deal's
 * title and amount (a deal's amount is taken as excluding VAT) at the default tax rate.
 *
 * @returns the quote id, or null when the deal has no company (nothing to bill) or already has a quote.
 */
export async function draftQuoteFromDeal(
  db: Kysely<DB>,
  deal: WonDeal,
  createdBy: string | null,
): Promise<string | null> {
  if (!deal.company_id) return null;
  const existing = await db
    .selectFrom('billing.quotes')
    .select('id')
    .where('crm_deal_id', '=', deal.deal_id)
    .executeTakeFirst();
  if (existing) return null;
  let customer = await db
    .selectFrom('billing.customers')
    .select(['id', 'archived_at'])
    .where('crm_company_id', '=', deal.company_id)
    .orderBy('archived_at', (o) => o.desc().nullsFirst())
    .executeTakeFirst();
  if (!customer || customer.archived_at) {
    customer = await db
      .insertInto('billing.customers')
      .values({
        legal_name: (deal.company?.name ?? deal.title).slice(0, 200),
        email: deal.company?.email ?? deal.contact?.email ?? null,
        crm_company_id: deal.company_id,
        crm_contact_id: deal.contact_id ?? null,
        default_currency: deal.currency,
        created_by: createdBy,
      })
      .returning(['id', 'archived_at'])
      .executeTakeFirstOrThrow();
  }
  const quote = await createQuote(db, {
    customer_id: customer.id,
    currency: deal.currency,
    title: deal.title.slice(0, 200),
    lines:
      deal.amount_minor > 0
        ? [
            {
              description: deal.title.slice(0, 1000),
              quantity_milli: 1000,
              unit_price_minor: deal.amount_minor,
            },
          ]
        : [],
    created_by: createdBy,
    crm_deal_id: deal.deal_id,
  });
  return quote.id;
}
