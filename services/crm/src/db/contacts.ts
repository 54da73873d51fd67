/**
 * @module db/contacts
 * Queries on crm.contacts, shaped `(db, params)`. They run inside the request's transaction as
 * the caller: Row Level Security scopes every statement to the caller's tenant, so no query here
 * filters by tenant by hand.
 */
import type { ContactCreate, ContactListQuery, ContactUpdate } from '@comptoir/contracts/crm/contacts';
import type { DB } from '@comptoir/db/schema/crm';
import { decodeCursor, toPage } from '@comptoir/service-kit/pagination';
import { type Kysely, sql } from 'kysely';

/** A contact as the API returns it (timestamps as RFC 3339 strings, UTC). */
export interface ContactRow {
  id: string;
  first_name: string;
  last_name: string;
  email: string | null;
  phone: string | null;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
}

const columns = [
  'id',
  'first_name',
  'last_name',
  'email',
  'phone',
  sql<string>`to_char(created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`.as('created_at'),
  sql<string>`to_char(updated_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`.as('updated_at'),
  sql<string | null>`to_char(deleted_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`.as(
    'deleted_at',
  ),
] as const;

/**
 * The list statement: newest first, by keyset on (created_at, id), `limit + 1` rows; the trash
 * (`deleted: 'only'`) newest deletion first. Served by the partial (tenant_id, created_at, id)
 * index without sorting.
 */
export function listContactsQuery(db: Kysely<DB>, query: ContactListQuery) {
  const trash = query.deleted === 'only';
  // Qualified: a bare "created_at" in ORDER BY would name the formatted text column of the
  // select list, which no index can serve (every page would sort the whole tenant).
  const sortColumn = trash ? 'crm.contacts.deleted_at' : 'crm.contacts.created_at';
  let q = db
    .selectFrom('crm.contacts')
    .select(columns)
    .where('deleted_at', trash ? 'is not' : 'is', null)
    .orderBy(sortColumn, 'desc')
    .orderBy('crm.contacts.id', 'desc')
    .limit(query.limit + 1);
  if (query.cursor) {
    const after = decodeCursor(query.cursor);
    q = q.where(({ eb, refTuple, tuple }) =>
      eb(
        refTuple(sortColumn, 'crm.contacts.id'),
        '<',
        tuple(sql<Date>`${String(after.v)}::timestamptz`, after.id),
      ),
    );
  }
  return q;
}

/**
 * A page of contacts (see {@link listContactsQuery}).
 *
 * @returns at most `limit` contacts and the cursor of the next page (null on the last one).
 */
export async function listContacts(db: Kysely<DB>, query: ContactListQuery) {
  const rows = (await listContactsQuery(db, query).execute()) as ContactRow[];
  return toPage(rows, query.limit, (r) => (query.deleted === 'only' ? r.deleted_at! : r.created_at));
}

/** One live contact, or undefined (also for another tenant's id: RLS hides it). */
export async function getContact(db: Kysely<DB>, id: string): Promise<ContactRow | undefined> {
  return (await db
    .selectFrom('crm.contacts')
    .select(columns)
    .where('id', '=', id)
    .where('deleted_at', 'is', null)
    .executeTakeFirst()) as ContactRow | undefined;
}

/** Inserts a contact in the caller's tenant (tenant_id defaults from the claims). */
export async function createContact(db: Kysely<DB>, input: ContactCreate & { created_by: string }) {
  return (await db
    .insertInto('crm.contacts')
    .values({
      first_name: input.first_name,
      last_name: input.last_name,
      email: input.email ?? null,
      phone: input.phone ?? null,
      created_by: input.created_by,
    })
    .returning(columns)
    .executeTakeFirstOrThrow()) as ContactRow;
}

/** Updates a live contact; undefined when there is none with this id in the tenant. */
export async function updateContact(db: Kysely<DB>, id: string, input: ContactUpdate) {
  return (await db
    .updateTable('crm.contacts')
    .set(input)
    .where('id', '=', id)
    .where('deleted_at', 'is', null)
    .returning(columns)
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

/** Restores a contact from the trash; undefined when it is not in the trash. */
export async function restoreContact(db: Kysely<DB>, id: string) {
  return (await db
    .updateTable('crm.contacts')
    .set({ deleted_at: null })
    .where('id', '=', id)
    .where('deleted_at', 'is not', null)
    .returning(columns)
    .executeTakeFirst()) as ContactRow | undefined;
}
