/**
 * @module routes/imports
 * `/imports`: upload a CSV or vCard file, review and edit what was detected (encoding, delimiter,
 * header, column mapping, options), dry-run it, run it as a background job, follow its progress,
 * list and download the rows it did not import as given. All of it needs `contacts:import`.
 */
import { IdParamsSchema, PageQuerySchema } from '@comptoir/contracts/common';
import {
  type ImportColumnMapping,
  ImportDryRunSchema,
  ImportPageSchema,
  ImportRejectionCsvQuerySchema,
  ImportRejectionListQuerySchema,
  ImportRejectionPageSchema,
  ImportSchema,
  ImportUpdateSchema,
  ImportUploadQuerySchema,
} from '@comptoir/contracts/crm/imports';
import { type ProblemError, ProblemSchema } from '@comptoir/contracts/problem';
import type { DB } from '@comptoir/db/schema/crm';
import {
  type AppEnv,
  CONFLICT_RESPONSE,
  guarded,
  HttpProblem,
  jsonBody,
  jsonResponse,
  NOT_FOUND_RESPONSE,
  PROBLEM_RESPONSES,
} from '@comptoir/service-kit';
import { emitEvent } from '@comptoir/service-kit/outbox';
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { csvLines } from '../export/csv.js';
import { Utf8Validator } from '../import/encoding.js';
import { dryRunImport } from '../import/run.js';
import {
  contactCustomFields,
  getImport,
  type ImportRow,
  listImports,
  listRejections,
  toImport,
} from '../import/store.js';
import {
  type Analysis,
  analyseFile,
  declaredFormat,
  firstBytes,
  storeFile,
  UploadError,
  uploadSource,
} from '../import/upload.js';
import { IMPORT_QUEUED_EVENT, type ImportQueuedPayload } from '../import/worker.js';

/** Largest file an import takes (bytes); the service's body limit for `/imports` is the same. */
export const MAX_IMPORT_BYTES = 100 * 1024 * 1024;

const tags = ['Imports'];
/** A queued or running import not updated for this long (ms) has lost its job. */
const STALE_MS = 5 * 60 * 1000;
const notFound = () => new HttpProblem(404, { detail: 'No import with this id' });
const problemContent = { 'application/problem+json': { schema: ProblemSchema } };

export const importsRouter = new OpenAPIHono<AppEnv<DB>>();

type Ctx = Context<AppEnv<DB>>;

async function importOr404(c: Ctx, id: string, lock = false): Promise<ImportRow> {
  const row = await getImport(c.var.db, id, lock);
  if (!row) throw notFound();
  return row;
}

function conflict(detail: string, type = 'import-state') {
  return new HttpProblem(409, { type, detail });
}

const fromUploadError = (error: unknown) =>
  error instanceof UploadError
    ? new HttpProblem(error.status, {
        type:
          error.status === 413
            ? 'body-too-large'
            : error.status === 415
              ? 'unsupported-file'
              : 'invalid-file',
        detail: error.message,
      })
    : error;

/** A file name from a client: no path, no control characters, at most 255 characters. */
function cleanFilename(name: string | null | undefined): string | null {
  if (!name) return null;
  const base = [...(name.split(/[\\/]/).pop() ?? '')]
    .filter((ch) => ch.charCodeAt(0) > 0x1f && ch.charCodeAt(0) !== 0x7f)
    .join('')
    .trim();
  return base ? base.slice(0, 255) : null;
}

const analysisColumns = (a: Analysis) => ({
  format: a.format,
  encoding: a.encoding,
  delimiter: a.delimiter,
  has_header: a.hasHeader,
  columns: JSON.stringify(a.columns),
  sample: JSON.stringify(a.sample),
  mapping: JSON.stringify(a.mapping),
  detected_source: a.detectedSource,
});

importsRouter.openapi(
  createRoute({
    method: 'post',
    path: '/imports',
    operationId: 'createImport',
    summary: 'Upload a CSV or vCard file to import',
    description: `The file is stored and analysed; nothing is imported yet. Send it as \`multipart/form-data\` with the file in a part named \`file\`, or as the raw body with \`Content-Type: text/csv\` (also \`text/tab-separated-values\`, \`application/csv\`, \`text/plain\`) or \`text/vcard\` (also \`text/x-vcard\`), or \`application/octet-stream\`; the format is then read from the content. At most ${MAX_IMPORT_BYTES} bytes. CSV: the encoding (UTF-8 with or without BOM, UTF-16 LE/BE, Windows-1252/Latin-1, Shift_JIS, …), the delimiter (, ; tab |) and the header are detected and a mapping of columns to contact fields is suggested (Google Contacts, Outlook, Thunderbird, HubSpot, Salesforce, Pipedrive, Zoho, this API's export); review it, change it with PATCH, try it with the dry run, then run the import. vCard 2.1, 3.0 and 4.0 need no mapping.

An empty file answers 422, a file of another kind (a spreadsheet, an image, a PDF) 415, a file over the limit 413.`,
    tags,
    ...guarded('contacts:import'),
    request: {
      query: ImportUploadQuerySchema,
      body: {
        required: true,
        content: {
          'multipart/form-data': {
            schema: {
              type: 'object',
              properties: {
                file: { type: 'string', format: 'binary', description: 'The CSV or vCard file' },
              },
              required: ['file'],
            },
          },
          'text/csv': { schema: { type: 'string', description: 'A CSV file' } },
          'text/vcard': { schema: { type: 'string', description: 'A vCard file (one or more cards)' } },
          'application/octet-stream': { schema: { type: 'string', format: 'binary' } },
        },
      },
    },
    responses: {
      201: jsonResponse(ImportSchema, 'Stored and analysed, ready to map and run'),
      400: { description: 'A malformed multipart body, or no part named file', content: problemContent },
      413: { description: 'The file is too large', content: problemContent },
      415: { description: 'Not a CSV or vCard file, or another media type', content: problemContent },
      ...PROBLEM_RESPONSES,
    },
  }),
  async (c) => {
    const query = c.req.valid('query');
    try {
      const body = c.req.raw.bodyUsed ? new Uint8Array(await c.req.arrayBuffer()) : c.req.raw.body;
      const source = await uploadSource(c.req.header('content-type'), body, MAX_IMPORT_BYTES);
      const filename = cleanFilename(query.filename ?? source.filename);
      const { rows } = await c.var.rdb.query<{ id: string }>(
        `insert into crm.imports (format, encoding, size_bytes, filename, content_type, created_by)
         values ('csv', 'utf-8', 1, $1, $2, $3) returning id`,
        [filename, source.contentType, c.var.principal.userId],
      );
      const id = rows[0]!.id;
      const stored = await storeFile(c.var.rdb, id, source.bytes, MAX_IMPORT_BYTES);
      const analysis = analyseFile(
        stored,
        declaredFormat(query.format, source.contentType, filename),
        await contactCustomFields(c.var.db),
      );
      await c.var.db
        .updateTable('crm.imports')
        .set({ ...analysisColumns(analysis), size_bytes: stored.size, chunk_count: stored.chunks })
        .where('id', '=', id)
        .execute();
      c.header('location', `/imports/${id}`);
      return c.json(toImport((await getImport(c.var.db, id))!), 201);
    } catch (error) {
      throw fromUploadError(error);
    }
  },
);

importsRouter.openapi(
  createRoute({
    method: 'get',
    path: '/imports',
    operationId: 'listImports',
    summary: 'List imports, newest first',
    tags,
    ...guarded('contacts:import'),
    request: { query: PageQuerySchema },
    responses: { 200: jsonResponse(ImportPageSchema, 'A page of imports'), ...PROBLEM_RESPONSES },
  }),
  async (c) => c.json(await listImports(c.var.db, c.req.valid('query')), 200),
);

importsRouter.openapi(
  createRoute({
    method: 'get',
    path: '/imports/{id}',
    operationId: 'getImport',
    summary: 'Get an import: detection, mapping, status, progress and counts',
    description:
      'Poll it for the progress bar: `progress.rows_done` of `progress.total_rows` (null until counted).',
    tags,
    ...guarded('contacts:import'),
    request: { params: IdParamsSchema },
    responses: { 200: jsonResponse(ImportSchema, 'The import'), ...PROBLEM_RESPONSES, ...NOT_FOUND_RESPONSE },
  }),
  async (c) => c.json(toImport(await importOr404(c, c.req.valid('param').id)), 200),
);

/** Errors of a mapping against the file's columns and the tenant's custom fields. */
function mappingErrors(
  mapping: readonly ImportColumnMapping[],
  columnCount: number,
  customKeys: ReadonlySet<string>,
): ProblemError[] {
  const errors: ProblemError[] = [];
  const seen = new Set<number>();
  const labels: Record<string, readonly string[]> = {
    email: ['work', 'home', 'other'],
    phone: ['mobile', 'work', 'home', 'fax', 'other'],
    address: ['work', 'home', 'billing', 'shipping', 'other'],
  };
  mapping.forEach((m, i) => {
    const at = `#/mapping/${i}`;
    if (m.column >= columnCount)
      errors.push({ pointer: `${at}/column`, detail: `The file has ${columnCount} columns` });
    if (seen.has(m.column)) errors.push({ pointer: `${at}/column`, detail: 'This column is mapped twice' });
    seen.add(m.column);
    if (m.label_column !== undefined && m.label_column >= columnCount)
      errors.push({ pointer: `${at}/label_column`, detail: `The file has ${columnCount} columns` });
    if (m.custom_key !== undefined && !customKeys.has(m.custom_key))
      errors.push({ pointer: `${at}/custom_key`, detail: 'No custom field of contacts has this key' });
    const kind =
      m.target === 'email' || m.target === 'phone'
        ? m.target
        : m.target &&
            ['street', 'street2', 'postal_code', 'city', 'postal_code_city', 'region', 'country'].includes(
              m.target,
            )
          ? 'address'
          : null;
    if (m.label !== undefined && (!kind || !labels[kind]!.includes(m.label)))
      errors.push({
        pointer: `${at}/label`,
        detail: kind
          ? `Use one of: ${labels[kind]!.join(', ')}`
          : 'Only e-mails, phones and addresses take a label',
      });
  });
  return errors;
}

importsRouter.openapi(
  createRoute({
    method: 'patch',
    path: '/imports/{id}',
    operationId: 'updateImport',
    summary: 'Change the encoding, delimiter, header, mapping or options of an import before it runs',
    description:
      'A new encoding, delimiter or header setting reads the columns again and suggests a new mapping (unless one is given). The mapping lists the columns to import; a column left out is not imported.',
    tags,
    ...guarded('contacts:import'),
    request: { params: IdParamsSchema, body: jsonBody(ImportUpdateSchema) },
    responses: {
      200: jsonResponse(ImportSchema, 'Updated'),
      ...PROBLEM_RESPONSES,
      ...NOT_FOUND_RESPONSE,
      ...CONFLICT_RESPONSE,
    },
  }),
  async (c) => {
    const { id } = c.req.valid('param');
    const input = c.req.valid('json');
    const row = await importOr404(c, id, true);
    if (row.status !== 'ready')
      throw conflict(`The import is ${row.status}: only an import not yet run can change`);
    const customFields = await contactCustomFields(c.var.db);
    const changes: Record<string, unknown> = {};
    let columns = (row.columns ?? []) as string[];
    const reread =
      (input.encoding !== undefined && input.encoding !== row.encoding) ||
      (row.format === 'csv' && input.delimiter !== undefined && input.delimiter !== row.delimiter) ||
      (row.format === 'csv' && input.has_header !== undefined && input.has_header !== row.has_header);
    if (
      row.format === 'vcard' &&
      (input.delimiter !== undefined || input.has_header !== undefined || input.mapping)
    ) {
      throw new HttpProblem(422, {
        type: 'validation-error',
        detail: 'A vCard import has no delimiter, header or mapping',
        errors: [
          {
            pointer: input.mapping ? '#/mapping' : input.delimiter ? '#/delimiter' : '#/has_header',
            detail: 'Not for vCard files',
          },
        ],
      });
    }
    if (reread) {
      let analysis: Analysis;
      try {
        analysis = analyseFile(
          { size: Number(row.size_bytes), sample: await firstBytes(c.var.db, id), utf8: new Utf8Validator() },
          row.format as 'csv' | 'vcard',
          customFields,
          {
            encoding: input.encoding ?? (row.encoding as never),
            ...(row.format === 'csv' ? { delimiter: input.delimiter ?? (row.delimiter as never) } : {}),
            ...(row.format === 'csv' && (input.has_header ?? row.has_header) !== null
              ? { hasHeader: (input.has_header ?? row.has_header)! }
              : {}),
          },
        );
      } catch (error) {
        throw fromUploadError(error);
      }
      Object.assign(changes, analysisColumns(analysis));
      columns = analysis.columns;
    }
    if (input.mapping) {
      const errors = mappingErrors(input.mapping, columns.length, new Set(customFields.keys()));
      if (errors.length) {
        throw new HttpProblem(422, {
          type: 'validation-error',
          title: 'Your request is not valid',
          detail: errors.length === 1 ? errors[0]!.detail : `${errors.length} fields are not valid`,
          errors,
        });
      }
      changes.mapping = JSON.stringify([...input.mapping].sort((a, b) => a.column - b.column));
    }
    if (input.options) {
      if (input.options.owner_id) {
        const { rows } = await c.var.rdb.query(
          'select 1 from platform.memberships where user_id = $1 and tenant_id = private.current_tenant_id()',
          [input.options.owner_id],
        );
        if (rows.length === 0) {
          throw new HttpProblem(422, {
            type: 'validation-error',
            detail: 'The owner is not a member of this tenant',
            errors: [{ pointer: '#/options/owner_id', detail: 'Not a member of this tenant' }],
          });
        }
      }
      changes.options = JSON.stringify({ ...((row.options ?? {}) as object), ...input.options });
    }
    if (Object.keys(changes).length) {
      await c.var.db.updateTable('crm.imports').set(changes).where('id', '=', id).execute();
    }
    return c.json(toImport((await getImport(c.var.db, id))!), 200);
  },
);

importsRouter.openapi(
  createRoute({
    method: 'post',
    path: '/imports/{id}/dry-run',
    operationId: 'dryRunImport',
    summary: 'Try an import without writing anything',
    description:
      'Reads the whole file with the current mapping and options and answers what the run would do: counts (create, update on a matching e-mail, skip, reject), the first 20 rows as they would be imported, and every row with a problem (why it would be rejected or skipped, or what would be changed to import it).',
    tags,
    ...guarded('contacts:import'),
    request: { params: IdParamsSchema },
    responses: {
      200: jsonResponse(ImportDryRunSchema, 'What the import would do'),
      ...PROBLEM_RESPONSES,
      ...NOT_FOUND_RESPONSE,
      ...CONFLICT_RESPONSE,
    },
  }),
  async (c) => {
    const row = await importOr404(c, c.req.valid('param').id);
    if (row.status !== 'ready')
      throw conflict(`The import is ${row.status}: a dry run is for an import not yet run`);
    return c.json(await dryRunImport(c.var.rdb, row, c.var.principal.userId), 200);
  },
);

importsRouter.openapi(
  createRoute({
    method: 'post',
    path: '/imports/{id}/run',
    operationId: 'runImport',
    summary: 'Run an import in the background',
    description:
      'Queues the import; a background job writes it in batches of 1,000 rows, each batch in its own transaction. Follow it with GET /imports/{id}. A failed import, or one queued or running without progress for 5 minutes, runs again from its last saved batch.',
    tags,
    ...guarded('contacts:import'),
    request: { params: IdParamsSchema },
    responses: {
      202: jsonResponse(ImportSchema, 'Queued'),
      ...PROBLEM_RESPONSES,
      ...NOT_FOUND_RESPONSE,
      ...CONFLICT_RESPONSE,
    },
  }),
  async (c) => {
    const { id } = c.req.valid('param');
    const row = await importOr404(c, id, true);
    // A queued or running import whose job has given no sign of life for 5 minutes (its process
    // died, or the job was lost) may be started again: the new run resumes after the last batch.
    const stale = Date.now() - Date.parse(row.updated_at) > STALE_MS;
    const runnable =
      row.status === 'ready' ||
      row.status === 'failed' ||
      ((row.status === 'queued' || row.status === 'running') && stale);
    if (!runnable) throw conflict(`The import is ${row.status}: it cannot run again`);
    await c.var.rdb.query(
      `update crm.imports set status = 'queued', queued_at = now(), error = null, worker_token = null where id = $1`,
      [id],
    );
    const payload: ImportQueuedPayload = { import_id: id, user_id: c.var.principal.userId };
    await emitEvent(c.var.rdb, 'crm', {
      type: IMPORT_QUEUED_EVENT,
      aggregateType: 'import',
      aggregateId: id,
      payload: { ...payload },
    });
    return c.json(toImport((await getImport(c.var.db, id))!), 202);
  },
);

importsRouter.openapi(
  createRoute({
    method: 'post',
    path: '/imports/{id}/cancel',
    operationId: 'cancelImport',
    summary: 'Cancel an import',
    description: 'A running import stops after the batch under way; what was written stays.',
    tags,
    ...guarded('contacts:import'),
    request: { params: IdParamsSchema },
    responses: {
      200: jsonResponse(ImportSchema, 'Cancelled'),
      ...PROBLEM_RESPONSES,
      ...NOT_FOUND_RESPONSE,
      ...CONFLICT_RESPONSE,
    },
  }),
  async (c) => {
    const { id } = c.req.valid('param');
    const row = await importOr404(c, id, true);
    if (!['ready', 'queued', 'running', 'failed'].includes(row.status))
      throw conflict(`The import is already ${row.status}`);
    await c.var.rdb.query(
      `update crm.imports set status = 'cancelled', finished_at = now(), worker_token = null where id = $1`,
      [id],
    );
    return c.json(toImport((await getImport(c.var.db, id))!), 200);
  },
);

importsRouter.openapi(
  createRoute({
    method: 'delete',
    path: '/imports/{id}',
    operationId: 'deleteImport',
    summary: 'Delete an import, its file and its report',
    description: 'The contacts it imported stay. A queued or running import must be cancelled first.',
    tags,
    ...guarded('contacts:import'),
    request: { params: IdParamsSchema },
    responses: {
      204: { description: 'Deleted' },
      ...PROBLEM_RESPONSES,
      ...NOT_FOUND_RESPONSE,
      ...CONFLICT_RESPONSE,
    },
  }),
  async (c) => {
    const { id } = c.req.valid('param');
    const row = await importOr404(c, id, true);
    if (row.status === 'queued' || row.status === 'running')
      throw conflict(`The import is ${row.status}: cancel it first`);
    await c.var.db.deleteFrom('crm.imports').where('id', '=', id).execute();
    return c.body(null, 204);
  },
);

importsRouter.openapi(
  createRoute({
    method: 'get',
    path: '/imports/{id}/rejections',
    operationId: 'listImportRejections',
    summary: 'Rows an import did not import as given',
    description:
      'Rejected rows (with every reason), skipped rows (with the reason) and rows imported with a warning, in file order, each with the row as read.',
    tags,
    ...guarded('contacts:import'),
    request: { params: IdParamsSchema, query: ImportRejectionListQuerySchema },
    responses: {
      200: jsonResponse(ImportRejectionPageSchema, 'A page of rows'),
      ...PROBLEM_RESPONSES,
      ...NOT_FOUND_RESPONSE,
    },
  }),
  async (c) => {
    const { id } = c.req.valid('param');
    await importOr404(c, id);
    return c.json(await listRejections(c.var.db, id, c.req.valid('query')), 200);
  },
);

importsRouter.openapi(
  createRoute({
    method: 'get',
    path: '/imports/{id}/rejections.csv',
    operationId: 'downloadImportRejections',
    summary: 'Download the rows an import did not import, as CSV',
    description:
      'Columns: Row, Line, Outcome, Reasons, then the file’s own columns (CSV imports: fix the rows and import this file again) or the card’s text (vCard imports). By default the rejected and skipped rows; `outcome=warning` lists the rows imported with a warning.',
    tags,
    ...guarded('contacts:import'),
    request: { params: IdParamsSchema, query: ImportRejectionCsvQuerySchema },
    responses: {
      200: {
        description: 'CSV (UTF-8 with BOM, header row)',
        content: { 'text/csv': { schema: z.string() } },
      },
      ...PROBLEM_RESPONSES,
      ...NOT_FOUND_RESPONSE,
    },
  }),
  async (c) => {
    const { id } = c.req.valid('param');
    const { outcome } = c.req.valid('query');
    const row = await importOr404(c, id);
    const columns = (row.columns ?? []) as string[];
    const parts: string[] = [
      `\ufeff${csvLines([['Row', 'Line', 'Outcome', 'Reasons', ...(row.format === 'csv' ? columns : ['vCard'])]])}`,
    ];
    let cursor: string | undefined;
    do {
      const page = await listRejections(c.var.db, id, {
        limit: 1000,
        cursor,
        outcomes: outcome ? [outcome] : ['rejected', 'skipped'],
      });
      const rows = page.data.map((r) => [
        String(r.row),
        r.line === null ? '' : String(r.line),
        r.outcome,
        r.reasons.join(' | '),
        ...(Array.isArray(r.raw) ? r.raw : [r.raw]),
      ]);
      if (rows.length) parts.push(csvLines(rows));
      cursor = page.next_cursor ?? undefined;
    } while (cursor);
    const name = (row.filename ?? 'import')
      .replace(/\.[^.]*$/, '')
      .replace(/[^\w.-]+/g, '_')
      .slice(0, 100);
    return c.body(parts.join(''), 200, {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${name}-not-imported.csv"`,
    });
  },
);
