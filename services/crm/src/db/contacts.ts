/**
 * @module db/contacts
 * Queries on crm.contacts, shaped `(db, params)`. They run inside the request's transaction as
 * the caller: Row Level Security scopes every statement to the caller's tenant (and, for CLIENT
 * members, to what is shared with them), so no query here filters by tenant by hand.
 */
import type { Address, CustomValues, LabelledEmail, LabelledPhone } from '@comptoir/contracts/crm/common';
import type { Contact, ContactListQuery } from '@comptoir/contracts/crm/contacts';
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

/** Columns of a contact as the API returns it (timestamps RFC 3339, UTC). */
export const contactColumns = [
  'crm.contacts.id',
  'crm.contacts.first_name',
  'crm.contacts.last_name',
  'crm.contacts.job_title',
  'crm.contacts.company_id',
  'crm.contacts.company_name',
  'crm.contacts.emails',
  'crm.contacts.phones',
  'crm.contacts.addresses',
  'crm.contacts.tags',
  'crm.contacts.notes',
  'crm.contacts.owner_id',
  'crm.contacts.source',
  'crm.contacts.custom',
  rfc3339('crm.contacts.created_at').as('created_at'),
  rfc3339('crm.contacts.updated_at').as('updated_at'),
  rfc3339('crm.contacts.deleted_at').as('deleted_at'),
] as const;

/** A selected contact row. */
export interface ContactRow {
  id: string;
  first_name: string;
  last_name: string;
  job_title: string | null;
  company_id: string | null;
  company_name: string | null;
  emails: unknown;
  phones: unknown;
  addresses: unknown;
  tags: string[];
  notes: string | null;
  owner_id: string | null;
  source: string | null;
  custom: unknown;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
}

/** The API shape of a row. */
export function toContact(row: ContactRow): Contact {
  return {
    id: row.id,
    first_name: row.first_name,
    last_name: row.last_name,
    display_name: `${row.first_name} ${row.last_name}`.trim(),
    job_title: row.job_title,
    company: row.company_id ? { id: row.company_id, name: row.company_name ?? '' } : null,
    emails: (row.emails ?? []) as LabelledEmail[],
    phones: (row.phones ?? []) as LabelledPhone[],
    addresses: (row.addresses ?? []) as Address[],
    tags: row.tags ?? [],
    notes: row.notes,
    owner_id: row.owner_id,
    source: row.source,
    custom: (row.custom ?? {}) as CustomValues,
    created_at: row.created_at,
    updated_at: row.updated_at,
    deleted_at: row.deleted_at,
  };
}

/**
 * The list statement: filters, sort and keyset cursor, `limit + 1` rows, each with its `_sort`
 * value for the next cursor.
 */
export function listContactsQuery(db: Kysely<DB>, query: ContactListQuery) {
  const q = searchable(query.q) ? query.q : undefined;
  const orders = sortOrders('crm.contacts', sql`crm.contacts.name_key`, q !== undefined);
  const order = orders[query.sort ?? (q ? 'relevance' : '-created_at')] ?? orders['-created_at']!;
  let builder = db
    .selectFrom('crm.contacts')
    .select([...contactColumns, sql<string>`(${order.expression})::text`.as('_sort')])
    .where('crm.contacts.deleted_at', query.deleted === 'only' ? 'is not' : 'is', null)
    .orderBy(order.expression, order.direction)
    .orderBy('crm.contacts.id', order.direction)
    .limit(query.limit + 1);
  if (q) {
    const cap = searchMatchCap(query);
    // A capped page in relevance order picks its rows among the ranked matches (see joinSearch).
    const top =
      cap !== null && order === orders.relevance
        ? { rows: query.limit + 1, cursor: query.cursor }
        : undefined;
    builder = joinSearch(builder, 'crm.search_contacts', 'crm.contacts', q, cap, top);
  }
  if (query.tag) builder = builder.where(sql<boolean>`crm.contacts.tags @> array[${query.tag}]::text[]`);
  if (query.owner_id) builder = builder.where('crm.contacts.owner_id', '=', query.owner_id);
  if (query.company_id) builder = builder.where('crm.contacts.company_id', '=', query.company_id);
  if (query.created_from)
    builder = builder.where('crm.contacts.created_at', '>=', new Date(query.created_from));
  if (query.created_to) builder = builder.where('crm.contacts.created_at', '<', new Date(query.created_to));
  if (query.updated_from)
    builder = builder.where('crm.contacts.updated_at', '>=', new Date(query.updated_from));
  if (query.updated_to) builder = builder.where('crm.contacts.updated_at', '<', new Date(query.updated_to));
  if (query.cursor) builder = builder.where(afterCursor(order, 'crm.contacts.id', query.cursor));
  return builder;
}

/**
 * A page of contacts.
 *
 * @returns at most `limit` contacts and the cursor of the next page (null on the last one).
 */
export async function listContacts(db: Kysely<DB>, query: ContactListQuery) {
  const rows = (await listContactsQuery(db, query).execute()) as Array<ContactRow & { _sort: string | null }>;
  const more = rows.length > query.limit;
  const page = more ? rows.slice(0, query.limit) : rows;
  return { data: page.map(toContact), next_cursor: more ? cursorOf(page[page.length - 1]!) : null };
}

/** One contact (live, or in the trash with `includeDeleted`), or undefined (also for another tenant's id). */
export async function getContact(
  db: Kysely<DB>,
  id: string,
  includeDeleted = false,
): Promise<ContactRow | undefined> {
  let q = db.selectFrom('crm.contacts').select(contactColumns).where('crm.contacts.id', '=', id);
  if (!includeDeleted) q = q.where('crm.contacts.deleted_at', 'is', null);
  return (await q.executeTakeFirst()) as ContactRow | undefined;
}

/** Values written to crm.contacts (already validated and normalised). */
export interface ContactValues {
  first_name?: string;
  last_name?: string;
  job_title?: string | null;
  company_id?: string | null;
  emails?: LabelledEmail[];
  phones?: LabelledPhone[];
  addresses?: Address[];
  tags?: string[];
  notes?: string | null;
  owner_id?: string | null;
  source?: string | null;
  custom?: CustomValues;
}

const jsonColumns = (values: ContactValues) => ({
  ...values,
  ...(values.emails ? { emails: JSON.stringify(values.emails) } : {}),
  ...(values.phones ? { phones: JSON.stringify(values.phones) } : {}),
  ...(values.addresses ? { addresses: JSON.stringify(values.addresses) } : {}),
  ...(values.custom ? { custom: JSON.stringify(values.custom) } : {}),
});

/** Inserts a contact in the caller's tenant (tenant_id defaults from the claims). */
export async function insertContact(
  db: Kysely<DB>,
  values: ContactValues,
  createdBy: string,
): Promise<ContactRow> {
  return (await db
    .insertInto('crm.contacts')
    .values({ ...jsonColumns(values), created_by: createdBy })
    .returning(contactColumns)
    .executeTakeFirstOrThrow()) as ContactRow;
}

/** Updates a live contact; undefined when there is none with this id in the tenant. */
export async function updateContact(db: Kysely<DB>, id: string, values: ContactValues) {
  return (await db
    .updateTable('crm.contacts')
    .set(jsonColumns(values))
    .where('id', '=', id)
    .where('deleted_at', 'is', null)
    .returning(contactColumns)
    .executeTakeFirst()) as ContactRow | undefined;
}

/** Soft-deletes (moves to the trash); false when there is no live contact with this id. */
export async function deleteContact(db: Kysely<DB>, id: string): Promise<boolean> {
  const result = await db
    .updateTable('crm.contacts')
    .set({ deleted_at: sql`now()` })
    .where('id', '=', id)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Restores a contact from the trash; undefined when it is not in the trash (or was merged away). */
export async function restoreContact(db: Kysely<DB>, id: string) {
  return (await db
    .updateTable('crm.contacts')
    .set({ deleted_at: null })
    .where('id', '=', id)
    .where('deleted_at', 'is not', null)
    .where('merged_into_id', 'is', null)
    .returning(contactColumns)
    .executeTakeFirst()) as ContactRow | undefined;
}
