'use client';
/**
 * @module company-form
 * The whole company form (create and edit): name, domain, industry, labelled e-mails, phones and
 * addresses, tags, owner, source, notes and custom fields, checked with the contracts' schemas
 * and then by the API, errors next to their fields.
 */
import { type Company, CompanyCreateSchema, CompanyUpdateSchema } from '@comptoir/contracts/crm/companies';
import type { CustomField } from '@comptoir/contracts/crm/custom-fields';
import {
  Alert,
  apiRequest,
  Button,
  Card,
  CardContent,
  Field,
  type FieldErrors,
  focusFirstInvalid,
  Input,
  pathErrorsOf,
  pathErrorsOfIssues,
  TagInput,
  Textarea,
} from '@comptoir/ui';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { type FormEvent, useRef, useState } from 'react';
import {
  AddressesEditor,
  type AddressRow,
  addressesInput,
  addressRows,
  CustomFieldsEditor,
  type CustomRows,
  customInput,
  customRows,
  type EmailRow,
  EmailsEditor,
  emailsInput,
  type PhoneRow,
  PhonesEditor,
  phonesInput,
  remapListErrors,
} from '../../_components/form-parts';
import { MemberSelect } from '../../_components/pickers';

/** Props of {@link CompanyForm}. */
export interface CompanyFormProps {
  company?: Company;
  customFields: readonly CustomField[];
  defaultOwnerId?: string | null;
}

/** Creates (`POST /companies`) or updates (`PATCH /companies/{id}`) a company, then opens it. */
export function CompanyForm({ company, customFields, defaultOwnerId }: CompanyFormProps) {
  const router = useRouter();
  const formRef = useRef<HTMLFormElement>(null);
  const [name, setName] = useState(company?.name ?? '');
  const [domain, setDomain] = useState(company?.domain ?? '');
  const [industry, setIndustry] = useState(company?.industry ?? '');
  const [emails, setEmails] = useState<EmailRow[]>(company ? company.emails.map((e) => ({ ...e })) : []);
  const [phones, setPhones] = useState<PhoneRow[]>(
    company ? company.phones.map((p) => ({ label: p.label, number: p.number })) : [],
  );
  const [addresses, setAddresses] = useState<AddressRow[]>(company ? addressRows(company.addresses) : []);
  const [tags, setTags] = useState<string[]>(company?.tags ?? []);
  const [owner, setOwner] = useState<string | null>(company ? company.owner_id : (defaultOwnerId ?? null));
  const [source, setSource] = useState(company?.source ?? '');
  const [notes, setNotes] = useState(company?.notes ?? '');
  const [custom, setCustom] = useState<CustomRows>(customRows(company?.custom ?? {}));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [message, setMessage] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  const remap = (found: FieldErrors) => {
    const kept = {
      emails: emails.map((r) => Boolean(r.address.trim())),
      phones: phones.map((r) => Boolean(r.number.trim())),
      addresses: addresses.map((r) =>
        [r.street, r.postal_code, r.city, r.region, r.country].some((v) => v.trim()),
      ),
    };
    return (['emails', 'phones', 'addresses'] as const).reduce(
      (acc, list) => remapListErrors(acc, list, kept[list]),
      found,
    );
  };

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (pending) return;
    const input = {
      name: name.trim(),
      domain: domain.trim() || null,
      industry: industry.trim() || null,
      emails: emailsInput(emails),
      phones: phonesInput(phones),
      addresses: addressesInput(addresses),
      tags,
      owner_id: owner,
      source: source.trim() || null,
      notes: notes.trim() || null,
      custom: customInput(customFields, custom, company?.custom),
    };
    const parsed = company ? CompanyUpdateSchema.safeParse(input) : CompanyCreateSchema.safeParse(input);
    if (!parsed.success) {
      setErrors(remap(pathErrorsOfIssues(parsed.error.issues)));
      setMessage('Some fields need your attention.');
      focusFirstInvalid(formRef.current);
      return;
    }
    setPending(true);
    setMessage(null);
    const result = await apiRequest<Company>(
      company ? `/api/crm/companies/${company.id}` : '/api/crm/companies',
      {
        method: company ? 'PATCH' : 'POST',
        body: parsed.data,
      },
    );
    if (!result.ok) {
      setErrors(remap(pathErrorsOf(result.problem)));
      setMessage(result.message);
      setPending(false);
      focusFirstInvalid(formRef.current);
      return;
    }
    router.push(`/companies/${result.data.id}`);
    router.refresh();
  }

  return (
    <form ref={formRef} onSubmit={onSubmit} noValidate className="grid gap-6">
      {message ? <Alert variant="error">{message}</Alert> : null}
      <Card>
        <CardContent className="grid gap-4">
          <div className="grid gap-4 sm:grid-cols-2">
            <Field label="Name" error={errors.name} className="sm:col-span-2">
              <Input
                value={name}
                onChange={(e) => setName(e.target.value)}
                maxLength={200}
                autoComplete="off"
              />
            </Field>
            <Field label="Domain" optional hint="e.g. example.com" error={errors.domain}>
              <Input
                value={domain}
                onChange={(e) => setDomain(e.target.value)}
                maxLength={253}
                autoComplete="off"
                spellCheck={false}
              />
            </Field>
            <Field label="Industry" optional error={errors.industry}>
              <Input value={industry} onChange={(e) => setIndustry(e.target.value)} maxLength={100} />
            </Field>
          </div>
          <EmailsEditor value={emails} onChange={setEmails} errors={errors} />
          <PhonesEditor value={phones} onChange={setPhones} errors={errors} />
          <AddressesEditor value={addresses} onChange={setAddresses} errors={errors} />
        </CardContent>
      </Card>
      <Card>
        <CardContent className="grid gap-4">
          <div className="grid gap-4 sm:grid-cols-2">
            <Field
              label="Tags"
              optional
              hint="Press Enter or type a comma after each tag"
              error={errors.tags}
            >
              <TagInput value={tags} onChange={setTags} />
            </Field>
            <Field label="Owner" optional error={errors.owner_id}>
              <MemberSelect value={owner} onChange={setOwner} />
            </Field>
            <Field label="Source" optional error={errors.source}>
              <Input value={source} onChange={(e) => setSource(e.target.value)} maxLength={100} />
            </Field>
          </div>
          <Field label="Notes" optional error={errors.notes}>
            <Textarea value={notes} onChange={(e) => setNotes(e.target.value)} rows={4} maxLength={20000} />
          </Field>
          <CustomFieldsEditor fields={customFields} value={custom} onChange={setCustom} errors={errors} />
        </CardContent>
      </Card>
      <div className="flex flex-col-reverse gap-2 sm:flex-row sm:justify-end">
        <Button variant="outline" asChild>
          <Link href={company ? `/companies/${company.id}` : '/companies'}>Cancel</Link>
        </Button>
        <Button type="submit" pending={pending}>
          {pending ? 'Saving…' : company ? 'Save changes' : 'Create company'}
        </Button>
      </div>
    </form>
  );
}
