'use client';
/**
 * @module mapping-step
 * The import wizard's second step: what the API detected (format, encoding, delimiter, header,
 * the exporting application), the column mapping it suggested (editable: target field, label,
 * custom field), and the options of the run (matching contacts, tags, owner, default country).
 * Changes are saved with `PATCH /imports/{id}`; the encoding, delimiter and header re-read the
 * columns.
 */
import type { CustomField } from '@comptoir/contracts/crm/custom-fields';
import {
  CSV_DELIMITERS,
  IMPORT_ENCODINGS,
  IMPORT_TARGETS,
  type Import,
  type ImportColumnMapping,
  type ImportTarget,
  ImportUpdateSchema,
} from '@comptoir/contracts/crm/imports';
import {
  Alert,
  apiRequest,
  Badge,
  Button,
  Card,
  CardContent,
  CardDescription,
  CardHeader,
  CardTitle,
  CheckboxField,
  Field,
  type FieldErrors,
  Input,
  NativeSelect,
  pathErrorsOf,
  pathErrorsOfIssues,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
  TagInput,
} from '@comptoir/ui';
import { useState } from 'react';
import { importPath } from '@/lib/endpoints';
import { MemberSelect } from '../../_components/pickers';

export const TARGET_LABELS: Record<ImportTarget, string> = {
  first_name: 'First name',
  middle_name: 'Middle name',
  last_name: 'Last name',
  full_name: 'Full name',
  email: 'Email',
  phone: 'Phone',
  company: 'Company',
  job_title: 'Job title',
  street: 'Street',
  street2: 'Street (line 2)',
  postal_code: 'Postal code',
  city: 'City',
  postal_code_city: 'Postal code and city',
  region: 'Region',
  country: 'Country',
  tags: 'Tags',
  notes: 'Notes',
  source: 'Source',
  custom: 'Custom field',
};

const LABELS_BY_KIND: Record<string, readonly string[]> = {
  email: ['work', 'home', 'other'],
  phone: ['mobile', 'work', 'home', 'fax', 'other'],
  address: ['work', 'home', 'billing', 'shipping', 'other'],
};
const ADDRESS_TARGETS = new Set([
  'street',
  'street2',
  'postal_code',
  'city',
  'postal_code_city',
  'region',
  'country',
]);
const kindOf = (target: string | null) =>
  target === 'email' || target === 'phone'
    ? target
    : target && ADDRESS_TARGETS.has(target)
      ? 'address'
      : null;

const DELIMITER_LABELS: Record<string, string> = {
  ',': 'Comma (,)',
  ';': 'Semicolon (;)',
  '\t': 'Tab',
  '|': 'Pipe (|)',
};
const SOURCE_LABELS: Record<string, string> = {
  google: 'Google Contacts',
  outlook: 'Outlook',
  thunderbird: 'Thunderbird',
  hubspot: 'HubSpot',
  salesforce: 'Salesforce',
  pipedrive: 'Pipedrive',
  zoho: 'Zoho',
  comptoir: 'Comptoir',
};

/** Props of {@link MappingStep}. */
export interface MappingStepProps {
  imported: Import;
  customFields: readonly CustomField[];
  onChanged: (imported: Import) => void;
  /** Saves pending changes, then asks for the dry run. */
  onPreview: () => Promise<void>;
  previewing: boolean;
}

/** Detection, mapping and options. */
export function MappingStep({ imported, customFields, onChanged, onPreview, previewing }: MappingStepProps) {
  const csv = imported.format === 'csv';
  const [mapping, setMapping] = useState<ImportColumnMapping[]>(() => fullMapping(imported));
  const [dirty, setDirty] = useState(false);
  const [options, setOptions] = useState(imported.options);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [message, setMessage] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  async function patch(body: Record<string, unknown>): Promise<Import | null> {
    const parsed = ImportUpdateSchema.safeParse(body);
    if (!parsed.success) {
      setErrors(pathErrorsOfIssues(parsed.error.issues));
      return null;
    }
    setSaving(true);
    setMessage(null);
    const result = await apiRequest<Import>(importPath(imported.id), { method: 'PATCH', body: parsed.data });
    setSaving(false);
    if (!result.ok) {
      setErrors(pathErrorsOf(result.problem));
      setMessage(result.message);
      return null;
    }
    setErrors({});
    onChanged(result.data);
    return result.data;
  }

  /** A new encoding, delimiter or header re-reads the file: the mapping starts again from the suggestion. */
  async function reread(body: Record<string, unknown>) {
    const updated = await patch(body);
    if (updated) {
      setMapping(fullMapping(updated));
      setDirty(false);
    }
  }

  async function preview() {
    const body: Record<string, unknown> = { options: cleanOptions(options) };
    if (csv && dirty) body.mapping = mapping.filter((m) => m.target !== null);
    const saved = await patch(body);
    if (saved) {
      setDirty(false);
      await onPreview();
    }
  }

  const setRow = (column: number, change: Partial<ImportColumnMapping>) => {
    setDirty(true);
    setMapping((rows) =>
      rows.map((row) => {
        if (row.column !== column) return row;
        const next: ImportColumnMapping = { ...row, ...change };
        if (change.target !== undefined) {
          delete next.label;
          delete next.custom_key;
          delete next.address;
          if (change.target === 'custom') next.custom_key = customFields[0]?.key ?? '';
        }
        return next;
      }),
    );
  };
  const mappedCount = mapping.filter((m) => m.target !== null).length;

  return (
    <div className="grid gap-6">
      {message ? <Alert variant="error">{message}</Alert> : null}
      <Card>
        <CardHeader>
          <CardTitle>What we found</CardTitle>
          <CardDescription>
            {imported.filename ?? 'Your file'} · {formatBytes(imported.size_bytes)}
          </CardDescription>
        </CardHeader>
        <CardContent className="grid gap-4">
          <dl className="flex flex-wrap gap-x-8 gap-y-2 text-sm">
            <div>
              <dt className="text-muted-foreground text-xs">Format</dt>
              <dd className="font-medium">{csv ? 'CSV' : 'vCard'}</dd>
            </div>
            <div>
              <dt className="text-muted-foreground text-xs">Encoding</dt>
              <dd className="font-medium">{imported.encoding.toUpperCase()}</dd>
            </div>
            {csv ? (
              <>
                <div>
                  <dt className="text-muted-foreground text-xs">Delimiter</dt>
                  <dd className="font-medium">
                    {imported.delimiter ? (DELIMITER_LABELS[imported.delimiter] ?? imported.delimiter) : '—'}
                  </dd>
                </div>
                <div>
                  <dt className="text-muted-foreground text-xs">Header row</dt>
                  <dd className="font-medium">{imported.has_header ? 'Yes' : 'No'}</dd>
                </div>
                <div>
                  <dt className="text-muted-foreground text-xs">Columns</dt>
                  <dd className="font-medium">{imported.columns.length}</dd>
                </div>
              </>
            ) : null}
            {imported.detected_source ? (
              <div>
                <dt className="text-muted-foreground text-xs">Looks like an export of</dt>
                <dd className="font-medium">
                  {SOURCE_LABELS[imported.detected_source] ?? imported.detected_source}
                </dd>
              </div>
            ) : null}
          </dl>
          <details className="text-sm">
            <summary className="cursor-pointer text-muted-foreground hover:text-foreground">
              Detection wrong? Change how the file is read
            </summary>
            <div className="mt-3 grid gap-3 sm:grid-cols-3">
              <Field label="Encoding" error={errors.encoding}>
                <NativeSelect
                  value={imported.encoding}
                  disabled={saving}
                  onChange={(e) => reread({ encoding: e.target.value })}
                >
                  {IMPORT_ENCODINGS.map((enc) => (
                    <option key={enc} value={enc}>
                      {enc.toUpperCase()}
                    </option>
                  ))}
                </NativeSelect>
              </Field>
              {csv ? (
                <>
                  <Field label="Delimiter" error={errors.delimiter}>
                    <NativeSelect
                      value={imported.delimiter ?? ','}
                      disabled={saving}
                      onChange={(e) => reread({ delimiter: e.target.value })}
                    >
                      {CSV_DELIMITERS.map((d) => (
                        <option key={d} value={d}>
                          {DELIMITER_LABELS[d]}
                        </option>
                      ))}
                    </NativeSelect>
                  </Field>
                  <CheckboxField
                    className="self-end pb-2"
                    label="The first row holds column names"
                    checked={imported.has_header ?? true}
                    disabled={saving}
                    onChange={(e) => reread({ has_header: e.target.checked })}
                  />
                </>
              ) : null}
            </div>
          </details>
        </CardContent>
      </Card>

      {csv ? (
        <Card>
          <CardHeader>
            <CardTitle>Columns</CardTitle>
            <CardDescription>
              We suggested where each column goes. {mappedCount} of {mapping.length} columns will be imported.
            </CardDescription>
          </CardHeader>
          <CardContent className="px-0 sm:px-0">
            {errors.mapping ? (
              <p className="px-5 pb-3 text-destructive text-sm sm:px-6">{errors.mapping}</p>
            ) : null}
            <Table aria-label="Column mapping">
              <TableHeader>
                <TableRow className="hover:bg-transparent">
                  <TableHead className="pl-5 sm:pl-6">Column</TableHead>
                  <TableHead className="hidden md:table-cell">Examples</TableHead>
                  <TableHead>Goes to</TableHead>
                  <TableHead className="pr-5 sm:pr-6">Detail</TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {mapping.map((row, index) => {
                  const column = imported.columns.find((c) => c.index === row.column);
                  const name = column?.name ?? `Column ${row.column + 1}`;
                  const kind = kindOf(row.target);
                  const rowError = Object.entries(errors).find(([k]) =>
                    k.startsWith(`mapping.${index}`),
                  )?.[1];
                  return (
                    <TableRow key={row.column}>
                      <TableCell className="pl-5 align-top font-medium sm:pl-6">
                        {name}
                        {rowError ? <p className="font-normal text-destructive text-xs">{rowError}</p> : null}
                      </TableCell>
                      <TableCell className="hidden max-w-[16rem] align-top text-muted-foreground text-xs md:table-cell">
                        {(column?.samples ?? []).filter(Boolean).slice(0, 3).join(' · ') || '—'}
                      </TableCell>
                      <TableCell className="align-top">
                        <NativeSelect
                          aria-label={`Field for column ${name}`}
                          value={row.target ?? ''}
                          onChange={(e) =>
                            setRow(row.column, { target: (e.target.value || null) as ImportTarget | null })
                          }
                          className="min-w-40"
                        >
                          <option value="">Don’t import</option>
                          {IMPORT_TARGETS.filter((t) => t !== 'custom' || customFields.length > 0).map(
                            (t) => (
                              <option key={t} value={t}>
                                {TARGET_LABELS[t]}
                              </option>
                            ),
                          )}
                        </NativeSelect>
                      </TableCell>
                      <TableCell className="pr-5 align-top sm:pr-6">
                        {row.target === 'custom' ? (
                          <NativeSelect
                            aria-label={`Custom field for column ${name}`}
                            value={row.custom_key ?? ''}
                            onChange={(e) => setRow(row.column, { custom_key: e.target.value })}
                            className="min-w-36"
                          >
                            {customFields.map((f) => (
                              <option key={f.key} value={f.key}>
                                {f.label}
                              </option>
                            ))}
                          </NativeSelect>
                        ) : kind ? (
                          <div className="flex gap-2">
                            <NativeSelect
                              aria-label={`Label for column ${name}`}
                              value={row.label ?? ''}
                              onChange={(e) =>
                                setRow(row.column, {
                                  label: (e.target.value || undefined) as ImportColumnMapping['label'],
                                })
                              }
                              className="min-w-28"
                            >
                              <option value="">
                                {row.label_column !== undefined ? 'From the file' : 'Default'}
                              </option>
                              {LABELS_BY_KIND[kind]!.map((l) => (
                                <option key={l} value={l}>
                                  {l[0]!.toUpperCase()}
                                  {l.slice(1)}
                                </option>
                              ))}
                            </NativeSelect>
                            {kind === 'address' ? (
                              <NativeSelect
                                aria-label={`Address number for column ${name}`}
                                value={String(row.address ?? 1)}
                                onChange={(e) => setRow(row.column, { address: Number(e.target.value) })}
                                className="w-20"
                              >
                                {[1, 2, 3, 4].map((n) => (
                                  <option key={n} value={n}>
                                    #{n}
                                  </option>
                                ))}
                              </NativeSelect>
                            ) : null}
                          </div>
                        ) : (
                          <span className="text-muted-foreground text-xs">—</span>
                        )}
                      </TableCell>
                    </TableRow>
                  );
                })}
              </TableBody>
            </Table>
          </CardContent>
        </Card>
      ) : (
        <Alert>
          vCard files need no mapping: names, e-mails, phones, addresses, company, title, notes and categories
          go where they belong. Photos and other properties are left out, and counted.
        </Alert>
      )}

      <Card>
        <CardHeader>
          <CardTitle>Options</CardTitle>
        </CardHeader>
        <CardContent className="grid gap-4 sm:grid-cols-2">
          <Field label="When an e-mail matches an existing contact" error={errors['options.on_match']}>
            <NativeSelect
              value={options.on_match}
              onChange={(e) => setOptions({ ...options, on_match: e.target.value as 'update' | 'skip' })}
            >
              <option value="update">Update that contact</option>
              <option value="skip">Skip the row</option>
            </NativeSelect>
          </Field>
          <Field label="Owner of new contacts" optional error={errors['options.owner_id']}>
            <MemberSelect
              value={options.owner_id}
              onChange={(owner_id) => setOptions({ ...options, owner_id })}
            />
          </Field>
          <Field label="Tags for every imported contact" optional error={errors['options.tags']}>
            <TagInput value={options.tags} onChange={(tags) => setOptions({ ...options, tags })} />
          </Field>
          <Field
            label="Country of phone numbers without a prefix"
            optional
            hint="Two letters, e.g. FR; default: your company's"
            error={errors['options.default_country']}
          >
            <Input
              value={options.default_country ?? ''}
              maxLength={2}
              className="uppercase"
              onChange={(e) =>
                setOptions({ ...options, default_country: e.target.value.toUpperCase() || null })
              }
            />
          </Field>
        </CardContent>
      </Card>

      <div className="flex flex-wrap items-center justify-end gap-3">
        {csv && mappedCount === 0 ? <Badge variant="warning">Map at least one column</Badge> : null}
        <Button onClick={preview} pending={saving || previewing} disabled={csv && mappedCount === 0}>
          {saving || previewing ? 'Checking every row…' : 'Preview import'}
        </Button>
      </div>
    </div>
  );
}

/** One mapping row per column of the file, the API's suggestion where it has one. */
function fullMapping(imported: Import): ImportColumnMapping[] {
  if (imported.format !== 'csv') return [];
  return imported.columns.map(
    (c) => imported.mapping.find((m) => m.column === c.index) ?? { column: c.index, target: null },
  );
}

/** Options as PATCH takes them (an empty country as null). */
function cleanOptions(options: Import['options']) {
  return {
    on_match: options.on_match,
    tags: options.tags,
    owner_id: options.owner_id,
    default_country: options.default_country || null,
  };
}

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 102.4) / 10} KB`;
  return `${Math.round(bytes / 104857.6) / 10} MB`;
}
