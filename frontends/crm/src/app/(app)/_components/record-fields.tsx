'use client';
/**
 * @module record-fields
 * Inline-editable fields shared by contacts and companies: labelled e-mails, phones and
 * addresses, tags, owner, notes and custom fields.
 */
import type { Address, LabelledEmail, LabelledPhone } from '@comptoir/contracts/crm/common';
import type { CustomField } from '@comptoir/contracts/crm/custom-fields';
import { Badge, Input, TagInput, Textarea } from '@comptoir/ui';
import type { ReactNode } from 'react';
import { formatDay } from '@/lib/format';
import { useMemberName, useSession } from '@/lib/session';
import {
  AddressesEditor,
  type AddressRow,
  addressesInput,
  addressRows,
  CustomFieldInput,
  type EmailRow,
  EmailsEditor,
  emailsInput,
  labelName,
  type PhoneRow,
  PhonesEditor,
  phonesInput,
} from './form-parts';
import { InlineField, type ParseSchema } from './inline-field';
import { MemberSelect } from './pickers';

export const none = <span className="text-muted-foreground">—</span>;

interface Common {
  endpoint: string;
  schema: ParseSchema;
  editable: boolean;
}

/** A single-line text field (`null` when emptied unless `required`). */
export function TextField({
  label,
  field,
  value,
  required = false,
  maxLength = 200,
  display,
  ...common
}: Common & {
  label: string;
  field: string;
  value: string | null;
  required?: boolean;
  maxLength?: number;
  display?: ReactNode;
}) {
  return (
    <InlineField
      label={label}
      display={display ?? (value || none)}
      initial={value ?? ''}
      editor={(v, set, control) => (
        <Input {...control} value={v} maxLength={maxLength} onChange={(e) => set(e.target.value)} />
      )}
      toBody={(v) => ({ [field]: required ? v.trim() : v.trim() || null })}
      {...common}
    />
  );
}

/** Notes (multi-line). */
export function NotesField({ value, ...common }: Common & { value: string | null }) {
  return (
    <InlineField
      label="Notes"
      wide
      multiline
      display={value ? <p className="whitespace-pre-wrap">{value}</p> : none}
      initial={value ?? ''}
      editor={(v, set, control) => (
        <Textarea {...control} rows={5} value={v} maxLength={20000} onChange={(e) => set(e.target.value)} />
      )}
      toBody={(v) => ({ notes: v.trim() || null })}
      {...common}
    />
  );
}

/** Tags. */
export function TagsField({ value, ...common }: Common & { value: readonly string[] }) {
  return (
    <InlineField
      label="Tags"
      display={
        value.length ? (
          <span className="flex flex-wrap gap-1">
            {value.map((t) => (
              <Badge key={t} variant="secondary">
                {t}
              </Badge>
            ))}
          </span>
        ) : (
          none
        )
      }
      initial={[...value]}
      editor={(v, set, control) => <TagInput {...control} value={v} onChange={set} />}
      toBody={(v) => ({ tags: v })}
      {...common}
    />
  );
}

/** Owner (a member). */
export function OwnerField({ value, ...common }: Common & { value: string | null }) {
  const memberName = useMemberName();
  return (
    <InlineField
      label="Owner"
      display={value ? memberName(value) : none}
      initial={value}
      editor={(v, set, control) => <MemberSelect {...control} value={v} onChange={set} />}
      toBody={(v) => ({ owner_id: v })}
      {...common}
    />
  );
}

/** Labelled e-mails. */
export function EmailsField({ value, ...common }: Common & { value: readonly LabelledEmail[] }) {
  return (
    <InlineField
      label="Emails"
      group
      display={
        value.length ? (
          <ul className="grid gap-0.5">
            {value.map((e) => (
              <li key={e.address} className="min-w-0 truncate">
                <a href={`mailto:${e.address}`} className="underline-offset-4 hover:underline">
                  {e.address}
                </a>{' '}
                <span className="text-muted-foreground text-xs">{labelName(e.label)}</span>
              </li>
            ))}
          </ul>
        ) : (
          none
        )
      }
      initial={value.map((e) => ({ ...e })) as EmailRow[]}
      editor={(v, set) => <EmailsEditor value={v} onChange={set} errors={{}} />}
      toBody={(v) => ({ emails: emailsInput(v) })}
      {...common}
    />
  );
}

/** Labelled phones (shown as typed, dialled in E.164). */
export function PhonesField({ value, ...common }: Common & { value: readonly LabelledPhone[] }) {
  return (
    <InlineField
      label="Phones"
      group
      display={
        value.length ? (
          <ul className="grid gap-0.5">
            {value.map((p) => (
              <li key={`${p.label}-${p.number}`}>
                <a href={`tel:${p.e164 ?? p.number}`} className="underline-offset-4 hover:underline">
                  {p.number}
                </a>{' '}
                <span className="text-muted-foreground text-xs">{labelName(p.label)}</span>
              </li>
            ))}
          </ul>
        ) : (
          none
        )
      }
      initial={value.map((p) => ({ label: p.label, number: p.number })) as PhoneRow[]}
      editor={(v, set) => <PhonesEditor value={v} onChange={set} errors={{}} />}
      toBody={(v) => ({ phones: phonesInput(v) })}
      {...common}
    />
  );
}

/** Postal addresses. */
export function AddressesField({ value, ...common }: Common & { value: readonly Address[] }) {
  return (
    <InlineField
      label="Addresses"
      group
      wide
      display={
        value.length ? (
          <ul className="grid gap-2 sm:grid-cols-2">
            {value.map((a, i) => (
              <li key={i}>
                <span className="text-muted-foreground text-xs">{labelName(a.label)}</span>
                <address className="whitespace-pre-line not-italic">
                  {[a.street, [a.postal_code, a.city].filter(Boolean).join(' '), a.region, a.country]
                    .filter(Boolean)
                    .join('\n')}
                </address>
              </li>
            ))}
          </ul>
        ) : (
          none
        )
      }
      initial={addressRows(value) as AddressRow[]}
      editor={(v, set) => <AddressesEditor value={v} onChange={set} errors={{}} />}
      toBody={(v) => ({ addresses: addressesInput(v) })}
      {...common}
    />
  );
}

/** One custom field, by its definition. */
export function CustomValueField({
  field,
  value,
  ...common
}: Common & { field: CustomField; value: string | number | null | undefined }) {
  const { tenant } = useSession();
  const text = value === null || value === undefined ? '' : String(value);
  const shown =
    text === ''
      ? none
      : field.type === 'date'
        ? formatDay(text, tenant.locale)
        : field.type === 'number'
          ? text
          : text;
  return (
    <InlineField
      label={field.label}
      display={shown}
      initial={text}
      editor={(v, set, control) => <CustomFieldInput {...control} field={field} value={v} onChange={set} />}
      toBody={(v) => {
        const trimmed = v.trim();
        const parsed = field.type === 'number' && trimmed ? Number(trimmed.replace(',', '.')) : trimmed;
        return { custom: { [field.key]: trimmed === '' ? null : Number.isNaN(parsed) ? trimmed : parsed } };
      }}
      errorPath={`custom.${field.key}`}
      {...common}
    />
  );
}
