'use client';
/**
 * @module pickers
 * Choosing a company, a contact or a member: comboboxes searching the CRM API as the user types,
 * and a native select of the tenant's members.
 */
import type { Company } from '@comptoir/contracts/crm/companies';
import type { Contact } from '@comptoir/contracts/crm/contacts';
import { apiRequest, Combobox, type ComboboxOption, type ComboboxProps, NativeSelect } from '@comptoir/ui';
import type { ComponentProps } from 'react';
import { personName } from '@/lib/format';
import { useSession } from '@/lib/session';

type PickerProps = Omit<ComboboxProps, 'search' | 'options'>;

async function searchCompanies(query: string, signal: AbortSignal): Promise<ComboboxOption[]> {
  const params = new URLSearchParams({ limit: '10', ...(query ? { q: query } : { sort: 'name' }) });
  const result = await apiRequest<{ data: Company[] }>(`/api/crm/companies?${params}`, { signal });
  if (!result.ok) return [];
  return result.data.data.map((c) => ({ value: c.id, label: c.name, description: c.domain ?? undefined }));
}

async function searchContacts(query: string, signal: AbortSignal): Promise<ComboboxOption[]> {
  const params = new URLSearchParams({ limit: '10', ...(query ? { q: query } : { sort: 'name' }) });
  const result = await apiRequest<{ data: Contact[] }>(`/api/crm/contacts?${params}`, { signal });
  if (!result.ok) return [];
  return result.data.data.map((c) => ({
    value: c.id,
    label: personName(c),
    description: c.emails[0]?.address ?? c.company?.name ?? undefined,
  }));
}

/** A company, searched by name or domain. Put it in a `Field`. */
export function CompanyPicker(props: PickerProps) {
  return (
    <Combobox
      placeholder="Search companies…"
      emptyText="No company found"
      search={searchCompanies}
      {...props}
    />
  );
}

/** A contact, searched by name, e-mail or company. Put it in a `Field`. */
export function ContactPicker(props: PickerProps) {
  return (
    <Combobox
      placeholder="Search contacts…"
      emptyText="No contact found"
      search={searchContacts}
      {...props}
    />
  );
}

/** Props of {@link MemberSelect}. */
export interface MemberSelectProps extends Omit<ComponentProps<'select'>, 'value' | 'onChange'> {
  value: string | null;
  onChange: (memberId: string | null) => void;
  /** Label of the empty choice (default "Nobody"). */
  noneLabel?: string;
  /** Only members of these roles (default: every role but CLIENT). */
  roles?: readonly string[];
}

/** A native select of the tenant's members ("(you)" after the signed-in one). */
export function MemberSelect({
  value,
  onChange,
  noneLabel = 'Nobody',
  roles = ['OWNER', 'ADMIN', 'MANAGER', 'MEMBER'],
  ...props
}: MemberSelectProps) {
  const { members, userId } = useSession();
  const choices = members.filter((m) => roles.includes(m.role) || m.id === value);
  return (
    <NativeSelect value={value ?? ''} onChange={(event) => onChange(event.target.value || null)} {...props}>
      <option value="">{noneLabel}</option>
      {choices.map((m) => (
        <option key={m.id} value={m.id}>
          {m.name}
          {m.id === userId ? ' (you)' : ''}
        </option>
      ))}
    </NativeSelect>
  );
}
