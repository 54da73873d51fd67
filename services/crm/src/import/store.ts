/**
 * @module import/store
 * Queries on crm.imports, crm.import_chunks and crm.import_rejections, shaped `(db, params)`.
 * They run as the caller (a request, or a job acting for the member who started the import):
 * Row Level Security scopes every statement to the tenant, so none filters by tenant by hand.
 */
import type {
  Import,
  ImportColumn,
  ImportColumnMapping,
  ImportOptions,
  ImportRejection,
} from '@comptoir/contracts/crm/imports';
import { ImportOptionsSchema } from '@comptoir/contracts/crm/imports';
import type { DB } from '@comptoir/db/schema/crm';
import { decodeCursor, encodeCursor } from '@comptoir/service-kit/pagination';
import { type Kysely, sql } from 'kysely';
import type { CountryCode } from 'libphonenumber-js';
import type { CustomFieldDefinition } from '../domain/custom-fields.js';
import { countryOfLocale } from '../domain/phones.js';

/** Size of the chunks an uploaded file is stored in (bytes). */
export const CHUNK_BYTES = 1024 * 1024;

const ts = (column: string) =>
  sql<string | null>`to_char(${sql.ref(column)} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/** Columns of crm.imports the API and the job read. */
export const importColumns = [
  'id',
  'format',
  'filename',
  'content_type',
  'size_bytes',
  'chunk_count',
  'status',
  'encoding',
  'delimiter',
  'has_header',
  'columns',
  'sample',
  'detected_source',
  'mapping',
  'options',
  'total_rows',
  'rows_done',
  'created_count',
  'updated_count',
  'skipped_count',
  'rejected_count',
  'warning_count',
  'companies_created',
  'ignored',
  'error',
  'created_by',
  ts('crm.imports.created_at').as('created_at'),
  ts('crm.imports.updated_at').as('updated_at'),
  ts('crm.imports.queued_at').as('queued_at'),
  ts('crm.imports.started_at').as('started_at'),
  ts('crm.imports.finished_at').as('finished_at'),
] as const;

/** An import row as selected by {@link importColumns}. */
export interface ImportRow {
  id: string;
  format: string;
  filename: string | null;
  content_type: string | null;
  size_bytes: string | number;
  chunk_count: number;
  status: string;
  encoding: string;
  delimiter: string | null;
  has_header: boolean | null;
  columns: unknown;
  sample: unknown;
  detected_source: string | null;
  mapping: unknown;
  options: unknown;
  total_rows: number | null;
  rows_done: number;
  created_count: number;
  updated_count: number;
  skipped_count: number;
  rejected_count: number;
  warning_count: number;
  companies_created: number;
  ignored: unknown;
  error: string | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
  queued_at: string | null;
  started_at: string | null;
  finished_at: string | null;
}

/** The options of a row, with their defaults. */
export const optionsOf = (row: Pick<ImportRow, 'options'>): ImportOptions =>
  ImportOptionsSchema.parse({ ...((row.options ?? {}) as object) });

/** Column names and sample values, in the API's shape. */
export function columnsOf(row: Pick<ImportRow, 'columns' | 'sample'>): ImportColumn[] {
  const names = (row.columns ?? []) as string[];
  const sample = (row.sample ?? []) as string[][];
  return names.map((name, index) => ({ index, name, samples: sample.map((r) => r[index] ?? '') }));
}

/** The API shape of an import. */
export function toImport(row: ImportRow): Import {
  const total = row.total_rows;
  const percent =
    row.status === 'completed'
      ? 100
      : total
        ? Math.min(100, Math.floor((row.rows_done / total) * 1000) / 10)
        : 0;
  return {
    id: row.id,
    format: row.format as Import['format'],
    filename: row.filename,
    content_type: row.content_type,
    size_bytes: Number(row.size_bytes),
    status: row.status as Import['status'],
    encoding: row.encoding as Import['encoding'],
    delimiter: row.delimiter as Import['delimiter'],
    has_header: row.has_header,
    detected_source: row.detected_source,
    columns: columnsOf(row),
    mapping: (row.mapping ?? []) as ImportColumnMapping[],
    options: optionsOf(row),
    progress: { total_rows: total, rows_done: row.rows_done, percent },
    counts: {
      created: row.created_count,
      updated: row.updated_count,
      skipped: row.skipped_count,
      rejected: row.rejected_count,
      warnings: row.warning_count,
      companies_created: row.companies_created,
    },
    ignored: (row.ignored ?? {}) as Record<string, number>,
    error: row.error,
    created_by: row.created_by,
    created_at: row.created_at,
    updated_at: row.updated_at,
    queued_at: row.queued_at,
    started_at: row.started_at,
    finished_at: row.finished_at,
  };
}

/** One import, or undefined (also for another tenant's id: RLS hides it). */
export async function getImport(db: Kysely<DB>, id: string, lock = false): Promise<ImportRow | undefined> {
  let q = db.selectFrom('crm.imports').select(importColumns).where('id', '=', id);
  if (lock) q = q.forUpdate();
  return (await q.executeTakeFirst()) as ImportRow | undefined;
}

/** Imports, newest first, by keyset on (created_at, id). */
export async function listImports(db: Kysely<DB>, query: { cursor?: string | undefined; limit: number }) {
  let q = db
    .selectFrom('crm.imports')
    .select([...importColumns, sql<string>`crm.imports.created_at::text`.as('_sort')])
    .orderBy('crm.imports.created_at', 'desc')
    .orderBy('crm.imports.id', 'desc')
    .limit(query.limit + 1);
  if (query.cursor) {
    const after = decodeCursor(query.cursor);
    q = q.where(
      sql<boolean>`(crm.imports.created_at, crm.imports.id) < (${String(after.v)}::timestamptz, ${after.id}::uuid)`,
    );
  }
  const rows = (await q.execute()) as Array<ImportRow & { _sort: string }>;
  const more = rows.length > query.limit;
  const page = more ? rows.slice(0, query.limit) : rows;
  const last = page[page.length - 1];
  return {
    data: page.map(toImport),
    next_cursor: more && last ? encodeCursor({ v: last._sort, id: last.id }) : null,
  };
}

/** A page of an import's rejected, skipped and warned rows, in file order. */
export async function listRejections(
  db: Kysely<DB>,
  importId: string,
  query: { cursor?: string | undefined; limit: number; outcome?: string | undefined; outcomes?: string[] },
) {
  let q = db
    .selectFrom('crm.import_rejections')
    .select([
      sql<string>`id::text`.as('id'),
      'row_number',
      'line',
      'outcome',
      'reasons',
      'raw',
      'contact_id',
      ts('crm.import_rejections.created_at').as('created_at'),
    ])
    .where('import_id', '=', importId)
    .orderBy('row_number')
    .orderBy('id')
    .limit(query.limit + 1);
  if (query.outcome) q = q.where('outcome', '=', query.outcome);
  if (query.outcomes) q = q.where('outcome', 'in', query.outcomes);
  if (query.cursor) {
    const after = decodeCursor(query.cursor);
    q = q.where(
      sql<boolean>`(row_number, id) > (${Number(after.v) || 0}, ${after.id.replace(/[^0-9]/g, '') || '0'}::bigint)`,
    );
  }
  const rows = await q.execute();
  const more = rows.length > query.limit;
  const page = more ? rows.slice(0, query.limit) : rows;
  const last = page[page.length - 1];
  return {
    data: page.map(
      (r): ImportRejection => ({
        id: r.id,
        row: r.row_number,
        line: r.line,
        outcome: r.outcome as ImportRejection['outcome'],
        reasons: r.reasons,
        raw: r.raw as string[] | string,
        contact_id: r.contact_id,
        created_at: r.created_at!,
      }),
    ),
    // Ids are bigints: the cursor carries them in a UUID-shaped string (the decoder wants one).
    next_cursor:
      more && last
        ? encodeCursor({ v: last.row_number, id: `00000000-0000-0000-0000-${last.id.padStart(12, '0')}` })
        : null,
  };
}

/** The tenant's custom field definitions of contacts, by key. */
export async function contactCustomFields(db: Kysely<DB>): Promise<Map<string, CustomFieldDefinition>> {
  const rows = await db
    .selectFrom('crm.custom_fields')
    .select(['key', 'label', 'type', 'options', 'required'])
    .where('entity', '=', 'contact')
    .orderBy('position')
    .execute();
  return new Map(rows.map((r) => [r.key, r]));
}

/** The country of the tenant's locale (phone numbers without a prefix are read in it). */
export async function tenantCountry(db: Kysely<DB>): Promise<CountryCode | undefined> {
  const row = await sql<{
    locale: string | null;
  }>`select locale from platform.tenants where id = private.current_tenant_id()`.execute(db);
  return countryOfLocale(row.rows[0]?.locale);
}

/** The bytes of an uploaded file, chunk by chunk (one query per chunk of about 1 MiB). */
export async function* readChunks(
  read: (seq: number) => Promise<Uint8Array | undefined>,
  count: number,
): AsyncGenerator<Uint8Array> {
  for (let seq = 0; seq < count; seq++) {
    const data = await read(seq);
    if (!data) throw new Error(`chunk ${seq} of the import is missing`);
    yield data;
  }
}

/** Reads one chunk. */
export async function readChunk(
  db: Kysely<DB>,
  importId: string,
  seq: number,
): Promise<Uint8Array | undefined> {
  const row = await db
    .selectFrom('crm.import_chunks')
    .select('data')
    .where('import_id', '=', importId)
    .where('seq', '=', seq)
    .executeTakeFirst();
  return row?.data;
}
