/**
 * @module import/run
 * Running an import over its stored file, streamed end to end: chunks of about 1 MiB are read from
 * crm.import_chunks one query at a time, decoded, parsed (CSV or vCard), normalised and written in
 * batches (1,000 rows by default), each batch in its own transaction together with the import's
 * progress, so a crash loses at most the batch under way and a new run resumes after the last
 * committed batch. Memory stays bounded by a chunk and a batch, whatever the file's size.
 *
 * - {@link dryRunImport}: the same reading and decisions, in the request's transaction, writing
 *   nothing: the counts, the first rows, and every row's problems.
 * - {@link runImportJob}: the background run (a pg-boss job, see import/worker), acting as the
 *   member who started the import (its claims, RLS), after checking they may still import.
 */
import { randomUUID } from 'node:crypto';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { ImportColumnMapping } from '@comptoir/contracts/crm/imports';
import {
  DRY_RUN_MAX_PROBLEMS,
  type ImportDryRun,
  type ImportEncoding,
  type ImportPreviewRow,
  type ImportRowProblem,
} from '@comptoir/contracts/crm/imports';
import { roleHasPermission } from '@comptoir/contracts/permissions';
import { RequestDb } from '@comptoir/db/request-db';
import type { DB } from '@comptoir/db/schema/crm';
import type { Kysely } from 'kysely';
import type pg from 'pg';
import type { Logger } from 'pino';
import { csvRecords } from './csv.js';
import { decodeChunks } from './encoding.js';
import { type NormaliseContext, normaliseCsvRow, normaliseVcard } from './normalise.js';
import {
  contactCustomFields,
  getImport,
  type ImportRow,
  optionsOf,
  readChunk,
  readChunks,
  tenantCountry,
} from './store.js';
import { vcards } from './vcard.js';
import {
  type BatchCounts,
  dryRunBatch,
  EmailIndex,
  planBatch,
  type Queryable,
  type RunContext,
  type SourceRow,
  writeBatch,
} from './writer.js';

/** Rows per batch (and per transaction) of a run. */
export const BATCH_ROWS = 1000;

/** Where a run reads its file from. */
export type ChunkReader = (seq: number) => Promise<Uint8Array | undefined>;

/**
 * The rows of an import's file, normalised, in order.
 *
 * @param skip rows already done (a resumed run).
 * @param ignored receives what no field takes: vCard properties, or CSV columns left out that had
 * values (counted by name).
 */
export async function* importRows(
  row: ImportRow,
  read: ChunkReader,
  ctx: NormaliseContext,
  ignored: Map<string, number>,
  skip = 0,
): AsyncGenerator<SourceRow> {
  const chunks = readChunks(read, row.chunk_count);
  const encoding = row.encoding as ImportEncoding;
  if (row.format === 'vcard') {
    for await (const card of vcards(chunks, encoding)) {
      if (card.index <= skip) continue;
      yield { row: card.index, line: card.line, raw: card.raw, result: normaliseVcard(card, ctx, ignored) };
    }
    return;
  }
  const mapping = (row.mapping ?? []) as ImportColumnMapping[];
  const columns = (row.columns ?? []) as string[];
  const mapped = new Set(mapping.filter((m) => m.target).map((m) => m.column));
  const headerRows = row.has_header ? 1 : 0;
  const csvCtx = { ...ctx, mapping, columns };
  for await (const record of csvRecords(decodeChunks(chunks, encoding), (row.delimiter ?? ',') as ',')) {
    if (record.record <= headerRows && !record.error) continue;
    const n = record.record - headerRows;
    if (n <= skip) continue;
    if (record.error) {
      yield {
        row: n,
        line: record.line,
        raw: record.cells,
        result: { contact: null, errors: [record.error], warnings: [], nameFromEmail: false },
      };
      continue;
    }
    if (record.cells.every((c) => c === '')) {
      yield {
        row: n,
        line: record.line,
        raw: record.cells,
        result: { contact: null, errors: [], warnings: [], nameFromEmail: false },
        skipReason: 'Empty row',
      };
      continue;
    }
    record.cells.forEach((cell, i) => {
      if (cell !== '' && !mapped.has(i) && !mapping.some((m) => m.label_column === i)) {
        const name = columns[i] || `Column ${i + 1}`;
        ignored.set(name, (ignored.get(name) ?? 0) + 1);
      }
    });
    yield { row: n, line: record.line, raw: record.cells, result: normaliseCsvRow(record.cells, csvCtx) };
  }
}

/**
 * Rows of the file (CSV records after the header, or cards), for the progress bar: a scan of
 * the decoded text, far cheaper than parsing (non-empty lines outside quotes; BEGIN:VCARD lines).
 * The run ends with the exact count.
 */
export async function countRows(row: ImportRow, read: ChunkReader): Promise<number> {
  const text = decodeChunks(readChunks(read, row.chunk_count), row.encoding as ImportEncoding);
  let count = 0;
  if (row.format === 'vcard') {
    let tail = '';
    for await (const chunk of text) {
      const lines = (tail + chunk).split(/\r\n|\n|\r/);
      tail = lines.pop() ?? '';
      for (const line of lines) if (/^BEGIN\s*:\s*VCARD\s*$/i.test(line)) count++;
    }
    if (/^BEGIN\s*:\s*VCARD\s*$/i.test(tail)) count++;
    return count;
  }
  let quoted = false;
  let content = false;
  for await (const chunk of text) {
    for (let i = 0; i < chunk.length; i++) {
      const ch = chunk.charCodeAt(i);
      if (ch === 34) {
        quoted = !quoted;
        content = true;
      } else if (!quoted && (ch === 10 || ch === 13)) {
        if (content) count++;
        content = false;
      } else content = true;
    }
  }
  if (content) count++;
  return Math.max(0, count - (row.has_header ? 1 : 0));
}

/** Rows normalised between two turns of the event loop (see {@link batches}). */
const ROWS_PER_TURN = 50;

/**
 * Groups `items` in arrays of `size`. Every {@link ROWS_PER_TURN} items it lets the event loop turn:
 * rows read from a chunk already in memory come through promises that resolve at once, as
 * microtasks, which run before any I/O callback, so without these pauses the database's answers
 * for the batch being written waited until the read-ahead had normalised a whole chunk (about
 * 10,000 rows): the database then sat idle, and writing and normalising took turns instead of
 * overlapping.
 */
async function* batches<T>(items: AsyncIterable<T>, size: number): AsyncGenerator<T[]> {
  let batch: T[] = [];
  let sincePause = 0;
  for await (const item of items) {
    batch.push(item);
    if (++sincePause >= ROWS_PER_TURN) {
      sincePause = 0;
      await nextTurn();
    }
    if (batch.length >= size) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length) yield batch;
}

/** Iterates `items`, asking for the next item as soon as one is handed out (read-ahead of one). */
async function* prefetched<T>(items: AsyncIterable<T>): AsyncGenerator<T> {
  const iterator = items[Symbol.asyncIterator]();
  let next = iterator.next();
  try {
    for (;;) {
      const current = await next;
      if (current.done) return;
      next = iterator.next();
      // Keep a failure of the read-ahead from surfacing as unhandled before it is awaited.
      next.catch(() => {});
      yield current.value;
    }
  } finally {
    await iterator.return?.();
  }
}

/** What a run's rows are normalised with, read as the caller. */
export async function normaliseContext(db: Kysely<DB>, row: ImportRow) {
  const options = optionsOf(row);
  const customFields = await contactCustomFields(db);
  const country = (options.default_country ?? undefined) as NormaliseContext['country'] | undefined;
  return {
    options,
    ctx: {
      country: country ?? (await tenantCountry(db)),
      customFields,
      tags: options.tags,
    } satisfies NormaliseContext,
  };
}

const defaultSource = (row: ImportRow, source: string | null) =>
  source ?? `import: ${row.filename ?? (row.format === 'vcard' ? 'vCard file' : 'CSV file')}`.slice(0, 100);

/**
 * A dry run over the whole file, in the caller's transaction; writes nothing but the import's
 * row count.
 *
 * @param db the request's handle (queries and chunks).
 */
export async function dryRunImport(
  rdb: { db: Kysely<DB> } & Queryable,
  row: ImportRow,
  userId: string,
  batchRows = BATCH_ROWS,
): Promise<ImportDryRun> {
  const { options, ctx } = await normaliseContext(rdb.db, row);
  const run: RunContext = {
    dryRun: true,
    options,
    userId,
    defaultSource: defaultSource(row, options.source),
    customFields: ctx.customFields,
    plannedEmails: new Set(),
    plannedCompanies: new Set(),
    emails: new EmailIndex(),
    companyIds: new Map(),
  };
  await run.emails.load(rdb);
  const ignored = new Map<string, number>();
  const totals = { create: 0, update: 0, skip: 0, reject: 0, warnings: 0, companies_to_create: 0 };
  const preview: ImportPreviewRow[] = [];
  const problems: ImportRowProblem[] = [];
  let problemCount = 0;
  let total = 0;
  const read: ChunkReader = (seq) => readChunk(rdb.db, row.id, seq);
  for await (const batch of prefetched(batches(importRows(row, read, ctx, ignored), batchRows))) {
    const plan = await planBatch(rdb, batch, run);
    const counts = await dryRunBatch(rdb, plan, run);
    total += batch.length;
    totals.create += counts.created;
    totals.update += counts.updated;
    totals.skip += counts.skipped;
    totals.reject += counts.rejected;
    totals.warnings += counts.warnings;
    totals.companies_to_create += counts.companiesCreated;
    for (const { source, decision } of plan.decisions) {
      const reasons =
        decision.action === 'reject' || decision.action === 'skip' ? decision.reasons : decision.warnings;
      if (preview.length < 20) {
        preview.push({
          row: source.row,
          line: source.line,
          action: decision.action,
          contact: source.result.contact,
          matched_contact_id:
            decision.action === 'update' && decision.contactId
              ? decision.contactId
              : decision.action === 'skip'
                ? decision.contactId
                : null,
          reasons,
        });
      }
      if (reasons.length) {
        problemCount++;
        if (problems.length < DRY_RUN_MAX_PROBLEMS) {
          problems.push({
            row: source.row,
            line: source.line,
            outcome:
              decision.action === 'reject' ? 'rejected' : decision.action === 'skip' ? 'skipped' : 'warning',
            reasons,
          });
        }
      }
    }
  }
  await rdb.query('update crm.imports set total_rows = $2 where id = $1', [row.id, total]);
  return {
    total_rows: total,
    counts: totals,
    preview,
    problems,
    problems_truncated: problemCount > problems.length,
    ignored: Object.fromEntries(ignored),
  };
}

/** A job's request to run an import. */
export interface ImportJob {
  tenantId: string;
  importId: string;
  /** The member who started it: the job acts as them. */
  userId: string;
}

/** What the job needs. */
export interface ImportJobDeps {
  /** Pool of the CRM's login role. */
  pool: pg.Pool;
  logger: Logger;
  /** Rows per batch (default {@link BATCH_ROWS}). */
  batchRows?: number;
}

/** How a job ended. */
export type ImportJobOutcome = 'completed' | 'failed' | 'cancelled' | 'not-runnable';

/** Thrown when another run owns the import (pg-boss retries the job later). */
export class ImportBusyError extends Error {
  constructor() {
    super('another run of this import is in progress');
  }
}

class LostImportError extends Error {}

/** Data errors of PostgreSQL (classes 22 and 23): a row the database refuses, not a failure. */
const isDataError = (e: unknown) => {
  const code = (e as { code?: unknown })?.code;
  return typeof code === 'string' && (code.startsWith('22') || code.startsWith('23'));
};

/** A refused row's reason, without SQL. */
function refusal(e: unknown): string {
  const error = e as { code?: string; constraint?: string; message?: string };
  if (error.code === '23514' && /custom field/.test(error.message ?? ''))
    return `The database refused this row: ${error.message}`;
  return `The database refused this row${error.constraint ? ` (${error.constraint})` : ''}: ${error.code === '22001' ? 'a value is too long' : 'a value breaks a rule of contacts'}`;
}

/**
 * Runs an import as a background job, batch by batch, until the file is done or the import is
 * cancelled. Never throws for a failure of the import itself (it is recorded on the import as
 * `failed` with its error); throws {@link ImportBusyError} when another live run owns it.
 */
export async function runImportJob(deps: ImportJobDeps, job: ImportJob): Promise<ImportJobOutcome> {
  const batchRows = deps.batchRows ?? BATCH_ROWS;
  let claims = {
    sub: job.userId,
    role: 'authenticated',
    app_metadata: { tenant_id: job.tenantId, tenant_role: 'MEMBER' },
  };
  const open = (mode: 'read' | 'write') =>
    new RequestDb<DB>({
      pool: deps.pool,
      role: 'crm_authenticated',
      claims,
      requestId: `import:${job.importId}`,
      mode,
    });
  async function withDb<T>(mode: 'read' | 'write', work: (rdb: RequestDb<DB>) => Promise<T>): Promise<T> {
    const rdb = open(mode);
    try {
      const result = await work(rdb);
      await rdb.finish('commit');
      return result;
    } catch (error) {
      await rdb.finish('rollback');
      throw error;
    }
  }
  const log = deps.logger.child({ import_id: job.importId, tenant_id: job.tenantId });

  // The job acts as the member, with their current role: a member removed, or made CLIENT since,
  // can no longer import. Memberships are readable as any member of the tenant.
  const role = await withDb('read', async (rdb) => {
    const { rows } = await rdb.query<{ role: string }>(
      // The member's own memberships in other tenants are visible too: this tenant's only.
      'select role from platform.memberships where user_id = $1 and tenant_id = $2',
      [job.userId, job.tenantId],
    );
    return rows[0]?.role;
  });
  if (!role || !roleHasPermission(role, 'contacts:import')) {
    // Recorded on the import (as staff: the member's own role may no longer see it), not run.
    const failed = await withDb('write', (rdb) =>
      rdb.query(
        `update crm.imports set status = 'failed', error = $2, finished_at = now()
         where id = $1 and status = 'queued' returning id`,
        [job.importId, 'The member who started this import may no longer import contacts'],
      ),
    );
    return failed.rows.length ? 'failed' : 'not-runnable';
  }
  claims = { ...claims, app_metadata: { tenant_id: job.tenantId, tenant_role: role } };

  const token = randomUUID();
  const claimed = await withDb('write', async (rdb) => {
    const { rows } = await rdb.query<{ id: string }>(
      `update crm.imports set status = 'running', worker_token = $2, heartbeat_at = now(),
              started_at = coalesce(started_at, now()), error = null
       where id = $1 and (status = 'queued' or (status = 'running' and (heartbeat_at is null or heartbeat_at < now() - interval '30 seconds')))
       returning id`,
      [job.importId, token],
    );
    return rows.length > 0;
  }).catch(() => false);
  if (!claimed) {
    const current = await withDb('read', (rdb) => getImport(rdb.db, job.importId)).catch(() => undefined);
    if (current?.status === 'running') throw new ImportBusyError();
    return 'not-runnable';
  }

  const fail = async (message: string) => {
    await withDb('write', (rdb) =>
      rdb.query(
        `update crm.imports set status = 'failed', error = $3, finished_at = now(), worker_token = null
         where id = $1 and worker_token = $2`,
        [job.importId, token, message.slice(0, 2000)],
      ),
    );
    return 'failed' as const;
  };

  try {
    const row = await withDb('read', (rdb) => getImport(rdb.db, job.importId));
    if (!row) return 'not-runnable';
    const { options, ctx } = await withDb('read', (rdb) => normaliseContext(rdb.db, row));
    const read: ChunkReader = (seq) => withDb('read', (rdb) => readChunk(rdb.db, row.id, seq));

    if (row.total_rows === null) {
      const total = await countRows(row, read);
      await withDb('write', (rdb) =>
        rdb.query(
          'update crm.imports set total_rows = $3, heartbeat_at = now() where id = $1 and worker_token = $2',
          [row.id, token, total],
        ),
      );
    }

    const run: RunContext = {
      dryRun: false,
      options,
      userId: job.userId,
      defaultSource: defaultSource(row, options.source),
      customFields: ctx.customFields,
      plannedEmails: new Set(),
      plannedCompanies: new Set(),
      emails: new EmailIndex(),
      companyIds: new Map(),
    };
    await withDb('read', (rdb) => run.emails.load(rdb));
    const ignored = new Map<string, number>(Object.entries((row.ignored ?? {}) as Record<string, number>));
    let done = row.rows_done;
    // The next batch is read and normalised while the database writes this one.
    for await (const batch of prefetched(batches(importRows(row, read, ctx, ignored, done), batchRows))) {
      done = batch[batch.length - 1]!.row;
      await withDb('write', async (rdb) => {
        const { rows: owner } = await rdb.query<{ status: string; worker_token: string | null }>(
          'select status, worker_token from crm.imports where id = $1 for update',
          [row.id],
        );
        if (owner[0]?.status !== 'running' || owner[0].worker_token !== token) throw new LostImportError();
        await run.emails.refresh(rdb);
        const counts = await writeOrIsolate(rdb, row.id, batch, run);
        await rdb.query(
          `update crm.imports set rows_done = $3, created_count = created_count + $4, updated_count = updated_count + $5,
                  skipped_count = skipped_count + $6, rejected_count = rejected_count + $7,
                  warning_count = warning_count + $8, companies_created = companies_created + $9,
                  ignored = $10, heartbeat_at = now()
           where id = $1 and worker_token = $2`,
          [
            row.id,
            token,
            done,
            counts.created,
            counts.updated,
            counts.skipped,
            counts.rejected,
            counts.warnings,
            counts.companiesCreated,
            JSON.stringify(Object.fromEntries(ignored)),
          ],
        );
      });
    }

    // Done: the file is no longer needed (the rejected rows keep their raw text).
    await withDb('write', async (rdb) => {
      await rdb.query(
        `update crm.imports set status = 'completed', finished_at = now(), worker_token = null,
                total_rows = rows_done, ignored = $3
         where id = $1 and worker_token = $2`,
        [row.id, token, JSON.stringify(Object.fromEntries(ignored))],
      );
      await rdb.query('delete from crm.import_chunks where import_id = $1', [row.id]);
    });
    log.info({ rows: done }, 'import completed');
    return 'completed';
  } catch (error) {
    if (error instanceof LostImportError) {
      log.info('import cancelled or taken over: stopped');
      return 'cancelled';
    }
    log.error({ err: error }, 'import failed');
    return await fail(
      'The import stopped on an unexpected error; start it again to resume after the last saved batch',
    ).catch(() => 'failed' as const);
  }
}

/**
 * Writes a batch; when the database refuses it (a constraint the checks above missed), writes its
 * rows one by one, each in a savepoint, rejecting those it refuses with the reason.
 */
export async function writeOrIsolate(
  rdb: RequestDb<DB>,
  importId: string,
  batch: SourceRow[],
  run: RunContext,
): Promise<BatchCounts> {
  // Companies created in a savepoint that is rolled back no longer exist: forget them too.
  const companies = new Map(run.companyIds);
  const restore = () => {
    run.companyIds.clear();
    for (const [k, v] of companies) run.companyIds.set(k, v);
  };
  await rdb.query('savepoint import_batch');
  try {
    const counts = await writeBatch(rdb, importId, await planBatch(rdb, batch, run), run);
    await rdb.query('release savepoint import_batch');
    return counts;
  } catch (error) {
    if (!isDataError(error)) throw error;
    await rdb.query('rollback to savepoint import_batch');
    restore();
  }
  const total: BatchCounts = {
    created: 0,
    updated: 0,
    skipped: 0,
    rejected: 0,
    warnings: 0,
    companiesCreated: 0,
  };
  for (const source of batch) {
    await rdb.query('savepoint import_row');
    const before = new Map(run.companyIds);
    let counts: BatchCounts;
    try {
      counts = await writeBatch(rdb, importId, await planBatch(rdb, [source], run), run);
      await rdb.query('release savepoint import_row');
    } catch (error) {
      if (!isDataError(error)) throw error;
      await rdb.query('rollback to savepoint import_row');
      run.companyIds.clear();
      for (const [k, v] of before) run.companyIds.set(k, v);
      const refused: SourceRow = {
        ...source,
        result: { contact: null, errors: [refusal(error)], warnings: [], nameFromEmail: false },
      };
      counts = await writeBatch(rdb, importId, await planBatch(rdb, [refused], run), run);
    }
    for (const key of Object.keys(total) as Array<keyof BatchCounts>) total[key] += counts[key];
  }
  return total;
}
