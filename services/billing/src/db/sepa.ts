/**
 * @module db/sepa
 * SEPA Direct Debit Core in the request's transaction, under RLS: mandates, batches exported as
 * pain.008.001.02 (`../sepa/pain008.ts`), and returns.
 *
 * - A mandate is validated with `validateMandate` (IBAN check digits and SEPA country, BIC,
 *   reference charset and uniqueness, signature date not in the future) against the tenant's SEPA
 *   creditor identifier.
 * - A batch collects the balance due of each given invoice from its customer's most recent active
 *   mandate: FRST for a mandate's first collection, RCUR after, OOFF for a one-off mandate
 *   (`nextSequenceType`). Each collection is recorded at once as a `sepa_debit` payment on the
 *   collection date (a SEPA debit settles unless it is returned), with the batch, mandate and
 *   EndToEndId; the XML is kept as sent.
 * - A return (R-transaction) names the EndToEndId and an ISO 20022 reason code: the payment fails
 *   (`failPayment`: the balance is due again and `billing.payment.failed` starts dunning), and a
 *   reason that means the mandate can no longer be used (account closed or blocked, no mandate,
 *   debtor deceased) revokes it.
 */
import { randomBytes } from 'node:crypto';
import type { SepaBatch, SepaMandate, SepaMandateCreate } from '@comptoir/contracts/billing/sepa';
import type { ProblemError } from '@comptoir/contracts/common';
import type { DB } from '@comptoir/db/schema/billing';
import { decodeCursor, encodeCursor } from '@comptoir/service-kit/pagination';
import { type Kysely, type Selectable, sql } from 'kysely';
import { type MandateField, nextSequenceType, type SequenceType, validateMandate } from '../sepa/mandate.js';
import { buildPain008, type DirectDebitCollection, Pain008Error } from '../sepa/pain008.js';
import { isoDate, rfc3339, stateProblem, tenantCalendar, validationProblem } from './common.js';
import { failPayment, getPayment, recordPayment } from './invoices.js';
import { loadSettings } from './settings.js';

type MandateRow = Selectable<DB['billing.sepa_mandates']>;

/** ISO 20022 return reasons (ExternalReturnReason1Code) after which a mandate is not used again. */
const MANDATE_ENDING_RETURNS: Readonly<Record<string, string>> = {
  AC04: 'account closed',
  AC06: 'account blocked',
  MD01: 'no valid mandate',
  MD07: 'debtor deceased',
};

/** Labels of the usual return reasons, for the payment's failure reason. */
const RETURN_LABELS: Readonly<Record<string, string>> = {
  ...MANDATE_ENDING_RETURNS,
  AC01: 'incorrect account number',
  AM04: 'insufficient funds',
  MD06: 'refund requested by the debtor',
  MS02: 'refused by the debtor',
  MS03: 'reason not specified',
  SL01: 'specific service offered by the debtor bank',
};

const POINTERS: Readonly<Record<MandateField, string>> = {
  reference: '#/reference',
  signatureDate: '#/signed_on',
  type: '#/type',
  debtorName: '#/debtor_name',
  debtorIban: '#/debtor_iban',
  debtorBic: '#/debtor_bic',
  creditorId: '#/settings/sepa_creditor_id',
};

function nextSequence(
  row: Pick<MandateRow, 'type' | 'collections_presented' | 'status'>,
): SequenceType | null {
  if (row.status !== 'active') return null;
  try {
    return nextSequenceType({
      type: row.type as 'recurrent' | 'one_off',
      collectionsPresented: row.collections_presented,
    });
  } catch {
    return null;
  }
}

function presentMandate(row: MandateRow): SepaMandate {
  return {
    id: row.id,
    customer_id: row.customer_id,
    reference: row.reference,
    signed_on: String(row.signed_on),
    type: row.type as SepaMandate['type'],
    debtor_name: row.debtor_name,
    debtor_iban: row.debtor_iban,
    debtor_bic: row.debtor_bic,
    status: row.status as SepaMandate['status'],
    collections_presented: row.collections_presented,
    next_sequence_type: nextSequence(row) as SepaMandate['next_sequence_type'],
    revoked_at: row.revoked_at ? new Date(row.revoked_at).toISOString() : null,
    created_at: new Date(row.created_at).toISOString(),
  };
}

/** Mandates, newest first (at most 500: a customer has few). */
export async function listMandates(
  db: Kysely<DB>,
  query: { customer_id?: string | undefined; status?: string | undefined },
) {
  let q = db
    .selectFrom('billing.sepa_mandates')
    .selectAll()
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(500);
  if (query.customer_id) q = q.where('customer_id', '=', query.customer_id);
  if (query.status) q = q.where('status', '=', query.status);
  return { data: (await q.execute()).map(presentMandate) };
}

/** One mandate, or undefined. */
export async function getMandate(db: Kysely<DB>, id: string): Promise<SepaMandate | undefined> {
  const row = await db
    .selectFrom('billing.sepa_mandates')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst();
  return row ? presentMandate(row) : undefined;
}

/** A unique mandate reference: `RUM-<year>-<10 characters>`, SEPA characters only. */
function newReference(): string {
  const alphabet = '0123456789ABCDEFGHJKLMNPQRSTUVWXYZ';
  const bytes = randomBytes(10);
  const suffix = [...bytes].map((b) => alphabet[b % alphabet.length]).join('');
  return `RUM-${new Date().getUTCFullYear()}-${suffix}`;
}

/**
 * Records a signed mandate.
 *
 * @throws {HttpProblem} 422 naming every invalid field (also the tenant's missing creditor id).
 */
export async function createMandate(
  db: Kysely<DB>,
  input: SepaMandateCreate,
  createdBy: string,
): Promise<SepaMandate> {
  const [settings, customer, calendar] = await Promise.all([
    loadSettings(db),
    db.selectFrom('billing.customers').selectAll().where('id', '=', input.customer_id).executeTakeFirst(),
    tenantCalendar(db),
  ]);
  const errors: ProblemError[] = [];
  if (!customer || customer.archived_at)
    errors.push({ pointer: '#/customer_id', detail: 'No active customer with this id' });
  if (!settings.sepa_creditor_id) {
    errors.push({
      pointer: '#/settings/sepa_creditor_id',
      detail: 'Fill in your SEPA creditor identifier in the billing settings first',
    });
  }
  if (errors.length) throw validationProblem(errors);
  const reference = input.reference || newReference();
  const existing = await db
    .selectFrom('billing.sepa_mandates')
    .select('id')
    .where(sql`upper(reference)`, '=', reference.toUpperCase())
    .executeTakeFirst();
  const result = validateMandate(
    {
      reference,
      signatureDate: input.signed_on,
      type: input.type,
      debtorName: input.debtor_name ?? customer!.legal_name.slice(0, 70),
      debtorIban: input.debtor_iban,
      debtorBic: input.debtor_bic ?? null,
      creditorId: settings.sepa_creditor_id!,
    },
    { timeZone: calendar.timeZone, isReferenceInUse: () => existing !== undefined },
  );
  if (!result.valid) {
    throw validationProblem(
      result.issues.map((i) => ({ pointer: POINTERS[i.field], detail: capitalise(i.message) })),
    );
  }
  const m = result.mandate;
  const row = await db
    .insertInto('billing.sepa_mandates')
    .values({
      customer_id: input.customer_id,
      reference: m.reference,
      signed_on: m.signatureDate,
      type: m.type,
      debtor_name: m.debtorName,
      debtor_iban: m.debtorIban,
      debtor_bic: m.debtorBic,
      created_by: createdBy,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return presentMandate(row);
}

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** Revokes a mandate (no more collections). Undefined when there is none. */
export async function revokeMandate(db: Kysely<DB>, id: string): Promise<SepaMandate | undefined> {
  const row = await db
    .updateTable('billing.sepa_mandates')
    .set({ status: 'revoked', revoked_at: sql<Date>`coalesce(revoked_at, now())` })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
  return row ? presentMandate(row) : undefined;
}

const batchColumns = [
  'id',
  'message_id',
  isoDate('collection_date').as('collection_date'),
  'transaction_count',
  'control_sum_minor',
  rfc3339('created_at').as('created_at'),
] as const;

/** A page of batches, newest first. */
export async function listBatches(db: Kysely<DB>, query: { cursor?: string | undefined; limit: number }) {
  let q = db
    .selectFrom('billing.sepa_batches')
    .select(batchColumns)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(query.limit + 1);
  if (query.cursor) {
    const after = decodeCursor(query.cursor);
    q = q.where(({ eb, refTuple, tuple }) =>
      eb(refTuple('created_at', 'id'), '<', tuple(sql<Date>`${String(after.v)}::timestamptz`, after.id)),
    );
  }
  const rows = (await q.execute()) as SepaBatch[];
  const more = rows.length > query.limit;
  const data = more ? rows.slice(0, query.limit) : rows;
  const last = data[data.length - 1];
  return { data, next_cursor: more && last ? encodeCursor({ v: last.created_at, id: last.id }) : null };
}

/** One batch with its collections, or undefined. */
export async function getBatch(db: Kysely<DB>, id: string): Promise<SepaBatch | undefined> {
  const batch = (await db
    .selectFrom('billing.sepa_batches')
    .select(batchColumns)
    .where('id', '=', id)
    .executeTakeFirst()) as SepaBatch | undefined;
  if (!batch) return undefined;
  const collections = await db
    .selectFrom('billing.payments')
    .select([
      'id as payment_id',
      'invoice_id',
      'sepa_mandate_id as mandate_id',
      'end_to_end_id',
      'amount_minor',
      sql<'succeeded' | 'failed'>`status`.as('status'),
    ])
    .where('sepa_batch_id', '=', id)
    .orderBy('end_to_end_id')
    .execute();
  return { ...batch, collections: collections as NonNullable<SepaBatch['collections']> };
}

/** The pain.008 XML of a batch as it was exported, or undefined. */
export async function batchXml(
  db: Kysely<DB>,
  id: string,
): Promise<{ messageId: string; xml: string } | undefined> {
  const row = await db
    .selectFrom('billing.sepa_batches')
    .select(['message_id', 'xml'])
    .where('id', '=', id)
    .executeTakeFirst();
  return row ? { messageId: row.message_id, xml: row.xml } : undefined;
}

/**
 * Collects the balance due of each invoice by direct debit: builds the pain.008.001.02 batch,
 * keeps it, and records each collection as a payment.
 *
 * @throws {HttpProblem} 422 naming every invoice that cannot be collected (not issued, not EUR,
 *   nothing due, disputed, no usable mandate), a collection date in the past, missing creditor
 *   settings, or a value the XML schema refuses.
 */
export async function createBatch(
  db: Kysely<DB>,
  input: { collection_date: string; invoice_ids: string[] },
  createdBy: string,
): Promise<SepaBatch> {
  const [settings, calendar] = await Promise.all([loadSettings(db), tenantCalendar(db)]);
  const errors: ProblemError[] = [];
  for (const [field, value] of [
    ['sepa_creditor_id', settings.sepa_creditor_id],
    ['iban', settings.iban],
    ['legal_name', settings.legal_name.trim() || null],
  ] as const) {
    if (!value)
      errors.push({
        pointer: `#/settings/${field}`,
        detail: `Fill in the ${field.replaceAll('_', ' ')} in the billing settings first`,
      });
  }
  if (input.collection_date < calendar.today) {
    errors.push({ pointer: '#/collection_date', detail: 'The collection date is in the past' });
  }
  const ids = [...new Set(input.invoice_ids)];
  if (ids.length !== input.invoice_ids.length)
    errors.push({ pointer: '#/invoice_ids', detail: 'An invoice is listed twice' });
  // Locked in id order: two batches built at once cannot deadlock, nor collect an invoice twice.
  const invoices = await db
    .selectFrom('billing.invoices')
    .selectAll()
    .where('id', 'in', ids)
    .orderBy('id')
    .forUpdate()
    .execute();
  const mandates = await db
    .selectFrom('billing.sepa_mandates')
    .selectAll()
    .where(
      'customer_id',
      'in',
      [...new Set(invoices.map((i) => i.customer_id))].concat('00000000-0000-0000-0000-000000000000'),
    )
    .where('status', '=', 'active')
    .orderBy('created_at', 'desc')
    .forUpdate()
    .execute();
  const presented = new Map(mandates.map((m) => [m.id, m.collections_presented]));
  const planned: Array<{
    invoice: (typeof invoices)[number];
    mandate: MandateRow;
    collection: DirectDebitCollection;
  }> = [];
  for (const [index, id] of input.invoice_ids.entries()) {
    const at = `#/invoice_ids/${index}`;
    const invoice = invoices.find((i) => i.id === id);
    if (!invoice) {
      errors.push({ pointer: at, detail: 'No invoice with this id' });
      continue;
    }
    const balance = invoice.gross_minor - invoice.paid_minor - invoice.credited_minor;
    if (invoice.kind !== 'invoice' || !['issued', 'partially_paid'].includes(invoice.status)) {
      errors.push({
        pointer: at,
        detail: `Invoice ${invoice.number ?? '(draft)'} is ${invoice.status}: only issued invoices with a balance due are collected`,
      });
      continue;
    }
    if (invoice.currency !== 'EUR') {
      errors.push({
        pointer: at,
        detail: `Invoice ${invoice.number} is in ${invoice.currency}: SEPA debits are in euros`,
      });
      continue;
    }
    if (balance <= 0) {
      errors.push({ pointer: at, detail: `Invoice ${invoice.number} has nothing due` });
      continue;
    }
    if (invoice.disputed_at) {
      errors.push({ pointer: at, detail: `Invoice ${invoice.number} is disputed` });
      continue;
    }
    const mandate = mandates.find(
      (m) =>
        m.customer_id === invoice.customer_id &&
        nextSequence({ ...m, collections_presented: presented.get(m.id)! }) !== null,
    );
    if (!mandate) {
      errors.push({
        pointer: at,
        detail: `The customer of invoice ${invoice.number} has no usable SEPA mandate`,
      });
      continue;
    }
    const count = presented.get(mandate.id)!;
    const sequenceType = nextSequence({ ...mandate, collections_presented: count })!;
    presented.set(mandate.id, count + 1);
    planned.push({
      invoice,
      mandate,
      collection: {
        endToEndId: `${invoice.number}-D${randomBytes(3).toString('hex').toUpperCase()}`.slice(0, 35),
        amountMinor: balance,
        currency: 'EUR',
        sequenceType,
        requestedCollectionDate: input.collection_date,
        mandate: { reference: mandate.reference, signatureDate: String(mandate.signed_on) },
        debtor: { name: mandate.debtor_name, iban: mandate.debtor_iban, bic: mandate.debtor_bic },
        remittanceText: `Facture ${invoice.number}`,
      },
    });
  }
  if (errors.length) throw validationProblem(errors);

  const createdAt = new Date();
  const messageId = `SDD-${createdAt
    .toISOString()
    .replace(/[-:TZ.]/g, '')
    .slice(0, 14)}-${randomBytes(4).toString('hex').toUpperCase()}`;
  let xml: string;
  try {
    xml = buildPain008({
      messageId,
      createdAt,
      creditor: {
        name: settings.legal_name,
        iban: settings.iban!,
        bic: settings.bic,
        creditorId: settings.sepa_creditor_id!,
      },
      collections: planned.map((p) => p.collection),
    });
  } catch (error) {
    if (error instanceof Pain008Error) {
      // collections[i] is the i-th planned invoice; anything else comes from the creditor settings.
      const index = /^collections\[(\d+)\]/.exec(error.path)?.[1];
      const invoiceIndex =
        index === undefined ? undefined : input.invoice_ids.indexOf(planned[Number(index)]!.invoice.id);
      throw validationProblem([
        {
          pointer: invoiceIndex === undefined ? '#/settings' : `#/invoice_ids/${invoiceIndex}`,
          detail: error.message,
        },
      ]);
    }
    throw error;
  }
  const controlSum = planned.reduce((sum, p) => sum + p.collection.amountMinor, 0);
  const batch = await db
    .insertInto('billing.sepa_batches')
    .values({
      message_id: messageId,
      collection_date: input.collection_date,
      transaction_count: planned.length,
      control_sum_minor: controlSum,
      xml,
      created_by: createdBy,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  for (const p of planned) {
    await recordPayment(db, p.invoice.id, {
      amount_minor: p.collection.amountMinor,
      method: 'sepa_debit',
      received_on: input.collection_date,
      reference: p.collection.endToEndId,
      created_by: createdBy,
      sepa: { mandate_id: p.mandate.id, batch_id: batch.id, end_to_end_id: p.collection.endToEndId },
    });
  }
  for (const [id, count] of presented) {
    const before = mandates.find((m) => m.id === id)!.collections_presented;
    if (count !== before)
      await db
        .updateTable('billing.sepa_mandates')
        .set({ collections_presented: count })
        .where('id', '=', id)
        .execute();
  }
  return (await getBatch(db, batch.id))!;
}

/**
 * Applies a return (R-transaction) of a collection.
 *
 * @returns the failed payment; undefined when no collection has this EndToEndId.
 * @throws {HttpProblem} 409 when the payment already failed.
 */
export async function returnCollection(db: Kysely<DB>, endToEndId: string, reasonCode: string) {
  const payment = await db
    .selectFrom('billing.payments')
    .select(['id', 'sepa_mandate_id', 'status'])
    .where('end_to_end_id', '=', endToEndId)
    .executeTakeFirst();
  if (!payment) return undefined;
  if (payment.status === 'failed') throw stateProblem('This collection is already marked returned');
  const label = RETURN_LABELS[reasonCode] ?? 'returned by the bank';
  await failPayment(db, payment.id, `SEPA return ${reasonCode}: ${label}`);
  if (payment.sepa_mandate_id && MANDATE_ENDING_RETURNS[reasonCode]) {
    await revokeMandate(db, payment.sepa_mandate_id);
  }
  return getPayment(db, payment.id);
}
