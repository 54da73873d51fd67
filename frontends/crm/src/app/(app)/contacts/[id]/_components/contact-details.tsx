'use client';
/**
 * @module contact-details
 * A contact's fields, each editable where it is shown (`PATCH /contacts/{id}`).
 */
import { type Contact, ContactUpdateSchema } from '@comptoir/contracts/crm/contacts';
import type { CustomField } from '@comptoir/contracts/crm/custom-fields';
import Link from 'next/link';
import { formatDate } from '@/lib/format';
import { useCan, useSession } from '@/lib/session';
import { InlineField } from '../../../_components/inline-field';
import { CompanyPicker } from '../../../_components/pickers';
import {
  AddressesField,
  CustomValueField,
  EmailsField,
  NotesField,
  none,
  OwnerField,
  PhonesField,
  TagsField,
  TextField,
} from '../../../_components/record-fields';

/** The details card's description list. */
export function ContactDetails({
  contact,
  customFields,
}: {
  contact: Contact;
  customFields: readonly CustomField[];
}) {
  const { tenant } = useSession();
  const common = {
    endpoint: `/api/crm/contacts/${contact.id}`,
    schema: ContactUpdateSchema,
    editable: useCan('contacts:update') && !contact.deleted_at,
  };
  return (
    <dl className="grid gap-x-6 gap-y-4 sm:grid-cols-2">
      <TextField label="First name" field="first_name" value={contact.first_name} required {...common} />
      <TextField label="Last name" field="last_name" value={contact.last_name} required {...common} />
      <TextField label="Job title" field="job_title" value={contact.job_title} {...common} />
      <InlineField
        label="Company"
        display={
          contact.company ? (
            <Link href={`/companies/${contact.company.id}`} className="underline underline-offset-4">
              {contact.company.name}
            </Link>
          ) : (
            none
          )
        }
        initial={contact.company ? { value: contact.company.id, label: contact.company.name } : null}
        editor={(v, set, control) => <CompanyPicker {...control} value={v} onChange={set} />}
        toBody={(v) => ({ company_id: v?.value ?? null })}
        {...common}
      />
      <EmailsField value={contact.emails} {...common} />
      <PhonesField value={contact.phones} {...common} />
      <AddressesField value={contact.addresses} {...common} />
      <TagsField value={contact.tags} {...common} />
      <OwnerField value={contact.owner_id} {...common} />
      <TextField label="Source" field="source" value={contact.source} maxLength={100} {...common} />
      {customFields.map((field) => (
        <CustomValueField key={field.key} field={field} value={contact.custom[field.key]} {...common} />
      ))}
      <NotesField value={contact.notes} {...common} />
      <div className="grid gap-1 text-muted-foreground text-xs sm:col-span-2">
        <span>
          Added {formatDate(contact.created_at, tenant, true)} · updated{' '}
          {formatDate(contact.updated_at, tenant, true)}
        </span>
      </div>
    </dl>
  );
}
