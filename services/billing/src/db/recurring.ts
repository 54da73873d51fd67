/**
 * @module db/recurring
 * Recurring invoices (billing.recurring_invoices) in the request's (or job's) transaction, under
 * RLS.
 *
 * Period n of a template starts on `start_date + n × frequency` (PostgreSQL date arithmetic, so a
 * template started on the 31st invoices on the last day of shorter months, and the day comes back
 * when the month is long enough). A run invoices every period whose start has come (catching up
 * at most {@link MAX_CATCH_UP} periods), each exactly once (unique (template, period start)): a
 * draft, or an invoice issued on the run's date when `auto_issue`. A template whose invoice cannot
 * be made (an archived product, incomplete seller settings) keeps its period, records why in
 * `last_error`, and is retried at the next run; the others go on (savepoint per template).
 */
import type { DocumentLineInput } from '@comptoir/contracts/billing/invoices';
import type {
  RecurringInvoice,
  RecurringInvoiceCreate,
  RecurringInvoiceUpdate,
  RecurringRunResult,
} from '@comptoir/contracts/billing/recurring';
import type { DB } from '@comptoir/db/schema/billing';
import { HttpProblem } from '@comptoir/service-kit';
import { type Kysely, sql } from 'kysely';
import { isoDate, rfc3339, tenantCalendar } from './common.js';
import { createInvoice, issueInvoice } from './invoices.js';
import { liveCustomer, resolveLines } from './lines.js';

/** Most periods one run invoices for a template that fell behind. */
export const MAX_CATCH_UP = 24;

const STEP = { monthly: '1 month', quarterly: '3 months', yearly: '1 year' } as const;

const columns = [
  'r.id',
  'r.customer_id',
  'c.legal_name as customer_name',
  'r.title',
  'r.currency',
  sql<RecurringInvoice['frequency']>`r.frequency`.as('frequency'),
  isoDate('r.start_date').as('start_date'),
  isoDate('r.end_date').as('end_date'),
  isoDate('r.next_run_on').as('next_run_on'),
  'r.occurrences',
  'r.auto_issue',
  sql<RecurringInvoice['status']>`r.status`.as('status'),
  sql<DocumentLineInput[]>`r.lines`.as('lines'),
  'r.payment_terms_days',
  'r.note',
  'r.last_invoice_id',
  'r.last_error',
  rfc3339('r.created_at').as('created_at'),
] as const;

function select(db: Kysely<DB>) {
  return db
    .selectFrom('billing.recurring_invoices as r')
    .innerJoin('billing.customers as c', (j) =>
      j.onRef('c.tenant_id', '=', 'r.tenant_id').onRef('c.id', '=', 'r.customer_id'),
    )
    .select(columns);
}

/** Every template, next to run first (a tenant has few). */
export async function listRecurring(db: Kysely<DB>): Promise<RecurringInvoice[]> {
  return (await select(db)
    .orderBy('r.status')
    .orderBy('r.next_run_on')
    .orderBy('r.id')
    .limit(500)
    .execute()) as RecurringInvoice[];
}

/** One template, or undefined. */
export async function getRecurring(db: Kysely<DB>, id: string): Promise<RecurringInvoice | undefined> {
  return (await select(db).where('r.id', '=', id).executeTakeFirst()) as RecurringInvoice | undefined;
}

/**
 * Creates a template; its lines are checked against the price list now and resolved again at
 * each run.
 *
 * @throws {HttpProblem} 422 for an unknown customer, product or tax rate.
 */
export async function createRecurring(
  db: Kysely<DB>,
  input: RecurringInvoiceCreate,
  createdBy: string,
): Promise<RecurringInvoice> {
  const customer = await liveCustomer(db, input.customer_id);
  const currency = input.currency ?? customer.default_currency;
  await resolveLines(db, input.lines, currency);
  const { id } = await db
    .insertInto('billing.recurring_invoices')
    .values({
      ...input,
      currency,
      lines: JSON.stringify(input.lines),
      next_run_on: input.start_date,
      created_by: createdBy,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return (await getRecurring(db, id))!;
}

/**
 * Updates a template (new lines apply from the next period; an ended template stays ended). A
 * paused template that resumes starts again at the first period that has not begun: the paused
 * periods are not billed.
 *
 * @throws {HttpProblem} 409 reviving an ended template; 422 for bad lines.
 */
export async function updateRecurring(
  db: Kysely<DB>,
  id: string,
  input: RecurringInvoiceUpdate,
): Promise<RecurringInvoice | undefined> {
  const current = await db
    .selectFrom('billing.recurring_invoices')
    .selectAll()
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
  if (!current) return undefined;
  if (current.status === 'ended' && input.status && input.status !== 'ended') {
    throw new HttpProblem(409, {
      type: 'invalid-state',
      detail: 'An ended recurring invoice cannot restart: create a new one',
    });
  }
  if (input.lines) await resolveLines(db, input.lines, current.currency);
  const { lines, ...fields } = input;
  // Resuming does not bill the paused periods: it starts again at the first period not yet begun.
  let resume: { occurrences: number; next_run_on: string } | undefined;
  if (current.status === 'paused' && input.status === 'active') {
    const { today } = await tenantCalendar(db);
    const { rows } = await sql<{ n: number; d: string }>`
      select n, to_char((${String(current.start_date)}::date + n * ${STEP[current.frequency as keyof typeof STEP]}::interval)::date, 'YYYY-MM-DD') as d
      from generate_series(${current.occurrences}::int, ${current.occurrences}::int + 5000) n
      where (${String(current.start_date)}::date + n * ${STEP[current.frequency as keyof typeof STEP]}::interval)::date >= ${today}::date
      order by n limit 1`.execute(db);
    if (rows[0]) resume = { occurrences: rows[0].n, next_run_on: rows[0].d };
  }
  await db
    .updateTable('billing.recurring_invoices')
    .set({
      ...fields,
      ...(lines ? { lines: JSON.stringify(lines) } : {}),
      ...(input.status === 'active' ? { last_error: null } : {}),
      ...resume,
    })
    .where('id', '=', id)
    .execute();
  return getRecurring(db, id);
}

/** `YYYY-MM-DD` of `start + n × frequency`, computed by PostgreSQL. */
async function periodStart(
  db: Kysely<DB>,
  start: string,
  frequency: keyof typeof STEP,
  n: number,
): Promise<string> {
  const { rows } = await sql<{ d: string }>`
    select to_char((${start}::date + ${n} * ${STEP[frequency]}::interval)::date, 'YYYY-MM-DD') as d`.execute(
    db,
  );
  return rows[0]!.d;
}

/**
 * Invoices every due period of the tenant's active templates as of `today` (default: today in
 * the tenant's time zone).
 */
export async function runRecurring(db: Kysely<DB>, today?: string): Promise<RecurringRunResult> {
  const calendar = await tenantCalendar(db);
  const asOf = today ?? calendar.today;
  const result: RecurringRunResult = { templates: 0, invoices_created: 0, invoices_issued: 0, failed: 0 };
  const templates = await db
    .selectFrom('billing.recurring_invoices')
    .selectAll()
    .where('status', '=', 'active')
    .where(sql<boolean>`next_run_on <= ${asOf}::date`)
    .orderBy('next_run_on')
    .forUpdate()
    .skipLocked()
    .execute();
  for (const template of templates) {
    result.templates++;
    const start = String(template.start_date);
    const frequency = template.frequency as keyof typeof STEP;
    let occurrences = template.occurrences;
    let next = String(template.next_run_on);
    let lastInvoiceId = template.last_invoice_id;
    let error: string | null = null;
    for (let i = 0; i < MAX_CATCH_UP && next <= asOf; i++) {
      if (template.end_date && next > String(template.end_date)) break;
      const following = await periodStart(db, start, frequency, occurrences + 1);
      await sql`savepoint recurring_period`.execute(db);
      try {
        const periodEnd = (
          await sql<{ d: string }>`select to_char(${following}::date - 1, 'YYYY-MM-DD') as d`.execute(db)
        ).rows[0]!.d;
        const invoice = await createInvoice(db, {
          customer_id: template.customer_id,
          currency: template.currency,
          lines: template.lines as DocumentLineInput[],
          payment_terms_days: template.payment_terms_days,
          note: [template.note, `Période du ${next} au ${periodEnd}.`].filter(Boolean).join('\n'),
          created_by: template.created_by,
          recurrence: { recurring_invoice_id: template.id, period_start: next },
        });
        result.invoices_created++;
        if (template.auto_issue) {
          // Dates as text: the earlier of the run's date and today.
          await issueInvoice(db, invoice.id, [asOf, calendar.today].sort()[0]);
          result.invoices_issued++;
        }
        await sql`release savepoint recurring_period`.execute(db);
        lastInvoiceId = invoice.id;
        occurrences++;
        next = following;
      } catch (e) {
        await sql`rollback to savepoint recurring_period`.execute(db);
        error = describe(e);
        result.failed++;
        break;
      }
    }
    const ended = template.end_date !== null && next > String(template.end_date);
    await db
      .updateTable('billing.recurring_invoices')
      .set({
        occurrences,
        next_run_on: next,
        last_invoice_id: lastInvoiceId,
        last_error: error,
        ...(ended ? { status: 'ended' } : {}),
      })
      .where('id', '=', template.id)
      .execute();
  }
  return result;
}

/** A short reason for `last_error`. */
function describe(error: unknown): string {
  if (error instanceof HttpProblem) {
    const details = (error.init.errors ?? []).map((e) => `${e.pointer}: ${e.detail}`).join('; ');
    return `${error.message}${details ? ` (${details})` : ''}`.slice(0, 500);
  }
  return (error instanceof Error ? error.message : 'unexpected error').slice(0, 500);
}
