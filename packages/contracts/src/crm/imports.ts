/**
 * @module crm/imports
 * Contact imports (CSV, vCard 2.1/3.0/4.0) and exports (CSV, vCard 4.0): the uploaded file's
 * detection (encoding, delimiter, header), the column mapping, options, progress and counts of a
 * run, the dry run's preview and problems, and the rows an import did not write as given.
 */
import { z } from 'zod';
import { IdSchema, LineSchema, PageQuerySchema, PageSchema } from '../common/index.js';
import {
  ADDRESS_LABELS,
  AddressSchema,
  CustomValuesSchema,
  EMAIL_LABELS,
  LabelledEmailSchema,
  LabelledPhoneSchema,
  PHONE_LABELS,
  TagsSchema,
  TimestampSchema,
} from './common.js';
import { ContactListQuerySchema } from './contacts.js';

export const IMPORT_FORMATS = ['csv', 'vcard'] as const;
export const IMPORT_STATUSES = ['ready', 'queued', 'running', 'completed', 'failed', 'cancelled'] as const;

/**
 * Encodings an import reads (WHATWG labels). Detected from the bytes; change it with PATCH when
 * the detection guessed wrong.
 */
export const IMPORT_ENCODINGS = [
  'utf-8',
  'utf-16le',
  'utf-16be',
  'windows-1252',
  'iso-8859-1',
  'iso-8859-15',
  'windows-1250',
  'iso-8859-2',
  'windows-1251',
  'koi8-r',
  'macintosh',
  'shift_jis',
  'euc-jp',
  'euc-kr',
  'gb18030',
  'big5',
] as const;

/** CSV delimiters an import detects and accepts. */
export const CSV_DELIMITERS = [',', ';', '\t', '|'] as const;

/**
 * Contact fields a CSV column can feed. `full_name` is split into first and last name when no
 * column gives them; address parts sharing an `address` group (and label) form one address;
 * `postal_code_city` splits "75011 Paris"; `custom` needs `custom_key`.
 */
export const IMPORT_TARGETS = [
  'first_name',
  'middle_name',
  'last_name',
  'full_name',
  'email',
  'phone',
  'company',
  'job_title',
  'street',
  'street2',
  'postal_code',
  'city',
  'postal_code_city',
  'region',
  'country',
  'tags',
  'notes',
  'source',
  'custom',
] as const;

const LABELS = [...new Set([...EMAIL_LABELS, ...PHONE_LABELS, ...ADDRESS_LABELS])] as [string, ...string[]];
const CustomKeySchema = z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, 'Use the key of a custom field');

/** Where one column of the file goes. */
export const ImportColumnMappingSchema = z
  .strictObject({
    column: z.number().int().min(0).max(999).meta({ description: '0-based index of the column' }),
    target: z.enum(IMPORT_TARGETS).nullable().meta({ description: 'null: the column is not imported' }),
    label: z
      .enum(LABELS)
      .optional()
      .meta({ description: 'Label of an email, phone or address (work, home, mobile, fax, other, …)' }),
    label_column: z
      .number()
      .int()
      .min(0)
      .max(999)
      .optional()
      .meta({ description: "A column whose cell gives the label (Google's 'E-mail 1 - Type')" }),
    address: z
      .number()
      .int()
      .min(1)
      .max(10)
      .optional()
      .meta({ description: 'Address group: parts with the same group form one address (default 1)' }),
    custom_key: CustomKeySchema.optional(),
  })
  .refine((m) => (m.target === 'custom') === (m.custom_key !== undefined), {
    message: 'custom_key goes with target custom, and only with it',
    path: ['custom_key'],
  })
  .meta({ id: 'ImportColumnMapping' });

/** Options of a run. */
export const ImportOptionsSchema = z
  .strictObject({
    on_match: z
      .enum(['update', 'skip'])
      .default('update')
      .meta({ description: 'A row whose e-mail matches a contact: update that contact, or skip the row' }),
    tags: TagsSchema.default([]).meta({ description: 'Tags added to every imported contact' }),
    source: LineSchema(100)
      .nullable()
      .default(null)
      .meta({ description: 'Source of created contacts (default "import: <file name>")' }),
    owner_id: IdSchema.nullable().default(null).meta({ description: 'Owner of created contacts (a member)' }),
    default_country: z
      .string()
      .regex(/^[A-Z]{2}$/, 'Use an ISO 3166-1 alpha-2 code such as FR')
      .nullable()
      .default(null)
      .meta({ description: "Country of phone numbers without a prefix (default: the tenant's)" }),
  })
  .meta({ id: 'ImportOptions' });

/** A column of the file as detected. */
export const ImportColumnSchema = z
  .object({
    index: z.number().int(),
    name: z.string().meta({ description: 'Header cell, or "Column N" without a header' }),
    samples: z.array(z.string()).meta({ description: 'Values of the first rows' }),
  })
  .meta({ id: 'ImportColumn' });

export const ImportSchema = z
  .object({
    id: IdSchema,
    format: z.enum(IMPORT_FORMATS),
    filename: z.string().nullable(),
    content_type: z.string().nullable(),
    size_bytes: z.number().int(),
    status: z.enum(IMPORT_STATUSES),
    encoding: z.enum(IMPORT_ENCODINGS),
    delimiter: z.enum(CSV_DELIMITERS).nullable().meta({ description: 'CSV only' }),
    has_header: z.boolean().nullable().meta({ description: 'CSV only' }),
    detected_source: z.string().nullable().meta({
      description: 'Export the header looks like: google, outlook, thunderbird, hubspot, salesforce, …',
    }),
    columns: z.array(ImportColumnSchema),
    mapping: z.array(ImportColumnMappingSchema),
    options: ImportOptionsSchema,
    progress: z
      .object({
        total_rows: z.number().int().nullable().meta({ description: 'Null until counted' }),
        rows_done: z.number().int(),
        percent: z.number().min(0).max(100),
      })
      .meta({ description: 'For a progress bar' }),
    counts: z.object({
      created: z.number().int(),
      updated: z.number().int(),
      skipped: z.number().int(),
      rejected: z.number().int(),
      warnings: z.number().int().meta({ description: 'Rows imported with a warning' }),
      companies_created: z.number().int(),
    }),
    ignored: z
      .record(z.string(), z.number().int())
      .meta({ description: 'What no contact field takes, counted by name (vCard properties)' }),
    error: z.string().nullable(),
    created_by: IdSchema.nullable(),
    created_at: TimestampSchema,
    updated_at: TimestampSchema,
    queued_at: TimestampSchema.nullable(),
    started_at: TimestampSchema.nullable(),
    finished_at: TimestampSchema.nullable(),
  })
  .meta({ id: 'Import' });

export const ImportPageSchema = PageSchema(ImportSchema).meta({ id: 'ImportPage' });

/** Query of `POST /imports` (the file is the body). */
export const ImportUploadQuerySchema = z.strictObject({
  format: z.enum(IMPORT_FORMATS).optional().meta({ description: 'Default: from the content' }),
  filename: LineSchema(255).optional().meta({ description: 'Name of a raw-body upload' }),
});

/** Changes to an import before it runs; a change of encoding, delimiter or header re-reads the columns. */
export const ImportUpdateSchema = z
  .strictObject({
    encoding: z.enum(IMPORT_ENCODINGS).optional(),
    delimiter: z.enum(CSV_DELIMITERS).optional(),
    has_header: z.boolean().optional(),
    mapping: z.array(ImportColumnMappingSchema).max(1000).optional(),
    options: ImportOptionsSchema.partial().optional(),
  })
  .refine((u) => Object.keys(u).length > 0, { message: 'Nothing to update' })
  .meta({ id: 'ImportUpdate' });

export const IMPORT_ROW_OUTCOMES = ['rejected', 'skipped', 'warning'] as const;
export const IMPORT_ROW_ACTIONS = ['create', 'update', 'skip', 'reject'] as const;

/** A contact as an import row would write it. */
export const ImportedContactSchema = z
  .object({
    first_name: z.string(),
    last_name: z.string(),
    job_title: z.string().nullable(),
    company_name: z.string().nullable(),
    emails: z.array(LabelledEmailSchema),
    phones: z.array(LabelledPhoneSchema),
    addresses: z.array(AddressSchema),
    tags: z.array(z.string()),
    notes: z.string().nullable(),
    source: z.string().nullable(),
    custom: CustomValuesSchema,
  })
  .meta({ id: 'ImportedContact' });

/** One row of a dry run's preview. */
export const ImportPreviewRowSchema = z
  .object({
    row: z
      .number()
      .int()
      .meta({ description: '1-based data row (CSV record after the header, or vCard card)' }),
    line: z.number().int().nullable().meta({ description: 'Line of the file where the row starts' }),
    action: z.enum(IMPORT_ROW_ACTIONS),
    contact: ImportedContactSchema.nullable(),
    matched_contact_id: IdSchema.nullable().meta({ description: 'The contact an update would change' }),
    reasons: z.array(z.string()),
  })
  .meta({ id: 'ImportPreviewRow' });

/** A row's problems: why it is rejected or skipped, or what was changed to import it. */
export const ImportRowProblemSchema = z
  .object({
    row: z.number().int(),
    line: z.number().int().nullable(),
    outcome: z.enum(IMPORT_ROW_OUTCOMES),
    reasons: z.array(z.string()),
  })
  .meta({ id: 'ImportRowProblem' });

/** Most problems a dry run lists (the counts cover every row). */
export const DRY_RUN_MAX_PROBLEMS = 5000;

export const ImportDryRunSchema = z
  .object({
    total_rows: z.number().int(),
    counts: z.object({
      create: z.number().int(),
      update: z.number().int(),
      skip: z.number().int(),
      reject: z.number().int(),
      warnings: z.number().int(),
      companies_to_create: z.number().int(),
    }),
    preview: z.array(ImportPreviewRowSchema).meta({ description: 'The first 20 rows' }),
    problems: z
      .array(ImportRowProblemSchema)
      .meta({ description: `Every row with a problem, in file order (at most ${DRY_RUN_MAX_PROBLEMS})` }),
    problems_truncated: z.boolean(),
    ignored: z.record(z.string(), z.number().int()),
  })
  .meta({ id: 'ImportDryRun' });

export const ImportRejectionSchema = z
  .object({
    id: z.string(),
    row: z.number().int(),
    line: z.number().int().nullable(),
    outcome: z.enum(IMPORT_ROW_OUTCOMES),
    reasons: z.array(z.string()),
    raw: z
      .union([z.array(z.string()), z.string()])
      .meta({ description: 'The row as read: CSV cells, or the card text (binary properties left out)' }),
    contact_id: IdSchema.nullable(),
    created_at: TimestampSchema,
  })
  .meta({ id: 'ImportRejection' });

export const ImportRejectionPageSchema = PageSchema(ImportRejectionSchema).meta({
  id: 'ImportRejectionPage',
});

export const ImportRejectionListQuerySchema = PageQuerySchema.extend({
  outcome: z.enum(IMPORT_ROW_OUTCOMES).optional(),
});

export const ImportRejectionCsvQuerySchema = z.strictObject({
  outcome: z
    .enum(IMPORT_ROW_OUTCOMES)
    .optional()
    .meta({ description: 'Default: rejected and skipped rows (those not imported)' }),
});

/** Filters of the CSV export: those of `GET /contacts`, without paging. */
export const ContactExportQuerySchema = ContactListQuerySchema.omit({ cursor: true, limit: true });

/** A selection of contacts to export as vCard. */
export const VcardExportSchema = z
  .strictObject({ ids: z.array(IdSchema).min(1).max(1000) })
  .meta({ id: 'VcardExport' });

export type ImportColumnMapping = z.infer<typeof ImportColumnMappingSchema>;
export type ImportOptions = z.infer<typeof ImportOptionsSchema>;
export type ImportColumn = z.infer<typeof ImportColumnSchema>;
export type Import = z.infer<typeof ImportSchema>;
export type ImportUpdate = z.infer<typeof ImportUpdateSchema>;
export type ImportTarget = (typeof IMPORT_TARGETS)[number];
export type ImportEncoding = (typeof IMPORT_ENCODINGS)[number];
export type CsvDelimiter = (typeof CSV_DELIMITERS)[number];
export type ImportedContact = z.infer<typeof ImportedContactSchema>;
export type ImportPreviewRow = z.infer<typeof ImportPreviewRowSchema>;
export type ImportRowProblem = z.infer<typeof ImportRowProblemSchema>;
export type ImportDryRun = z.infer<typeof ImportDryRunSchema>;
export type ImportRejection = z.infer<typeof ImportRejectionSchema>;
export type ContactExportQuery = z.infer<typeof ContactExportQuerySchema>;
