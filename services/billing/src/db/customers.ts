/**
 * @module db/customers
 * Queries on billing.customers. They run in the request's transaction as the caller: Row Level
 * Security scopes every statement to the caller's tenant, so nothing here filters by tenant.
 * Customers are archived, never deleted (issued invoices keep pointing at them).
 */
import type {
  Customer,
  CustomerCreate,
  CustomerListQuery,
  CustomerUpdate,
} from '@comptoir/contracts/billing/customers';
import type { DB } from '@comptoir/db/schema/billing';
import { decodeCursor, encodeCursor } from '@comptoir/service-kit/pagination';
import { type Kysely, sql } from 'kysely';
import { rfc3339 } from './common.js';

const columns = [
  'id',
  sql<Customer['kind']>`kind`.as('kind'),
  'legal_name',
  'trading_name',
  'email',
  'address_line1',
  'address_line2',
  'postal_code',
  'city',
  'country_code',
  'vat_number',
  'siren',
  'siret',
  'payment_terms_days',
  'default_currency',
  'crm_company_id',
  'crm_contact_id',
  'notes',
  rfc3339('archived_at').as('archived_at'),
  rfc3339('created_at').as('created_at'),
  rfc3339('updated_at').as('updated_at'),
] as const;

/** A page of customers by name (case-insensitive), then id; keyset on (lower(legal_name), id). */
export async function listCustomers(db: Kysely<DB>, query: CustomerListQuery) {
  let q = db
    .selectFrom('billing.customers')
    .select(columns)
    .orderBy(sql`lower(legal_name)`)
    .orderBy('id')
    .limit(query.limit + 1);
  if (query.archived === 'false') q = q.where('archived_at', 'is', null);
  if (query.archived === 'true') q = q.where('archived_at', 'is not', null);
  if (query.crm_company_id) q = q.where('crm_company_id', '=', query.crm_company_id);
  if (query.q) {
    const prefix = `${query.q.toLowerCase().replace(/[\\%_]/g, '\\$&')}%`;
    q = q.where((eb) =>
      eb.or([
        eb(sql`lower(legal_name)`, 'like', prefix),
        eb(sql`lower(trading_name)`, 'like', prefix),
        eb(sql`lower(email)`, 'like', prefix),
      ]),
    );
  }
  if (query.cursor) {
    const after = decodeCursor(query.cursor);
    q = q.where(({ eb, refTuple, tuple }) =>
      eb(refTuple(sql<string>`lower(legal_name)`, 'id'), '>', tuple(String(after.v), after.id)),
    );
  }
  const rows: Customer[] = await q.execute();
  const more = rows.length > query.limit;
  const data = more ? rows.slice(0, query.limit) : rows;
  const last = data[data.length - 1];
  return {
    data,
    next_cursor: more && last ? encodeCursor({ v: last.legal_name.toLowerCase(), id: last.id }) : null,
  };
}

/** One customer (archived ones included), or undefined (also for another tenant's id). */
export function getCustomer(db: Kysely<DB>, id: string): Promise<Customer | undefined> {
  return db.selectFrom('billing.customers').select(columns).where('id', '=', id).executeTakeFirst();
}

/** Creates a customer. */
export async function createCustomer(
  db: Kysely<DB>,
  input: CustomerCreate & { created_by: string },
): Promise<Customer> {
  const { id } = await db
    .insertInto('billing.customers')
    .values(input)
    .returning('id')
    .executeTakeFirstOrThrow();
  return (await getCustomer(db, id))!;
}

/** Updates fields; `archived` archives or restores. Undefined when there is no such customer. */
export async function updateCustomer(
  db: Kysely<DB>,
  id: string,
  input: CustomerUpdate,
): Promise<Customer | undefined> {
  const { archived, ...fields } = input;
  const values = {
    ...fields,
    ...(archived === undefined
      ? {}
      : { archived_at: archived ? sql<Date>`coalesce(archived_at, now())` : null }),
  };
  const row = await db
    .updateTable('billing.customers')
    .set(values)
    .where('id', '=', id)
    .returning('id')
    .executeTakeFirst();
  return row ? getCustomer(db, id) : undefined;
}
