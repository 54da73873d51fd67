'use client';
/**
 * @module form-parts
 * Pieces of the contact, company and deal forms: labelled lists of e-mails, phones and postal
 * addresses (add, edit, remove rows), and the tenant's custom fields rendered from their
 * definitions (text, number, date, select). Errors are keyed by path (`emails.0.address`,
 * `custom.segment`), from the contracts' schemas or the API's problem pointers.
 */
import { ADDRESS_LABELS, EMAIL_LABELS, PHONE_LABELS } from '@comptoir/contracts/crm/common';
import type { CustomField } from '@comptoir/contracts/crm/custom-fields';
import { Button, errorAt, Field, type FieldErrors, Input, NativeSelect, Textarea } from '@comptoir/ui';
import { Plus, Trash2 } from 'lucide-react';
import type { ReactNode } from 'react';

const LABEL_NAMES: Record<string, string> = {
  work: 'Work',
  home: 'Home',
  other: 'Other',
  mobile: 'Mobile',
  fax: 'Fax',
  billing: 'Billing',
  shipping: 'Shipping',
};

/** "Work", "Mobile"… for a label key. */
export const labelName = (label: string) => LABEL_NAMES[label] ?? label;

/** An e-mail row as the form holds it. */
export interface EmailRow {
  label: string;
  address: string;
}
/** A phone row as the form holds it. */
export interface PhoneRow {
  label: string;
  number: string;
}
/** An address row as the form holds it (empty strings for missing parts). */
export interface AddressRow {
  label: string;
  street: string;
  postal_code: string;
  city: string;
  region: string;
  country: string;
}

/** Emails and phones typed by the member, as the API takes them (blank rows dropped). */
export const emailsInput = (rows: readonly EmailRow[]) =>
  rows.filter((r) => r.address.trim()).map((r) => ({ label: r.label, address: r.address.trim() }));
export const phonesInput = (rows: readonly PhoneRow[]) =>
  rows.filter((r) => r.number.trim()).map((r) => ({ label: r.label, number: r.number.trim() }));
export const addressesInput = (rows: readonly AddressRow[]) =>
  rows
    .filter((r) => [r.street, r.postal_code, r.city, r.region, r.country].some((v) => v.trim()))
    .map((r) => {
      const part = (v: string) => (v.trim() ? v.trim() : undefined);
      return {
        label: r.label,
        street: part(r.street),
        postal_code: part(r.postal_code),
        city: part(r.city),
        region: part(r.region),
        country: part(r.country.toUpperCase()),
      };
    });

/** Stored addresses as form rows. */
export const addressRows = (
  addresses: readonly {
    label: string;
    street?: string | undefined;
    postal_code?: string | undefined;
    city?: string | undefined;
    region?: string | undefined;
    country?: string | undefined;
  }[],
): AddressRow[] =>
  addresses.map((a) => ({
    label: a.label,
    street: a.street ?? '',
    postal_code: a.postal_code ?? '',
    city: a.city ?? '',
    region: a.region ?? '',
    country: a.country ?? '',
  }));

/**
 * Maps errors of the submitted (blank rows dropped) lists back to the form's rows: the API's
 * `emails.1.address` is the second non-blank row.
 */
export function remapListErrors(errors: FieldErrors, list: string, keep: readonly boolean[]): FieldErrors {
  const positions = keep.flatMap((k, i) => (k ? [i] : []));
  const out: FieldErrors = {};
  for (const [key, value] of Object.entries(errors)) {
    const match = new RegExp(`^${list}\\.(\\d+)(\\..*)?$`).exec(key);
    if (match) out[`${list}.${positions[Number(match[1])] ?? match[1]}${match[2] ?? ''}`] = value;
    else out[key] = value;
  }
  return out;
}

function ListFieldset({
  legend,
  children,
  onAdd,
  addLabel,
  error,
}: {
  legend: string;
  children: ReactNode;
  onAdd: () => void;
  addLabel: string;
  error?: string | undefined;
}) {
  return (
    <fieldset className="grid gap-2">
      <legend className="mb-1.5 font-medium text-sm">{legend}</legend>
      {children}
      {error ? <p className="text-destructive text-xs">{error}</p> : null}
      <div>
        <Button variant="outline" size="sm" onClick={onAdd}>
          <Plus aria-hidden="true" />
          {addLabel}
        </Button>
      </div>
    </fieldset>
  );
}

/** Labelled e-mail addresses. */
export function EmailsEditor({
  value,
  onChange,
  errors,
}: {
  value: readonly EmailRow[];
  onChange: (rows: EmailRow[]) => void;
  errors: FieldErrors;
}) {
  const set = (i: number, patch: Partial<EmailRow>) =>
    onChange(value.map((row, j) => (i === j ? { ...row, ...patch } : row)));
  return (
    <ListFieldset
      legend="Emails"
      addLabel="Add email"
      onAdd={() => onChange([...value, { label: 'work', address: '' }])}
      error={errors.emails}
    >
      {value.map((row, i) => (
        <div key={i} className="grid grid-cols-[7rem_1fr_auto] items-start gap-2">
          <Field label={<span className="sr-only">Label of email {i + 1}</span>}>
            <NativeSelect value={row.label} onChange={(e) => set(i, { label: e.target.value })}>
              {EMAIL_LABELS.map((l) => (
                <option key={l} value={l}>
                  {labelName(l)}
                </option>
              ))}
            </NativeSelect>
          </Field>
          <Field
            label={<span className="sr-only">Email {i + 1}</span>}
            error={errorAt(errors, `emails.${i}`)}
          >
            <Input
              type="email"
              inputMode="email"
              autoComplete="off"
              spellCheck={false}
              maxLength={254}
              value={row.address}
              onChange={(e) => set(i, { address: e.target.value })}
            />
          </Field>
          <Button
            variant="ghost"
            size="icon"
            aria-label={`Remove email ${i + 1}`}
            onClick={() => onChange(value.filter((_, j) => j !== i))}
          >
            <Trash2 aria-hidden="true" />
          </Button>
        </div>
      ))}
    </ListFieldset>
  );
}

/** Labelled phone numbers (the API normalises them to E.164). */
export function PhonesEditor({
  value,
  onChange,
  errors,
}: {
  value: readonly PhoneRow[];
  onChange: (rows: PhoneRow[]) => void;
  errors: FieldErrors;
}) {
  const set = (i: number, patch: Partial<PhoneRow>) =>
    onChange(value.map((row, j) => (i === j ? { ...row, ...patch } : row)));
  return (
    <ListFieldset
      legend="Phones"
      addLabel="Add phone"
      onAdd={() => onChange([...value, { label: 'mobile', number: '' }])}
      error={errors.phones}
    >
      {value.map((row, i) => (
        <div key={i} className="grid grid-cols-[7rem_1fr_auto] items-start gap-2">
          <Field label={<span className="sr-only">Label of phone {i + 1}</span>}>
            <NativeSelect value={row.label} onChange={(e) => set(i, { label: e.target.value })}>
              {PHONE_LABELS.map((l) => (
                <option key={l} value={l}>
                  {labelName(l)}
                </option>
              ))}
            </NativeSelect>
          </Field>
          <Field
            label={<span className="sr-only">Phone {i + 1}</span>}
            error={errorAt(errors, `phones.${i}`)}
          >
            <Input
              type="tel"
              inputMode="tel"
              autoComplete="off"
              maxLength={50}
              value={row.number}
              onChange={(e) => set(i, { number: e.target.value })}
            />
          </Field>
          <Button
            variant="ghost"
            size="icon"
            aria-label={`Remove phone ${i + 1}`}
            onClick={() => onChange(value.filter((_, j) => j !== i))}
          >
            <Trash2 aria-hidden="true" />
          </Button>
        </div>
      ))}
    </ListFieldset>
  );
}

/** Labelled postal addresses. */
export function AddressesEditor({
  value,
  onChange,
  errors,
}: {
  value: readonly AddressRow[];
  onChange: (rows: AddressRow[]) => void;
  errors: FieldErrors;
}) {
  const set = (i: number, patch: Partial<AddressRow>) =>
    onChange(value.map((row, j) => (i === j ? { ...row, ...patch } : row)));
  return (
    <ListFieldset
      legend="Addresses"
      addLabel="Add address"
      onAdd={() =>
        onChange([
          ...value,
          { label: 'work', street: '', postal_code: '', city: '', region: '', country: '' },
        ])
      }
      error={errors.addresses}
    >
      {value.map((row, i) => {
        const at = (part: string) => errors[`addresses.${i}.${part}`];
        return (
          <div key={i} className="grid gap-2 rounded-lg border p-3">
            <div className="flex items-end justify-between gap-2">
              <Field label={`Label of address ${i + 1}`} className="w-40">
                <NativeSelect value={row.label} onChange={(e) => set(i, { label: e.target.value })}>
                  {ADDRESS_LABELS.map((l) => (
                    <option key={l} value={l}>
                      {labelName(l)}
                    </option>
                  ))}
                </NativeSelect>
              </Field>
              <Button
                variant="ghost"
                size="sm"
                aria-label={`Remove address ${i + 1}`}
                onClick={() => onChange(value.filter((_, j) => j !== i))}
              >
                <Trash2 aria-hidden="true" />
                Remove
              </Button>
            </div>
            <Field label="Street" error={at('street')}>
              <Textarea
                rows={2}
                className="min-h-14"
                value={row.street}
                maxLength={300}
                onChange={(e) => set(i, { street: e.target.value })}
              />
            </Field>
            <div className="grid gap-2 sm:grid-cols-[8rem_1fr]">
              <Field label="Postal code" error={at('postal_code')}>
                <Input
                  value={row.postal_code}
                  maxLength={20}
                  onChange={(e) => set(i, { postal_code: e.target.value })}
                />
              </Field>
              <Field label="City" error={at('city')}>
                <Input value={row.city} maxLength={100} onChange={(e) => set(i, { city: e.target.value })} />
              </Field>
            </div>
            <div className="grid gap-2 sm:grid-cols-[1fr_8rem]">
              <Field label="Region" optional error={at('region')}>
                <Input
                  value={row.region}
                  maxLength={100}
                  onChange={(e) => set(i, { region: e.target.value })}
                />
              </Field>
              <Field label="Country" hint="Two letters, e.g. FR" error={at('country')}>
                <Input
                  value={row.country}
                  maxLength={2}
                  autoComplete="off"
                  className="uppercase"
                  onChange={(e) => set(i, { country: e.target.value.toUpperCase() })}
                />
              </Field>
            </div>
          </div>
        );
      })}
    </ListFieldset>
  );
}

/** Custom values as the form holds them: text for every type (numbers parsed on submit). */
export type CustomRows = Record<string, string>;

/** Stored custom values as form text. */
export const customRows = (values: Record<string, string | number | null>): CustomRows =>
  Object.fromEntries(Object.entries(values).map(([k, v]) => [k, v === null ? '' : String(v)]));

/**
 * Custom values for the API: numbers for number fields; with `previous`, keys emptied by the
 * member are sent as null (the API merges `custom` key by key and null removes a key).
 */
export function customInput(
  fields: readonly CustomField[],
  rows: CustomRows,
  previous?: Record<string, unknown>,
): Record<string, string | number | null> {
  const out: Record<string, string | number | null> = {};
  for (const field of fields) {
    const text = (rows[field.key] ?? '').trim();
    if (text === '') {
      if (previous && previous[field.key] !== undefined && previous[field.key] !== null)
        out[field.key] = null;
      continue;
    }
    if (field.type === 'number') {
      const n = Number(text.replace(',', '.'));
      out[field.key] = Number.isFinite(n) ? n : text;
    } else out[field.key] = text;
  }
  return out;
}

/** One input per custom field of the tenant, by type. */
export function CustomFieldsEditor({
  fields,
  value,
  onChange,
  errors,
}: {
  fields: readonly CustomField[];
  value: CustomRows;
  onChange: (rows: CustomRows) => void;
  errors: FieldErrors;
}) {
  if (fields.length === 0) return null;
  return (
    <fieldset className="grid gap-3 sm:grid-cols-2">
      <legend className="mb-1.5 font-medium text-sm">Custom fields</legend>
      {fields.map((field) => (
        <Field
          key={field.key}
          label={field.label}
          optional={!field.required}
          error={errors[`custom.${field.key}`]}
        >
          <CustomFieldInput
            field={field}
            value={value[field.key] ?? ''}
            onChange={(text) => onChange({ ...value, [field.key]: text })}
          />
        </Field>
      ))}
    </fieldset>
  );
}

/** The control of one custom field (give it a label with `Field`). */
export function CustomFieldInput({
  field,
  value,
  onChange,
  ...props
}: {
  field: CustomField;
  value: string;
  onChange: (text: string) => void;
  id?: string;
  autoFocus?: boolean;
  'aria-describedby'?: string;
  'aria-invalid'?: boolean | 'true' | 'false';
}) {
  if (field.type === 'select') {
    return (
      <NativeSelect value={value} onChange={(e) => onChange(e.target.value)} {...props}>
        <option value="">—</option>
        {[...field.options, ...(value && !field.options.includes(value) ? [value] : [])].map((o) => (
          <option key={o} value={o}>
            {o}
          </option>
        ))}
      </NativeSelect>
    );
  }
  return (
    <Input
      type={field.type === 'date' ? 'date' : 'text'}
      inputMode={field.type === 'number' ? 'decimal' : undefined}
      value={value}
      maxLength={2000}
      onChange={(e) => onChange(e.target.value)}
      {...props}
    />
  );
}
