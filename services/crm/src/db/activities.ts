/**
 * @module db/activities
 * Queries on crm.activities (the timeline), shaped `(db, params)`. They run in the request's
 * transaction as the caller: Row Level Security scopes every statement to the caller's tenant
 * (and, for CLIENT members, to activities of records shared with them), so no query here filters
 * by tenant by hand. Deletion is soft (`deleted_at`); trashed activities leave the timeline.
 */
import type {
  Activity,
  ActivityCreate,
  ActivityListQuery,
  ActivityType,
  ActivityUpdate,
} from '@comptoir/contracts/crm/activities';
import type { DB } from '@comptoir/db/schema/crm';
import { decodeCursor, encodeCursor } from '@comptoir/service-kit/pagination';
import { type Kysely, sql } from 'kysely';
import { type Reference, referenceErrors } from './deals.js';
import { rfc3339 } from './lists.js';
import { validationProblem } from './pipelines.js';

/** Columns of an activity as the API returns it (timestamps RFC 3339, UTC). */
const activityColumns = [
  'crm.activities.id',
  sql<ActivityType>`crm.activities.type`.as('type'),
  'crm.activities.subject',
  'crm.activities.body',
  rfc3339('crm.activities.occurred_at').as('occurred_at'),
  'crm.activities.duration_minutes',
  'crm.activities.contact_id',
  'crm.activities.company_id',
  'crm.activities.deal_id',
  'crm.activities.created_by',
  rfc3339('crm.activities.created_at').as('created_at'),
  rfc3339('crm.activities.updated_at').as('updated_at'),
] as const;

/** The records an activity is attached to, checked as references (live, visible in the tenant). */
const attachments = (a: {
  contact_id?: string | null;
  company_id?: string | null;
  deal_id?: string | null;
}): Reference[] => [
  { kind: 'contact', id: a.contact_id, pointer: '#/contact_id' },
  { kind: 'company', id: a.company_id, pointer: '#/company_id' },
  { kind: 'deal', id: a.deal_id, pointer: '#/deal_id' },
];

/**
 * The timeline of a contact, a company and/or a deal (all given filters must match), newest
 * first by keyset on (occurred_at, id), served by the per-record (tenant_id, record, occurred_at)
 * indexes.
 */
export async function listActivities(db: Kysely<DB>, query: ActivityListQuery) {
  let q = db
    .selectFrom('crm.activities')
    .select(activityColumns)
    .where('crm.activities.deleted_at', 'is', null)
    .orderBy('crm.activities.occurred_at', 'desc')
    .orderBy('crm.activities.id', 'desc')
    .limit(query.limit + 1);
  if (query.contact_id) q = q.where('crm.activities.contact_id', '=', query.contact_id);
  if (query.company_id) q = q.where('crm.activities.company_id', '=', query.company_id);
  if (query.deal_id) q = q.where('crm.activities.deal_id', '=', query.deal_id);
  if (query.type) q = q.where('crm.activities.type', '=', query.type);
  if (query.cursor) {
    const after = decodeCursor(query.cursor);
    q = q.where(({ eb, refTuple, tuple }) =>
      eb(
        refTuple('crm.activities.occurred_at', 'crm.activities.id'),
        '<',
        tuple(sql<Date>`${String(after.v)}::timestamptz`, after.id),
      ),
    );
  }
  const rows: Activity[] = await q.execute();
  const more = rows.length > query.limit;
  const data = more ? rows.slice(0, query.limit) : rows;
  const last = data[data.length - 1];
  return { data, next_cursor: more && last ? encodeCursor({ v: last.occurred_at, id: last.id }) : null };
}

/** One live activity, or undefined (also for another tenant's id). */
export function getActivity(db: Kysely<DB>, id: string): Promise<Activity | undefined> {
  return db
    .selectFrom('crm.activities')
    .select(activityColumns)
    .where('crm.activities.id', '=', id)
    .where('crm.activities.deleted_at', 'is', null)
    .executeTakeFirst();
}

/**
 * Records an activity (occurred now unless `occurred_at` is given).
 *
 * @throws {HttpProblem} 422 when an attached record is not a live record of the tenant.
 */
export async function createActivity(
  db: Kysely<DB>,
  input: ActivityCreate & { created_by: string },
): Promise<Activity> {
  const errors = await referenceErrors(db, attachments(input));
  if (errors.length > 0) throw validationProblem(errors);
  return db
    .insertInto('crm.activities')
    .values({
      type: input.type,
      subject: input.subject ?? null,
      body: input.body ?? null,
      ...(input.occurred_at ? { occurred_at: input.occurred_at } : {}),
      duration_minutes: input.duration_minutes ?? null,
      contact_id: input.contact_id ?? null,
      company_id: input.company_id ?? null,
      deal_id: input.deal_id ?? null,
      created_by: input.created_by,
    })
    .returning(activityColumns)
    .executeTakeFirstOrThrow();
}

/**
 * Updates a live activity; it must stay attached to at least one record.
 *
 * @returns the activity; undefined when there is no live activity with this id.
 * @throws {HttpProblem} 422 when a newly attached record is not a live record of the tenant, or
 *   the change would detach it from every record.
 */
export async function updateActivity(
  db: Kysely<DB>,
  id: string,
  input: ActivityUpdate,
): Promise<Activity | undefined> {
  const current = await getActivity(db, id);
  if (!current) return undefined;
  const merged = { ...current, ...input };
  if (!merged.contact_id && !merged.company_id && !merged.deal_id) {
    throw validationProblem([
      { pointer: '#/contact_id', detail: 'Attach it to a contact, a company or a deal' },
    ]);
  }
  const errors = await referenceErrors(db, attachments(input));
  if (errors.length > 0) throw validationProblem(errors);
  return db
    .updateTable('crm.activities')
    .set(input)
    .where('id', '=', id)
    .where('deleted_at', 'is', null)
    .returning(activityColumns)
    .executeTakeFirst();
}

/** Moves a live activity to the trash; false when there is none with this id. */
export async function deleteActivity(db: Kysely<DB>, id: string): Promise<boolean> {
  const result = await db
    .updateTable('crm.activities')
    .set({ deleted_at: sql`now()` })
    .where('id', '=', id)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}
