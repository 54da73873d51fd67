'use client';
/**
 * @module company-details
 * A company's fields, each editable where it is shown (`PATCH /companies/{id}`).
 */
import { type Company, CompanyUpdateSchema } from '@comptoir/contracts/crm/companies';
import type { CustomField } from '@comptoir/contracts/crm/custom-fields';
import { formatDate } from '@/lib/format';
import { useCan, useSession } from '@/lib/session';
import {
  AddressesField,
  CustomValueField,
  EmailsField,
  NotesField,
  OwnerField,
  PhonesField,
  TagsField,
  TextField,
} from '../../../_components/record-fields';

/** The details card's description list. */
export function CompanyDetails({
  company,
  customFields,
}: {
  company: Company;
  customFields: readonly CustomField[];
}) {
  const { tenant } = useSession();
  const common = {
    endpoint: `/api/crm/companies/${company.id}`,
    schema: CompanyUpdateSchema,
    editable: useCan('companies:update') && !company.deleted_at,
  };
  return (
    <dl className="grid gap-x-6 gap-y-4 sm:grid-cols-2">
      <TextField label="Name" field="name" value={company.name} required {...common} />
      <TextField
        label="Domain"
        field="domain"
        value={company.domain}
        maxLength={253}
        display={
          company.domain ? (
            <a
              href={`https://${company.domain}`}
              target="_blank"
              rel="noopener noreferrer"
              className="underline underline-offset-4"
            >
              {company.domain}
            </a>
          ) : undefined
        }
        {...common}
      />
      <TextField label="Industry" field="industry" value={company.industry} maxLength={100} {...common} />
      <OwnerField value={company.owner_id} {...common} />
      <EmailsField value={company.emails} {...common} />
      <PhonesField value={company.phones} {...common} />
      <AddressesField value={company.addresses} {...common} />
      <TagsField value={company.tags} {...common} />
      <TextField label="Source" field="source" value={company.source} maxLength={100} {...common} />
      {customFields.map((field) => (
        <CustomValueField key={field.key} field={field} value={company.custom[field.key]} {...common} />
      ))}
      <NotesField value={company.notes} {...common} />
      <div className="text-muted-foreground text-xs sm:col-span-2">
        Added {formatDate(company.created_at, tenant, true)} · updated{' '}
        {formatDate(company.updated_at, tenant, true)}
      </div>
    </dl>
  );
}
