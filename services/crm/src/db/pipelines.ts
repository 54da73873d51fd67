/**
 * @module db/pipelines
 * Queries on crm.pipelines and crm.stages, shaped `(db, params)`. They run in the request's
 * transaction as the caller: Row Level Security scopes every statement to the caller's tenant, so
 * no query here filters by tenant by hand (another tenant's id simply finds nothing).
 *
 * Stage positions are dense (0, 1, 2, … within a pipeline): adding, removing and reordering
 * stages keep them so. Statements that change a pipeline's stages first lock the pipeline row, so
 * two concurrent edits cannot interleave their position shifts.
 */

import type {
  Pipeline,
  PipelineCreate,
  PipelineUpdate,
  Stage,
  StageCreate,
  StageInput,
  StageKind,
  StageUpdate,
} from '@comptoir/contracts/crm/pipelines';
import type { ProblemError } from '@comptoir/contracts/problem';
import type { DB } from '@comptoir/db/schema/crm';
import { HttpProblem } from '@comptoir/service-kit';
import { type Kysely, sql } from 'kysely';
import { rfc3339 } from './lists.js';

/**
 * A 422 problem listing every invalid field (`pointer` as JSON Pointer, e.g. `#/stage_id`), as
 * the validation hook answers for schema errors.
 */
export function validationProblem(errors: ProblemError[]): HttpProblem {
  return new HttpProblem(422, {
    type: 'validation-error',
    title: 'Your request is not valid',
    detail: errors.length === 1 ? errors[0]!.detail : `${errors.length} fields are not valid`,
    errors,
  });
}

/** The stages a pipeline gets when none are given (the same as the tenant's first pipeline). */
export const DEFAULT_STAGES: readonly Required<StageInput>[] = [
  { name: 'Lead', kind: 'open', probability: 10 },
  { name: 'Qualified', kind: 'open', probability: 25 },
  { name: 'Proposal', kind: 'open', probability: 50 },
  { name: 'Negotiation', kind: 'open', probability: 75 },
  { name: 'Won', kind: 'won', probability: 100 },
  { name: 'Lost', kind: 'lost', probability: 0 },
];

/** Columns of a stage as the API returns it (timestamps RFC 3339, UTC). */
export const stageColumns = [
  'crm.stages.id',
  'crm.stages.pipeline_id',
  'crm.stages.name',
  'crm.stages.position',
  sql<StageKind>`crm.stages.kind`.as('kind'),
  'crm.stages.probability',
  rfc3339('crm.stages.created_at').as('created_at'),
  rfc3339('crm.stages.updated_at').as('updated_at'),
] as const;

/** A pipeline's stages in board order, as a JSON array (one statement for pipelines and stages). */
const stagesJson = sql<Stage[]>`coalesce((
  select json_agg(json_build_object(
    'id', s.id, 'pipeline_id', s.pipeline_id, 'name', s.name, 'position', s.position, 'kind', s.kind,
    'probability', s.probability,
    'created_at', to_char(s.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
    'updated_at', to_char(s.updated_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')
  ) order by s.position, s.created_at, s.id)
  from crm.stages s where s.pipeline_id = crm.pipelines.id
), '[]'::json)`;

const pipelineColumns = [
  'crm.pipelines.id',
  'crm.pipelines.name',
  'crm.pipelines.position',
  stagesJson.as('stages'),
  rfc3339('crm.pipelines.created_at').as('created_at'),
  rfc3339('crm.pipelines.updated_at').as('updated_at'),
] as const;

/**
 * Creates the tenant's "Sales" pipeline (six stages) unless it has a pipeline already; safe to
 * call concurrently (the function takes a per-tenant advisory lock).
 */
export async function ensureDefaultPipeline(db: Kysely<DB>): Promise<void> {
  await sql`select crm.ensure_default_pipeline()`.execute(db);
}

/**
 * Every pipeline with its stages, in order (position, then creation). Creates the default
 * pipeline first when the tenant has none, so the list is never empty.
 */
export async function listPipelines(db: Kysely<DB>): Promise<Pipeline[]> {
  await ensureDefaultPipeline(db);
  return db
    .selectFrom('crm.pipelines')
    .select(pipelineColumns)
    .orderBy('crm.pipelines.position')
    .orderBy('crm.pipelines.created_at')
    .orderBy('crm.pipelines.id')
    .execute();
}

/** One pipeline with its stages, or undefined (also for another tenant's id). */
export async function getPipeline(db: Kysely<DB>, id: string): Promise<Pipeline | undefined> {
  return db
    .selectFrom('crm.pipelines')
    .select(pipelineColumns)
    .where('crm.pipelines.id', '=', id)
    .executeTakeFirst();
}

/** Locks a pipeline row until the end of the transaction; false when there is no such pipeline. */
async function lockPipeline(db: Kysely<DB>, id: string): Promise<boolean> {
  const row = await db
    .selectFrom('crm.pipelines')
    .select('id')
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
  return row !== undefined;
}

/** A stage's probability when none is given: 100 for a won stage, else 0. */
const probabilityOf = (stage: StageInput) => stage.probability ?? (stage.kind === 'won' ? 100 : 0);

/**
 * Creates a pipeline with its stages (default: {@link DEFAULT_STAGES}) after the last pipeline
 * unless `position` is given.
 */
export async function createPipeline(db: Kysely<DB>, input: PipelineCreate): Promise<Pipeline> {
  let position = input.position;
  if (position === undefined) {
    const last = await db
      .selectFrom('crm.pipelines')
      .select(sql<number | null>`max(position)`.as('max'))
      .executeTakeFirst();
    position = last?.max == null ? 0 : last.max + 1;
  }
  const pipeline = await db
    .insertInto('crm.pipelines')
    .values({ name: input.name, position })
    .returning('id')
    .executeTakeFirstOrThrow();
  const stages = input.stages ?? DEFAULT_STAGES;
  await db
    .insertInto('crm.stages')
    .values(
      stages.map((s, i) => ({
        pipeline_id: pipeline.id,
        name: s.name,
        kind: s.kind,
        probability: probabilityOf(s),
        position: i,
      })),
    )
    .execute();
  return (await getPipeline(db, pipeline.id))!;
}

/** Renames or repositions a pipeline; undefined when there is none with this id. */
export async function updatePipeline(
  db: Kysely<DB>,
  id: string,
  input: PipelineUpdate,
): Promise<Pipeline | undefined> {
  const row = await db
    .updateTable('crm.pipelines')
    .set(input)
    .where('id', '=', id)
    .returning('id')
    .executeTakeFirst();
  return row && getPipeline(db, id);
}

/** Number of deals (trashed ones included: they still reference their stage) matching a filter. */
async function countDeals(db: Kysely<DB>, column: 'pipeline_id' | 'stage_id', id: string): Promise<number> {
  const row = await db
    .selectFrom('crm.deals')
    .select(sql<number>`count(*)::int`.as('n'))
    .where(column, '=', id)
    .executeTakeFirstOrThrow();
  return row.n;
}

/**
 * Deletes a pipeline and its stages.
 *
 * @returns false when there is no pipeline with this id.
 * @throws {HttpProblem} 409 `last-pipeline` for the tenant's only pipeline; 409
 *   `pipeline-has-deals` while deals (trashed ones included) are in it.
 */
export async function deletePipeline(db: Kysely<DB>, id: string): Promise<boolean> {
  if (!(await lockPipeline(db, id))) return false;
  const { n } = await db
    .selectFrom('crm.pipelines')
    .select(sql<number>`count(*)::int`.as('n'))
    .executeTakeFirstOrThrow();
  if (n <= 1) {
    throw new HttpProblem(409, { type: 'last-pipeline', detail: 'A tenant keeps at least one pipeline' });
  }
  const deals = await countDeals(db, 'pipeline_id', id);
  if (deals > 0) {
    throw new HttpProblem(409, {
      type: 'pipeline-has-deals',
      detail: `This pipeline still holds ${deals} deal(s), trashed ones included; move them first`,
      extensions: { deal_count: deals },
    });
  }
  await db.deleteFrom('crm.pipelines').where('id', '=', id).execute();
  return true;
}

/** One stage of a pipeline, or undefined. */
export function getStage(db: Kysely<DB>, pipelineId: string, stageId: string): Promise<Stage | undefined> {
  return db
    .selectFrom('crm.stages')
    .select(stageColumns)
    .where('crm.stages.id', '=', stageId)
    .where('crm.stages.pipeline_id', '=', pipelineId)
    .executeTakeFirst();
}

/**
 * Adds a stage at `position` (0 first; default and beyond the end: last), shifting the stages
 * from there one place down.
 *
 * @returns the stage; undefined when there is no pipeline with this id.
 */
export async function createStage(
  db: Kysely<DB>,
  pipelineId: string,
  input: StageCreate,
): Promise<Stage | undefined> {
  if (!(await lockPipeline(db, pipelineId))) return undefined;
  const { n } = await db
    .selectFrom('crm.stages')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('pipeline_id', '=', pipelineId)
    .executeTakeFirstOrThrow();
  const position = Math.min(input.position ?? n, n);
  await db
    .updateTable('crm.stages')
    .set({ position: sql`position + 1` })
    .where('pipeline_id', '=', pipelineId)
    .where('position', '>=', position)
    .execute();
  return db
    .insertInto('crm.stages')
    .values({
      pipeline_id: pipelineId,
      name: input.name,
      kind: input.kind,
      probability: probabilityOf(input),
      position,
    })
    .returning(stageColumns)
    .executeTakeFirstOrThrow();
}

/**
 * Renames a stage, changes its probability or its kind.
 *
 * @returns the stage; undefined when the pipeline has no stage with this id.
 * @throws {HttpProblem} 409 `stage-has-deals` when changing the kind of a stage holding deals
 *   (their won/lost dates and the `crm.deal.won` event follow moves, not kind changes).
 */
export async function updateStage(
  db: Kysely<DB>,
  pipelineId: string,
  stageId: string,
  input: StageUpdate,
): Promise<Stage | undefined> {
  const current = await getStage(db, pipelineId, stageId);
  if (!current) return undefined;
  if (input.kind !== undefined && input.kind !== current.kind) {
    const deals = await countDeals(db, 'stage_id', stageId);
    if (deals > 0) {
      throw new HttpProblem(409, {
        type: 'stage-has-deals',
        detail: `The kind of a stage holding deals cannot change (${deals} deal(s)); move them first`,
        extensions: { deal_count: deals },
      });
    }
  }
  return db
    .updateTable('crm.stages')
    .set(input)
    .where('id', '=', stageId)
    .where('pipeline_id', '=', pipelineId)
    .returning(stageColumns)
    .executeTakeFirst();
}

/**
 * Puts a pipeline's stages in the given order.
 *
 * @param stageIds every stage id of the pipeline, once each, in their new order.
 * @returns the pipeline; undefined when there is no pipeline with this id.
 * @throws {HttpProblem} 422 (`#/stage_ids`) when the ids are not exactly the pipeline's stages.
 */
export async function reorderStages(
  db: Kysely<DB>,
  pipelineId: string,
  stageIds: string[],
): Promise<Pipeline | undefined> {
  if (!(await lockPipeline(db, pipelineId))) return undefined;
  const current = await db
    .selectFrom('crm.stages')
    .select('id')
    .where('pipeline_id', '=', pipelineId)
    .execute();
  const known = new Set(current.map((s) => s.id));
  if (stageIds.length !== known.size || !stageIds.every((id) => known.has(id))) {
    throw validationProblem([
      { pointer: '#/stage_ids', detail: `Give each of the pipeline's ${known.size} stage ids exactly once` },
    ]);
  }
  await sql`
    update crm.stages s set position = o.ordinality - 1
    from unnest(${stageIds}::uuid[]) with ordinality as o (id, ordinality)
    where s.id = o.id and s.pipeline_id = ${pipelineId} and s.position <> o.ordinality - 1`.execute(db);
  return getPipeline(db, pipelineId);
}

/**
 * Deletes a stage and closes the gap in the positions.
 *
 * @param moveDealsTo a stage of the same pipeline that first receives the stage's deals (trashed
 *   ones included), after its own, in their order. Moving to a won stage emits `crm.deal.won`
 *   for each deal, as any move does.
 * @returns false when the pipeline has no stage with this id.
 * @throws {HttpProblem} 409 `last-stage` for a pipeline's only stage; 409 `stage-has-deals`
 *   while it holds deals and no `moveDealsTo` is given; 422 (`#/query/move_deals_to`) when that
 *   stage is not another stage of the pipeline.
 */
export async function deleteStage(
  db: Kysely<DB>,
  pipelineId: string,
  stageId: string,
  moveDealsTo?: string,
): Promise<boolean> {
  if (!(await lockPipeline(db, pipelineId))) return false;
  const stages = await db
    .selectFrom('crm.stages')
    .select(['id', 'position'])
    .where('pipeline_id', '=', pipelineId)
    .execute();
  const stage = stages.find((s) => s.id === stageId);
  if (!stage) return false;
  if (stages.length <= 1) {
    throw new HttpProblem(409, { type: 'last-stage', detail: 'A pipeline keeps at least one stage' });
  }
  if (moveDealsTo !== undefined && (moveDealsTo === stageId || !stages.some((s) => s.id === moveDealsTo))) {
    throw validationProblem([
      { pointer: '#/query/move_deals_to', detail: 'Must be another stage of the same pipeline' },
    ]);
  }
  const deals = await countDeals(db, 'stage_id', stageId);
  if (deals > 0) {
    if (moveDealsTo === undefined) {
      throw new HttpProblem(409, {
        type: 'stage-has-deals',
        detail: `This stage still holds ${deals} deal(s), trashed ones included; move them or give move_deals_to`,
        extensions: { deal_count: deals },
      });
    }
    // After the target's last deal, 1024 apart, in their current order.
    await sql`
      update crm.deals d set stage_id = ${moveDealsTo}::uuid, rank = o.base + o.n * 1024
      from (
        select id, row_number() over (order by rank, id) as n,
          coalesce((select max(t.rank) from crm.deals t where t.stage_id = ${moveDealsTo}::uuid), 0) as base
        from crm.deals where stage_id = ${stageId}::uuid
      ) o
      where d.id = o.id`.execute(db);
  }
  await db.deleteFrom('crm.stages').where('id', '=', stageId).execute();
  await db
    .updateTable('crm.stages')
    .set({ position: sql`position - 1` })
    .where('pipeline_id', '=', pipelineId)
    .where('position', '>', stage.position)
    .execute();
  return true;
}
