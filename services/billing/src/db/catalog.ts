/**
 * @module db/catalog
 * Tax rates and products (the price list). French default rates are created on a tenant's first
 * use (`billing.ensure_default_tax_rates()`). Both are archived, never deleted: issued documents
 * keep their own copy of rate and price, and old drafts may still point at them.
 */
import type {
  Product,
  ProductCreate,
  ProductListQuery,
  ProductUpdate,
  TaxRate,
  TaxRateCreate,
  TaxRateUpdate,
} from '@comptoir/contracts/billing/catalog';
import type { DB } from '@comptoir/db/schema/billing';
import { decodeCursor, encodeCursor } from '@comptoir/service-kit/pagination';
import { type Kysely, sql } from 'kysely';
import { rfc3339, validationProblem } from './common.js';

const taxRateColumns = [
  'id',
  'name',
  'rate_basis_points',
  sql<TaxRate['vat_category']>`vat_category`.as('vat_category'),
  'exemption_reason',
  'exemption_reason_code',
  'is_default',
  rfc3339('archived_at').as('archived_at'),
] as const;

/** Creates the French default rates when the tenant has none yet (idempotent). */
export async function ensureDefaultTaxRates(db: Kysely<DB>): Promise<void> {
  await sql`select billing.ensure_default_tax_rates()`.execute(db);
}

/** Every tax rate: default first, then by rate descending and name. */
export async function listTaxRates(db: Kysely<DB>, includeArchived: boolean): Promise<TaxRate[]> {
  await ensureDefaultTaxRates(db);
  let q = db
    .selectFrom('billing.tax_rates')
    .select(taxRateColumns)
    .orderBy('is_default', 'desc')
    .orderBy('rate_basis_points', 'desc')
    .orderBy('name');
  if (!includeArchived) q = q.where('archived_at', 'is', null);
  return q.execute();
}

/** One tax rate, or undefined. */
export function getTaxRate(db: Kysely<DB>, id: string): Promise<TaxRate | undefined> {
  return db.selectFrom('billing.tax_rates').select(taxRateColumns).where('id', '=', id).executeTakeFirst();
}

/** The tenant's default rate (created with the French defaults when none exist). */
export async function defaultTaxRate(db: Kysely<DB>): Promise<TaxRate | undefined> {
  await ensureDefaultTaxRates(db);
  return db
    .selectFrom('billing.tax_rates')
    .select(taxRateColumns)
    .where('is_default', '=', true)
    .where('archived_at', 'is', null)
    .executeTakeFirst();
}

async function clearDefault(db: Kysely<DB>): Promise<void> {
  await db
    .updateTable('billing.tax_rates')
    .set({ is_default: false })
    .where('is_default', '=', true)
    .execute();
}

/** Creates a rate; `is_default` moves the default to it. */
export async function createTaxRate(db: Kysely<DB>, input: TaxRateCreate): Promise<TaxRate> {
  await ensureDefaultTaxRates(db);
  if (input.is_default) await clearDefault(db);
  const { id } = await db
    .insertInto('billing.tax_rates')
    .values(input)
    .returning('id')
    .executeTakeFirstOrThrow();
  return (await getTaxRate(db, id))!;
}

/**
 * Renames, makes default, archives or restores a rate (its rate and category never change: make
 * a new one). The default rate cannot be archived.
 *
 * @throws {HttpProblem} 422 archiving the default rate.
 */
export async function updateTaxRate(
  db: Kysely<DB>,
  id: string,
  input: TaxRateUpdate,
): Promise<TaxRate | undefined> {
  const current = await getTaxRate(db, id);
  if (!current) return undefined;
  if (input.archived && (current.is_default || input.is_default)) {
    throw validationProblem([
      { pointer: '#/archived', detail: 'Make another rate the default before archiving this one' },
    ]);
  }
  if (input.is_default && !current.is_default) await clearDefault(db);
  await db
    .updateTable('billing.tax_rates')
    .set({
      ...(input.name === undefined ? {} : { name: input.name }),
      ...(input.is_default ? { is_default: true } : {}),
      ...(input.archived === undefined
        ? {}
        : { archived_at: input.archived ? sql<Date>`coalesce(archived_at, now())` : null }),
    })
    .where('id', '=', id)
    .execute();
  return getTaxRate(db, id);
}

const productColumns = [
  'id',
  'name',
  'description',
  'unit_code',
  'unit_price_minor',
  'currency',
  'tax_rate_id',
  rfc3339('archived_at').as('archived_at'),
  rfc3339('created_at').as('created_at'),
  rfc3339('updated_at').as('updated_at'),
] as const;

/** A page of products by name, then id. */
export async function listProducts(db: Kysely<DB>, query: ProductListQuery) {
  let q = db
    .selectFrom('billing.products')
    .select(productColumns)
    .orderBy(sql`lower(name)`)
    .orderBy('id')
    .limit(query.limit + 1);
  if (query.archived === 'false') q = q.where('archived_at', 'is', null);
  if (query.archived === 'true') q = q.where('archived_at', 'is not', null);
  if (query.q) {
    q = q.where(sql`lower(name)`, 'like', `${query.q.toLowerCase().replace(/[\\%_]/g, '\\$&')}%`);
  }
  if (query.cursor) {
    const after = decodeCursor(query.cursor);
    q = q.where(({ eb, refTuple, tuple }) =>
      eb(refTuple(sql<string>`lower(name)`, 'id'), '>', tuple(String(after.v), after.id)),
    );
  }
  const rows = (await q.execute()) as Product[];
  const more = rows.length > query.limit;
  const data = more ? rows.slice(0, query.limit) : rows;
  const last = data[data.length - 1];
  return {
    data,
    next_cursor: more && last ? encodeCursor({ v: last.name.toLowerCase(), id: last.id }) : null,
  };
}

/** One product, or undefined. */
export async function getProduct(db: Kysely<DB>, id: string): Promise<Product | undefined> {
  return (await db
    .selectFrom('billing.products')
    .select(productColumns)
    .where('id', '=', id)
    .executeTakeFirst()) as Product | undefined;
}

async function checkTaxRate(db: Kysely<DB>, id: string): Promise<void> {
  const rate = await getTaxRate(db, id);
  if (!rate || rate.archived_at) {
    throw validationProblem([{ pointer: '#/tax_rate_id', detail: 'No active tax rate with this id' }]);
  }
}

/** Creates a product (tax rate: the given one, else the tenant default). */
export async function createProduct(db: Kysely<DB>, input: ProductCreate): Promise<Product> {
  let taxRateId = input.tax_rate_id;
  if (taxRateId) await checkTaxRate(db, taxRateId);
  else taxRateId = (await defaultTaxRate(db))?.id;
  if (!taxRateId) throw validationProblem([{ pointer: '#/tax_rate_id', detail: 'Choose a tax rate' }]);
  const { id } = await db
    .insertInto('billing.products')
    .values({ ...input, tax_rate_id: taxRateId })
    .returning('id')
    .executeTakeFirstOrThrow();
  return (await getProduct(db, id))!;
}

/** Updates, archives or restores a product. */
export async function updateProduct(
  db: Kysely<DB>,
  id: string,
  input: ProductUpdate,
): Promise<Product | undefined> {
  const { archived, ...fields } = input;
  if (fields.tax_rate_id) await checkTaxRate(db, fields.tax_rate_id);
  const row = await db
    .updateTable('billing.products')
    .set({
      ...fields,
      ...(archived === undefined
        ? {}
        : { archived_at: archived ? sql<Date>`coalesce(archived_at, now())` : null }),
    })
    .where('id', '=', id)
    .returning('id')
    .executeTakeFirst();
  return row ? getProduct(db, id) : undefined;
}
