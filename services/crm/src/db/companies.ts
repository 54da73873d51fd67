/**
 * @module db/companies
 * Queries on crm.companies, shaped `(db, params)`, under the caller's RLS like every CRM query.
 */
import type { Address, CustomValues, LabelledEmail, LabelledPhone } from '@comptoir/contracts/crm/common';
import type { Company, CompanyListQuery } from '@comptoir/contracts/crm/companies';
import type { DB } from '@comptoir/db/schema/crm';
import { type Kysely, sql } from 'kysely';
import {
  afterCursor,
  cursorOf,
  joinSearch,
  rfc3339,
  searchable,
  searchMatchCap,
  sortOrders,
} from './lists.js';

export const companyColumns = [
  'crm.companies.id',
  'crm.companies.name',
  'crm.companies.domain',
  'crm.companies.industry',
  'crm.companies.emails',
  'crm.companies.phones',
  'crm.companies.addresses',
  'crm.companies.tags',
  'crm.companies.notes',
  'crm.companies.owner_id',
  'crm.companies.source',
  'crm.companies.custom',
  sql<number>`(select count(*)::int from crm.contacts k where k.company_id = crm.companies.id and k.deleted_at is null)`.as(
    'contact_count',
  ),
  rfc3339('crm.companies.created_at').as('created_at'),
  rfc3339('crm.companies.updated_at').as('updated_at'),
  rfc3339('crm.companies.deleted_at').as('deleted_at'),
] as const;

/** A selected company row. */
export interface CompanyRow {
  id: string;
  name: string;
  domain: string | null;
  industry: string | null;
  emails: unknown;
  phones: unknown;
  addresses: unknown;
  tags: string[];
  notes: string | null;
  owner_id: string | null;
  source: string | null;
  custom: unknown;
  contact_count: number;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
}

export const toCompany = (row: CompanyRow): Company => ({
  ...row,
  emails: (row.emails ?? []) as LabelledEmail[],
  phones: (row.phones ?? []) as LabelledPhone[],
  addresses: (row.addresses ?? []) as Address[],
  tags: row.tags ?? [],
  custom: (row.custom ?? {}) as CustomValues,
  contact_count: Number(row.contact_count ?? 0),
});

/** A page of companies (same filters and sorts as contacts). */
export async function listCompanies(db: Kysely<DB>, query: CompanyListQuery) {
  const q = searchable(query.q) ? query.q : undefined;
  const orders = sortOrders('crm.companies', sql`lower(crm.companies.name)`, q !== undefined);
  const order = orders[query.sort ?? (q ? 'relevance' : '-created_at')] ?? orders['-created_at']!;
  let builder = db
    .selectFrom('crm.companies')
    .select([...companyColumns, sql<string>`(${order.expression})::text`.as('_sort')])
    .where('crm.companies.deleted_at', query.deleted === 'only' ? 'is not' : 'is', null)
    .orderBy(order.expression, order.direction)
    .orderBy('crm.companies.id', order.direction)
    .limit(query.limit + 1);
  if (q) {
    const cap = searchMatchCap(query);
    // A capped page in relevance order picks its rows among the ranked matches (see joinSearch).
    const top =
      cap !== null && order === orders.relevance
        ? { rows: query.limit + 1, cursor: query.cursor }
        : undefined;
    builder = joinSearch(builder, 'crm.search_companies', 'crm.companies', q, cap, top);
  }
  if (query.tag) builder = builder.where(sql<boolean>`crm.companies.tags @> array[${query.tag}]::text[]`);
  if (query.owner_id) builder = builder.where('crm.companies.owner_id', '=', query.owner_id);
  if (query.created_from)
    builder = builder.where('crm.companies.created_at', '>=', new Date(query.created_from));
  if (query.created_to) builder = builder.where('crm.companies.created_at', '<', new Date(query.created_to));
  if (query.updated_from)
    builder = builder.where('crm.companies.updated_at', '>=', new Date(query.updated_from));
  if (query.updated_to) builder = builder.where('crm.companies.updated_at', '<', new Date(query.updated_to));
  if (query.cursor) builder = builder.where(afterCursor(order, 'crm.companies.id', query.cursor));
  const rows = (await builder.execute()) as Array<CompanyRow & { _sort: string | null }>;
  const more = rows.length > query.limit;
  const page = more ? rows.slice(0, query.limit) : rows;
  return { data: page.map(toCompany), next_cursor: more ? cursorOf(page[page.length - 1]!) : null };
}

/** One company (live, or any with `includeDeleted`), or undefined. */
export async function getCompany(db: Kysely<DB>, id: string, includeDeleted = false) {
  let q = db.selectFrom('crm.companies').select(companyColumns).where('crm.companies.id', '=', id);
  if (!includeDeleted) q = q.where('crm.companies.deleted_at', 'is', null);
  return (await q.executeTakeFirst()) as CompanyRow | undefined;
}

/** Values written to crm.companies (validated and normalised). */
export interface CompanyValues {
  name?: string;
  domain?: string | null;
  industry?: string | null;
  emails?: LabelledEmail[];
  phones?: LabelledPhone[];
  addresses?: Address[];
  tags?: string[];
  notes?: string | null;
  owner_id?: string | null;
  source?: string | null;
  custom?: CustomValues;
}

const jsonColumns = (values: CompanyValues) => ({
  ...values,
  ...(values.emails ? { emails: JSON.stringify(values.emails) } : {}),
  ...(values.phones ? { phones: JSON.stringify(values.phones) } : {}),
  ...(values.addresses ? { addresses: JSON.stringify(values.addresses) } : {}),
  ...(values.custom ? { custom: JSON.stringify(values.custom) } : {}),
});

export async function insertCompany(
  db: Kysely<DB>,
  values: CompanyValues & { name: string },
  createdBy: string,
) {
  return (await db
    .insertInto('crm.companies')
    .values({ ...jsonColumns(values), name: values.name, created_by: createdBy })
    .returning(companyColumns)
    .executeTakeFirstOrThrow()) as CompanyRow;
}

export async function updateCompany(db: Kysely<DB>, id: string, values: CompanyValues) {
  return (await db
    .updateTable('crm.companies')
    .set(jsonColumns(values))
    .where('id', '=', id)
    .where('deleted_at', 'is', null)
    .returning(companyColumns)
    .executeTakeFirst()) as CompanyRow | undefined;
}

export async function deleteCompany(db: Kysely<DB>, id: string): Promise<boolean> {
  const result = await db
    .updateTable('crm.companies')
    .set({ deleted_at: sql`now()` })
    .where('id', '=', id)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export async function restoreCompany(db: Kysely<DB>, id: string) {
  return (await db
    .updateTable('crm.companies')
    .set({ deleted_at: null })
    .where('id', '=', id)
    .where('deleted_at', 'is not', null)
    .returning(companyColumns)
    .executeTakeFirst()) as CompanyRow | undefined;
}
