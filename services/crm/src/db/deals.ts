/**
 * @module db/deals
 * Queries on crm.deals, shaped `(db, params)`: list, board, read with stage history, create,
 * update, trash and restore, and moves on the kanban board. They run in the request's transaction
 * as the caller: Row Level Security scopes every statement to the caller's tenant (and, for CLIENT
 * members, to the deals shared with them), so no query here filters by tenant by hand.
 *
 * Won/lost dates, the stage history and the `crm.deal.won` outbox event are written by the
 * database triggers on every stage change (`private.deals_stage_kind`, `private.deals_stage_moved`),
 * whatever path moved the deal; a deal's `status` is derived from those dates.
 *
 * Board order is a fractional `rank` (double precision, ascending) per stage: a deal moved
 * between two neighbours takes the midpoint of their ranks; when the gap gets below
 * {@link MIN_RANK_GAP} the stage's ranks are renumbered 1024 apart first. Writers of a stage's
 * ranks take a per-stage advisory lock, so concurrent moves cannot pick the same rank.
 */
import type { CustomValues } from '@comptoir/contracts/crm/common';
import type {
  Board,
  BoardQuery,
  Deal,
  DealCreate,
  DealDetail,
  DealListQuery,
  DealMove,
  DealStatus,
  DealTotals,
  DealUpdate,
  StageChange,
} from '@comptoir/contracts/crm/deals';
import type { ProblemError } from '@comptoir/contracts/problem';
import type { DB } from '@comptoir/db/schema/crm';
import { decodeCursor, encodeCursor } from '@comptoir/service-kit/pagination';
import { type Kysely, sql } from 'kysely';
import { customFieldErrors } from '../domain/custom-fields.js';
import { rfc3339 } from './lists.js';
import { ensureDefaultPipeline, stageColumns, validationProblem } from './pipelines.js';

/** Distance between consecutive ranks when a stage is (re)numbered, and of a deal added last. */
export const RANK_STEP = 1024;

/** Below this gap between two neighbours' ranks, the stage is renumbered before a move. */
export const MIN_RANK_GAP = 1e-6;

/** Columns of a deal as the API returns it (amounts as numbers, timestamps RFC 3339 UTC). */
export const dealColumns = [
  'crm.deals.id',
  'crm.deals.pipeline_id',
  'crm.deals.stage_id',
  sql<DealStatus>`case when crm.deals.won_at is not null then 'won' when crm.deals.lost_at is not null then 'lost' else 'open' end`.as(
    'status',
  ),
  'crm.deals.title',
  // bigint → exact JSON number (amounts are bounded to safe integers by the contract).
  sql<number>`crm.deals.amount_minor::float8`.as('amount_minor'),
  sql<string>`crm.deals.currency`.as('currency'),
  sql<string | null>`to_char(crm.deals.expected_close_date, 'YYYY-MM-DD')`.as('expected_close_date'),
  'crm.deals.company_id',
  'crm.deals.contact_id',
  'crm.deals.owner_id',
  'crm.deals.tags',
  'crm.deals.notes',
  sql<CustomValues>`crm.deals.custom`.as('custom'),
  'crm.deals.rank',
  rfc3339('crm.deals.won_at').as('won_at'),
  rfc3339('crm.deals.lost_at').as('lost_at'),
  'crm.deals.lost_reason',
  'crm.deals.created_by',
  rfc3339('crm.deals.created_at').as('created_at'),
  rfc3339('crm.deals.updated_at').as('updated_at'),
  rfc3339('crm.deals.deleted_at').as('deleted_at'),
] as const;

// References ------------------------------------------------------------------------------------

/** A referenced record to check: what it is, its id (null/undefined: nothing to check), where. */
export interface Reference {
  kind: 'contact' | 'company' | 'deal' | 'member';
  id: string | null | undefined;
  pointer: string;
}

const REFERENCE_SQL = {
  contact: (id: string) =>
    sql`exists (select 1 from crm.contacts where id = ${id}::uuid and deleted_at is null)`,
  company: (id: string) =>
    sql`exists (select 1 from crm.companies where id = ${id}::uuid and deleted_at is null)`,
  deal: (id: string) => sql`exists (select 1 from crm.deals where id = ${id}::uuid and deleted_at is null)`,
  // The memberships the caller sees are their tenant's, plus their own in other tenants: for
  // their own id the answer is the same (they are a member of the current tenant).
  member: (id: string) => sql`exists (select 1 from platform.memberships where user_id = ${id}::uuid)`,
} as const;

const REFERENCE_DETAIL = {
  contact: 'No contact with this id',
  company: 'No company with this id',
  deal: 'No deal with this id',
  member: 'Not a member of this tenant',
} as const;

/**
 * Which referenced records the caller cannot see (missing, trashed, or another tenant's), in one
 * statement. The composite foreign keys remain the safety net.
 *
 * @returns one error per missing reference, at its pointer (e.g. `#/contact_id`).
 */
export async function referenceErrors(db: Kysely<DB>, references: Reference[]): Promise<ProblemError[]> {
  const checks = references.filter((r): r is Reference & { id: string } => typeof r.id === 'string');
  if (checks.length === 0) return [];
  const { rows } = await sql<Record<string, boolean>>`select ${sql.join(
    checks.map((r, i) => sql`${REFERENCE_SQL[r.kind](r.id)} as ${sql.ref(`r${i}`)}`),
  )}`.execute(db);
  const found = rows[0] ?? {};
  return checks
    .filter((_, i) => found[`r${i}`] !== true)
    .map((r) => ({ pointer: r.pointer, detail: REFERENCE_DETAIL[r.kind] }));
}

/** Errors of custom values against the tenant's deal fields (`partial` for an update). */
async function customErrors(db: Kysely<DB>, values: CustomValues, partial: boolean): Promise<ProblemError[]> {
  const definitions = await db
    .selectFrom('crm.custom_fields')
    .select(['key', 'label', 'type', 'options', 'required'])
    .where('entity', '=', 'deal')
    .execute();
  return customFieldErrors(values, definitions, partial);
}

/**
 * The caller's tenant's currency (ISO 4217). platform.tenants shows every tenant the user belongs
 * to (for the tenant switcher), so the current one is picked with the function the policies use.
 */
export async function tenantCurrency(db: Kysely<DB>): Promise<string> {
  const { rows } = await sql<{ currency: string }>`
    select currency from platform.tenants where id = (select private.current_tenant_id())`.execute(db);
  return rows[0]?.currency ?? 'EUR';
}

// Ranks ---------------------------------------------------------------------------------------------

/** Serialises writers of a stage's ranks until the end of the transaction. */
async function lockStageRanks(db: Kysely<DB>, stageId: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtext(${`crm.deal_rank:${stageId}`}::text))`.execute(db);
}

/** The rank after a stage's last live deal (`except`: a deal being moved, not counted). */
async function rankAtEnd(db: Kysely<DB>, stageId: string, except?: string): Promise<number> {
  let q = db
    .selectFrom('crm.deals')
    .select(sql<number | null>`max(crm.deals.rank)`.as('max'))
    .where('crm.deals.stage_id', '=', stageId)
    .where('crm.deals.deleted_at', 'is', null);
  if (except) q = q.where('crm.deals.id', '<>', except);
  const row = await q.executeTakeFirst();
  return (row?.max ?? 0) + RANK_STEP;
}

/** Renumbers a stage's live deals (but `except`) 1024 apart, keeping their order. */
async function renumberStage(db: Kysely<DB>, stageId: string, except: string): Promise<void> {
  await sql`
    update crm.deals d set rank = o.n * ${RANK_STEP}::float8
    from (
      select id, row_number() over (order by rank, id) as n from crm.deals
      where stage_id = ${stageId}::uuid and deleted_at is null and id <> ${except}::uuid
    ) o
    where d.id = o.id and d.rank <> o.n * ${RANK_STEP}::float8`.execute(db);
}

/**
 * The ranks between which a deal goes: after `afterId`'s deal and before `beforeId`'s; a missing
 * side is the neighbour of the given one (or a step beyond when there is none).
 *
 * @throws {HttpProblem} 422 when a neighbour is not a live deal of the stage (other than the one
 *   moved), or `after_id` comes after `before_id`.
 */
async function neighbourRanks(
  db: Kysely<DB>,
  stageId: string,
  dealId: string,
  afterId: string | undefined,
  beforeId: string | undefined,
): Promise<{ low: number; high: number }> {
  const ids = [afterId, beforeId].filter((id): id is string => id !== undefined);
  const rows = await db
    .selectFrom('crm.deals')
    .select(['id', 'rank'])
    .where('id', 'in', ids)
    .where('stage_id', '=', stageId)
    .where('deleted_at', 'is', null)
    .where('id', '<>', dealId)
    .execute();
  const after = rows.find((r) => r.id === afterId);
  const before = rows.find((r) => r.id === beforeId);
  const errors: ProblemError[] = [];
  if (afterId && !after)
    errors.push({ pointer: '#/after_id', detail: 'Not another deal of the target stage' });
  if (beforeId && !before)
    errors.push({ pointer: '#/before_id', detail: 'Not another deal of the target stage' });
  if (errors.length > 0) throw validationProblem(errors);

  const live = () =>
    db
      .selectFrom('crm.deals')
      .select('crm.deals.rank')
      .where('crm.deals.stage_id', '=', stageId)
      .where('crm.deals.deleted_at', 'is', null)
      .where('crm.deals.id', '<>', dealId);
  if (after && before) {
    if (after.rank > before.rank || (after.rank === before.rank && after.id > before.id)) {
      throw validationProblem([
        { pointer: '#/after_id', detail: 'after_id must come before before_id on the board' },
      ]);
    }
    return { low: after.rank, high: before.rank };
  }
  if (after) {
    const next = await live()
      .where(({ eb, refTuple, tuple }) =>
        eb(refTuple('crm.deals.rank', 'crm.deals.id'), '>', tuple(after.rank, after.id)),
      )
      .orderBy('crm.deals.rank')
      .orderBy('crm.deals.id')
      .limit(1)
      .executeTakeFirst();
    return { low: after.rank, high: next?.rank ?? after.rank + 2 * RANK_STEP };
  }
  const previous = await live()
    .where(({ eb, refTuple, tuple }) =>
      eb(refTuple('crm.deals.rank', 'crm.deals.id'), '<', tuple(before!.rank, before!.id)),
    )
    .orderBy('crm.deals.rank', 'desc')
    .orderBy('crm.deals.id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return { low: previous?.rank ?? before!.rank - 2 * RANK_STEP, high: before!.rank };
}

/**
 * The rank of a deal placed in a stage (call with the stage's rank lock held): last without
 * neighbours, else the midpoint of its neighbours' ranks, renumbering the stage first when they
 * are closer than {@link MIN_RANK_GAP}.
 */
async function rankFor(
  db: Kysely<DB>,
  stageId: string,
  dealId: string,
  afterId: string | undefined,
  beforeId: string | undefined,
): Promise<number> {
  if (!afterId && !beforeId) return rankAtEnd(db, stageId, dealId);
  for (let attempt = 0; attempt < 2; attempt++) {
    const { low, high } = await neighbourRanks(db, stageId, dealId, afterId, beforeId);
    const middle = low + (high - low) / 2;
    if (high - low >= MIN_RANK_GAP && middle > low && middle < high) return middle;
    await renumberStage(db, stageId, dealId);
  }
  throw new Error('no rank found after renumbering the stage');
}

// Reads -------------------------------------------------------------------------------------------

/**
 * A page of deals, newest first (the trash: newest deletion first), by keyset on
 * (created_at | deleted_at, id), served by the (tenant_id, created_at, id) index.
 */
export async function listDeals(db: Kysely<DB>, query: DealListQuery) {
  const trash = query.deleted === 'only';
  const sortColumn = trash ? 'crm.deals.deleted_at' : 'crm.deals.created_at';
  let q = db
    .selectFrom('crm.deals')
    .select(dealColumns)
    .where('crm.deals.deleted_at', trash ? 'is not' : 'is', null)
    .orderBy(sortColumn, 'desc')
    .orderBy('crm.deals.id', 'desc')
    .limit(query.limit + 1);
  if (query.pipeline_id) q = q.where('crm.deals.pipeline_id', '=', query.pipeline_id);
  if (query.stage_id) q = q.where('crm.deals.stage_id', '=', query.stage_id);
  if (query.owner_id) q = q.where('crm.deals.owner_id', '=', query.owner_id);
  if (query.contact_id) q = q.where('crm.deals.contact_id', '=', query.contact_id);
  if (query.company_id) q = q.where('crm.deals.company_id', '=', query.company_id);
  if (query.status === 'won') q = q.where('crm.deals.won_at', 'is not', null);
  if (query.status === 'lost') q = q.where('crm.deals.lost_at', 'is not', null);
  if (query.status === 'open')
    q = q.where('crm.deals.won_at', 'is', null).where('crm.deals.lost_at', 'is', null);
  if (query.cursor) {
    const after = decodeCursor(query.cursor);
    q = q.where(({ eb, refTuple, tuple }) =>
      eb(
        refTuple(sortColumn, 'crm.deals.id'),
        '<',
        tuple(sql<Date>`${String(after.v)}::timestamptz`, after.id),
      ),
    );
  }
  const rows: Deal[] = await q.execute();
  const more = rows.length > query.limit;
  const data = more ? rows.slice(0, query.limit) : rows;
  const last = data[data.length - 1];
  return {
    data,
    next_cursor:
      more && last
        ? encodeCursor({ v: (trash ? last.deleted_at : last.created_at) ?? '', id: last.id })
        : null,
  };
}

/** One live deal, or undefined (also for another tenant's id, or a deal not shared with a CLIENT). */
export function getDeal(db: Kysely<DB>, id: string): Promise<Deal | undefined> {
  return db
    .selectFrom('crm.deals')
    .select(dealColumns)
    .where('crm.deals.id', '=', id)
    .where('crm.deals.deleted_at', 'is', null)
    .executeTakeFirst();
}

/** One live deal with its stage history (oldest first), or undefined. */
export async function getDealDetail(db: Kysely<DB>, id: string): Promise<DealDetail | undefined> {
  const deal = await getDeal(db, id);
  if (!deal) return undefined;
  const stage_history: StageChange[] = await db
    .selectFrom('crm.deal_stage_history')
    .select([
      'crm.deal_stage_history.from_stage_id',
      'crm.deal_stage_history.to_stage_id',
      'crm.deal_stage_history.moved_by',
      rfc3339('crm.deal_stage_history.moved_at').as('moved_at'),
    ])
    .where('crm.deal_stage_history.deal_id', '=', id)
    .orderBy('crm.deal_stage_history.moved_at')
    .orderBy('crm.deal_stage_history.id')
    .execute();
  return { ...deal, stage_history };
}

/** Totals of rows `(currency, count, amount)` for a stage of probability `probability` percent. */
function totalsOf(
  rows: Array<{ currency: string; n: number; amount: number }>,
  probability: number,
): DealTotals {
  return {
    count: rows.reduce((sum, r) => sum + r.n, 0),
    amounts: rows
      .map((r) => ({
        currency: r.currency,
        amount_minor: r.amount,
        weighted_amount_minor: Math.round((r.amount * probability) / 100),
      }))
      .sort((a, b) => a.currency.localeCompare(b.currency)),
  };
}

/** Adds totals of several stages (by currency; weighted sums add up as they are). */
function addTotals(all: DealTotals[]): DealTotals {
  const byCurrency = new Map<string, { amount_minor: number; weighted_amount_minor: number }>();
  for (const t of all) {
    for (const a of t.amounts) {
      const sum = byCurrency.get(a.currency) ?? { amount_minor: 0, weighted_amount_minor: 0 };
      sum.amount_minor += a.amount_minor;
      sum.weighted_amount_minor += a.weighted_amount_minor;
      byCurrency.set(a.currency, sum);
    }
  }
  return {
    count: all.reduce((sum, t) => sum + t.count, 0),
    amounts: [...byCurrency]
      .map(([currency, sums]) => ({ currency, ...sums }))
      .sort((a, b) => a.currency.localeCompare(b.currency)),
  };
}

/**
 * The kanban board of a pipeline: its stages in order, each with its first `deals_per_stage` live
 * deals by rank (one index range scan per stage) and totals over all of them: count, sum of
 * amounts per currency and the sum weighted by the stage's probability (rounded per stage and
 * currency to a minor unit). `owner_id` narrows deals and totals to a member's deals.
 *
 * @returns undefined when there is no pipeline with this id.
 */
export async function getBoard(
  db: Kysely<DB>,
  pipelineId: string,
  query: BoardQuery,
): Promise<Board | undefined> {
  const pipeline = await db
    .selectFrom('crm.pipelines')
    .select(['id', 'name', 'position'])
    .where('id', '=', pipelineId)
    .executeTakeFirst();
  if (!pipeline) return undefined;
  const stages = await db
    .selectFrom('crm.stages')
    .select(stageColumns)
    .where('crm.stages.pipeline_id', '=', pipelineId)
    .orderBy('crm.stages.position')
    .orderBy('crm.stages.created_at')
    .orderBy('crm.stages.id')
    .execute();
  const deals: Deal[] = await db
    .selectFrom('crm.stages')
    .innerJoinLateral(
      (eb) => {
        let sub = eb
          .selectFrom('crm.deals')
          .select(dealColumns)
          .whereRef('crm.deals.stage_id', '=', 'crm.stages.id')
          .where('crm.deals.deleted_at', 'is', null);
        if (query.owner_id) sub = sub.where('crm.deals.owner_id', '=', query.owner_id);
        return sub
          .orderBy('crm.deals.rank')
          .orderBy('crm.deals.id')
          .limit(query.deals_per_stage + 1)
          .as('d');
      },
      (join) => join.onTrue(),
    )
    .selectAll('d')
    .where('crm.stages.pipeline_id', '=', pipelineId)
    .orderBy('d.stage_id')
    .orderBy('d.rank')
    .orderBy('d.id')
    .execute();
  let totalsQuery = db
    .selectFrom('crm.deals')
    .select([
      'crm.deals.stage_id',
      sql<string>`crm.deals.currency`.as('currency'),
      sql<number>`count(*)::int`.as('n'),
      sql<number>`sum(crm.deals.amount_minor)::float8`.as('amount'),
    ])
    .where('crm.deals.pipeline_id', '=', pipelineId)
    .where('crm.deals.deleted_at', 'is', null)
    .groupBy(['crm.deals.stage_id', 'crm.deals.currency']);
  if (query.owner_id) totalsQuery = totalsQuery.where('crm.deals.owner_id', '=', query.owner_id);
  const sums = await totalsQuery.execute();

  const columns = stages.map((stage) => {
    const inStage = deals.filter((d) => d.stage_id === stage.id);
    return {
      stage,
      deals: inStage.slice(0, query.deals_per_stage),
      has_more: inStage.length > query.deals_per_stage,
      totals: totalsOf(
        sums.filter((s) => s.stage_id === stage.id),
        stage.probability,
      ),
    };
  });
  return { pipeline, columns, totals: addTotals(columns.map((c) => c.totals)) };
}

// Writes -----------------------------------------------------------------------------------------

/** The stage a deal goes to, or the errors that prevent it. */
async function resolveStage(
  db: Kysely<DB>,
  stageId: string | undefined,
  pipelineId: string | undefined,
): Promise<{ stage?: { id: string; pipeline_id: string; kind: string }; errors: ProblemError[] }> {
  const stages = db
    .selectFrom('crm.stages')
    .select(['crm.stages.id', 'crm.stages.pipeline_id', 'crm.stages.kind']);
  if (stageId) {
    const stage = await stages.where('crm.stages.id', '=', stageId).executeTakeFirst();
    if (!stage) return { errors: [{ pointer: '#/stage_id', detail: 'No stage with this id' }] };
    if (pipelineId && stage.pipeline_id !== pipelineId) {
      return { errors: [{ pointer: '#/stage_id', detail: 'This stage belongs to another pipeline' }] };
    }
    return { stage, errors: [] };
  }
  if (!pipelineId) await ensureDefaultPipeline(db);
  const pipeline = await db
    .selectFrom('crm.pipelines')
    .select('id')
    .$if(pipelineId !== undefined, (q) => q.where('id', '=', pipelineId!))
    .orderBy('crm.pipelines.position')
    .orderBy('crm.pipelines.created_at')
    .orderBy('crm.pipelines.id')
    .limit(1)
    .executeTakeFirst();
  if (!pipeline) return { errors: [{ pointer: '#/pipeline_id', detail: 'No pipeline with this id' }] };
  const stage = await stages
    .where('crm.stages.pipeline_id', '=', pipeline.id)
    .where('crm.stages.kind', '=', 'open')
    .orderBy('crm.stages.position')
    .orderBy('crm.stages.created_at')
    .orderBy('crm.stages.id')
    .limit(1)
    .executeTakeFirst();
  if (!stage) {
    return {
      errors: [
        { pointer: pipelineId ? '#/pipeline_id' : '#/stage_id', detail: 'This pipeline has no open stage' },
      ],
    };
  }
  return { stage, errors: [] };
}

/** A lost reason is only for a deal in a lost stage (null, clearing it, always passes). */
const lostReasonError = (kind: string, lostReason: string | null | undefined): ProblemError[] =>
  lostReason != null && kind !== 'lost'
    ? [{ pointer: '#/lost_reason', detail: 'Only a lost deal has a lost reason' }]
    : [];

/** Custom values without their null entries (null removes a key). */
const withoutNulls = (values: CustomValues): CustomValues =>
  Object.fromEntries(Object.entries(values).filter(([, v]) => v !== null));

/**
 * Creates a deal at the end of its stage: the given stage, else the first open stage of the given
 * pipeline, else of the tenant's first pipeline (created on first use); currency defaults to the
 * tenant's. Creating it in a won stage emits `crm.deal.won`.
 *
 * @throws {HttpProblem} 422 listing every invalid reference (stage, pipeline, contact, company,
 *   owner), custom value and a lost reason outside a lost stage.
 */
export async function createDeal(db: Kysely<DB>, input: DealCreate & { created_by: string }): Promise<Deal> {
  const { stage, errors } = await resolveStage(db, input.stage_id, input.pipeline_id);
  errors.push(
    ...(stage ? lostReasonError(stage.kind, input.lost_reason) : []),
    ...(await referenceErrors(db, [
      { kind: 'contact', id: input.contact_id, pointer: '#/contact_id' },
      { kind: 'company', id: input.company_id, pointer: '#/company_id' },
      { kind: 'member', id: input.owner_id, pointer: '#/owner_id' },
    ])),
    ...(await customErrors(db, input.custom, false)),
  );
  if (errors.length > 0 || !stage) throw validationProblem(errors);
  const currency = input.currency ?? (await tenantCurrency(db));
  await lockStageRanks(db, stage.id);
  const rank = await rankAtEnd(db, stage.id);
  return db
    .insertInto('crm.deals')
    .values({
      pipeline_id: stage.pipeline_id,
      stage_id: stage.id,
      title: input.title,
      amount_minor: input.amount_minor,
      currency,
      expected_close_date: input.expected_close_date ?? null,
      company_id: input.company_id ?? null,
      contact_id: input.contact_id ?? null,
      owner_id: input.owner_id ?? null,
      tags: input.tags,
      notes: input.notes ?? null,
      custom: JSON.stringify(withoutNulls(input.custom)),
      rank,
      lost_reason: input.lost_reason ?? null,
      created_by: input.created_by,
    })
    .returning(dealColumns)
    .executeTakeFirstOrThrow();
}

/**
 * Updates a live deal's fields (not its stage: see {@link moveDeal}); custom values are merged
 * into the stored ones. Never emits `crm.deal.won`.
 *
 * @returns the deal; undefined when there is no live deal with this id.
 * @throws {HttpProblem} 422 for invalid references, custom values, or a lost reason on a deal
 *   that is not lost.
 */
export async function updateDeal(db: Kysely<DB>, id: string, input: DealUpdate): Promise<Deal | undefined> {
  const current = await getDeal(db, id);
  if (!current) return undefined;
  const errors = [
    ...lostReasonError(current.status, input.lost_reason),
    ...(await referenceErrors(db, [
      { kind: 'contact', id: input.contact_id, pointer: '#/contact_id' },
      { kind: 'company', id: input.company_id, pointer: '#/company_id' },
      { kind: 'member', id: input.owner_id, pointer: '#/owner_id' },
    ])),
    ...(input.custom ? await customErrors(db, input.custom, true) : []),
  ];
  if (errors.length > 0) throw validationProblem(errors);
  const { custom, ...fields } = input;
  return db
    .updateTable('crm.deals')
    .set({
      ...fields,
      ...(custom ? { custom: JSON.stringify(withoutNulls({ ...current.custom, ...custom })) } : {}),
    })
    .where('id', '=', id)
    .where('deleted_at', 'is', null)
    .returning(dealColumns)
    .executeTakeFirst();
}

/**
 * Moves a live deal to a stage (of any pipeline: the deal follows the stage's pipeline) and a
 * position (see {@link DealMove}). Reaching a won stage from a stage that is not won emits exactly
 * one `crm.deal.won`; a move within the stage only changes the rank.
 *
 * @returns the deal; undefined when there is no live deal with this id.
 * @throws {HttpProblem} 422 for an unknown stage (`#/stage_id`), neighbours that are not deals of
 *   the target stage (`#/after_id`, `#/before_id`), a lost reason outside a lost stage.
 */
export async function moveDeal(db: Kysely<DB>, id: string, input: DealMove): Promise<Deal | undefined> {
  const deal = await getDeal(db, id);
  if (!deal) return undefined;
  const { stage, errors } = await resolveStage(db, input.stage_id, undefined);
  if (stage) errors.push(...lostReasonError(stage.kind, input.lost_reason));
  if (errors.length > 0 || !stage) throw validationProblem(errors);
  await lockStageRanks(db, stage.id);
  const rank = await rankFor(db, stage.id, id, input.after_id, input.before_id);
  return db
    .updateTable('crm.deals')
    .set({
      pipeline_id: stage.pipeline_id,
      stage_id: stage.id,
      rank,
      ...(input.lost_reason !== undefined ? { lost_reason: input.lost_reason } : {}),
    })
    .where('id', '=', id)
    .where('deleted_at', 'is', null)
    .returning(dealColumns)
    .executeTakeFirst();
}

/** Moves a live deal to the trash; false when there is none with this id. */
export async function deleteDeal(db: Kysely<DB>, id: string): Promise<boolean> {
  const result = await db
    .updateTable('crm.deals')
    .set({ deleted_at: sql`now()` })
    .where('id', '=', id)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Restores a deal from the trash (same stage and rank); undefined when it is not in the trash. */
export function restoreDeal(db: Kysely<DB>, id: string): Promise<Deal | undefined> {
  return db
    .updateTable('crm.deals')
    .set({ deleted_at: null })
    .where('id', '=', id)
    .where('deleted_at', 'is not', null)
    .returning(dealColumns)
    .executeTakeFirst();
}
