/**
 * @module db/tasks
 * Queries on crm.tasks, shaped `(db, params)`. They run in the request's transaction as the
 * caller: Row Level Security scopes every statement to the caller's tenant (and, for CLIENT
 * members, to their own tasks and those of records shared with them), so no query here filters by
 * tenant by hand. `completed_at` follows the status (trigger `private.tasks_completion`); deletion
 * is soft (`deleted_at`).
 */
import type {
  Task,
  TaskCreate,
  TaskListQuery,
  TaskPriority,
  TaskStatus,
  TaskUpdate,
} from '@comptoir/contracts/crm/tasks';
import type { DB } from '@comptoir/db/schema/crm';
import { decodeCursor, encodeCursor } from '@comptoir/service-kit/pagination';
import { type Kysely, sql } from 'kysely';
import { type Reference, referenceErrors } from './deals.js';
import { rfc3339 } from './lists.js';
import { validationProblem } from './pipelines.js';

/** Statuses of a task still to do (an overdue task is one of these). */
const PENDING = ['open', 'in_progress'] as const;

/** Columns of a task as the API returns it (timestamps RFC 3339, UTC). */
const taskColumns = [
  'crm.tasks.id',
  'crm.tasks.title',
  'crm.tasks.description',
  'crm.tasks.assignee_id',
  rfc3339('crm.tasks.due_at').as('due_at'),
  sql<TaskStatus>`crm.tasks.status`.as('status'),
  sql<TaskPriority>`crm.tasks.priority`.as('priority'),
  sql<boolean>`coalesce(crm.tasks.due_at < now() and crm.tasks.status in ('open', 'in_progress'), false)`.as(
    'overdue',
  ),
  'crm.tasks.contact_id',
  'crm.tasks.company_id',
  'crm.tasks.deal_id',
  rfc3339('crm.tasks.completed_at').as('completed_at'),
  'crm.tasks.created_by',
  rfc3339('crm.tasks.created_at').as('created_at'),
  rfc3339('crm.tasks.updated_at').as('updated_at'),
] as const;

/** The assignee and the records a task is about, checked as references. */
const references = (t: {
  assignee_id?: string | null;
  contact_id?: string | null;
  company_id?: string | null;
  deal_id?: string | null;
}): Reference[] => [
  { kind: 'member', id: t.assignee_id, pointer: '#/assignee_id' },
  { kind: 'contact', id: t.contact_id, pointer: '#/contact_id' },
  { kind: 'company', id: t.company_id, pointer: '#/company_id' },
  { kind: 'deal', id: t.deal_id, pointer: '#/deal_id' },
];

/**
 * A page of tasks by due time, soonest first, tasks without a due time last, then by id; keyset
 * on (due_at, id) served by the (tenant_id, due_at, id) index. The cursor's value is the due time
 * of the last row, or '' when it had none.
 *
 * Views: `mine` keeps the caller's tasks (`userId`); `overdue` those due before now and still
 * open or in progress; `all` everything the caller can see.
 */
export async function listTasks(db: Kysely<DB>, query: TaskListQuery & { userId: string }) {
  let q = db
    .selectFrom('crm.tasks')
    .select(taskColumns)
    .where('crm.tasks.deleted_at', 'is', null)
    .orderBy('crm.tasks.due_at', (o) => o.asc().nullsLast())
    .orderBy('crm.tasks.id')
    .limit(query.limit + 1);
  if (query.view === 'mine') q = q.where('crm.tasks.assignee_id', '=', query.userId);
  if (query.view === 'overdue') {
    q = q.where('crm.tasks.due_at', '<', sql<Date>`now()`).where('crm.tasks.status', 'in', [...PENDING]);
  }
  if (query.status) q = q.where('crm.tasks.status', '=', query.status);
  if (query.priority) q = q.where('crm.tasks.priority', '=', query.priority);
  if (query.assignee_id) q = q.where('crm.tasks.assignee_id', '=', query.assignee_id);
  if (query.contact_id) q = q.where('crm.tasks.contact_id', '=', query.contact_id);
  if (query.company_id) q = q.where('crm.tasks.company_id', '=', query.company_id);
  if (query.deal_id) q = q.where('crm.tasks.deal_id', '=', query.deal_id);
  if (query.cursor) {
    const after = decodeCursor(query.cursor);
    q =
      after.v === ''
        ? q.where('crm.tasks.due_at', 'is', null).where('crm.tasks.id', '>', after.id)
        : q.where(({ eb, or, refTuple, tuple }) =>
            or([
              eb(
                refTuple('crm.tasks.due_at', 'crm.tasks.id'),
                '>',
                tuple(sql<Date>`${String(after.v)}::timestamptz`, after.id),
              ),
              eb('crm.tasks.due_at', 'is', null),
            ]),
          );
  }
  const rows: Task[] = await q.execute();
  const more = rows.length > query.limit;
  const data = more ? rows.slice(0, query.limit) : rows;
  const last = data[data.length - 1];
  return { data, next_cursor: more && last ? encodeCursor({ v: last.due_at ?? '', id: last.id }) : null };
}

/** One live task, or undefined (also for another tenant's id). */
export function getTask(db: Kysely<DB>, id: string): Promise<Task | undefined> {
  return db
    .selectFrom('crm.tasks')
    .select(taskColumns)
    .where('crm.tasks.id', '=', id)
    .where('crm.tasks.deleted_at', 'is', null)
    .executeTakeFirst();
}

/**
 * Creates a task.
 *
 * @throws {HttpProblem} 422 when the assignee is not a member of the tenant, or a record it is
 *   about is not a live record of the tenant.
 */
export async function createTask(db: Kysely<DB>, input: TaskCreate & { created_by: string }): Promise<Task> {
  const errors = await referenceErrors(db, references(input));
  if (errors.length > 0) throw validationProblem(errors);
  return db
    .insertInto('crm.tasks')
    .values({
      title: input.title,
      description: input.description ?? null,
      assignee_id: input.assignee_id ?? null,
      due_at: input.due_at ?? null,
      status: input.status,
      priority: input.priority,
      contact_id: input.contact_id ?? null,
      company_id: input.company_id ?? null,
      deal_id: input.deal_id ?? null,
      created_by: input.created_by,
    })
    .returning(taskColumns)
    .executeTakeFirstOrThrow();
}

/**
 * Updates a live task; a status change to `done` sets `completed_at`, any other clears it.
 *
 * @returns the task; undefined when there is no live task with this id.
 * @throws {HttpProblem} 422 for an assignee or record that is not in the tenant.
 */
export async function updateTask(db: Kysely<DB>, id: string, input: TaskUpdate): Promise<Task | undefined> {
  const refs = references(input);
  if (refs.some((r) => r.id)) {
    // Another tenant's task is a 404 whatever the body says.
    if (!(await getTask(db, id))) return undefined;
    const errors = await referenceErrors(db, refs);
    if (errors.length > 0) throw validationProblem(errors);
  }
  return db
    .updateTable('crm.tasks')
    .set(input)
    .where('id', '=', id)
    .where('deleted_at', 'is', null)
    .returning(taskColumns)
    .executeTakeFirst();
}

/** Moves a live task to the trash; false when there is none with this id. */
export async function deleteTask(db: Kysely<DB>, id: string): Promise<boolean> {
  const result = await db
    .updateTable('crm.tasks')
    .set({ deleted_at: sql`now()` })
    .where('id', '=', id)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}
