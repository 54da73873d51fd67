'use client';
/**
 * @module contact-form
 * The whole contact form (create and edit): names, job title, company, labelled e-mails, phones
 * and addresses, tags, owner, source, notes and the tenant's custom fields. Checked with the
 * contracts' schemas first, then by the API; every error shows next to its field, nested ones
 * (`emails.1.address`, `custom.segment`) included.
 */
import { type Contact, ContactCreateSchema, ContactUpdateSchema } from '@comptoir/contracts/crm/contacts';
import type { CustomField } from '@comptoir/contracts/crm/custom-fields';
import {
  Alert,
  apiRequest,
  Button,
  Card,
  CardContent,
  type ComboboxOption,
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
import { CompanyPicker, MemberSelect } from '../../_components/pickers';

/** Props of {@link ContactForm}. */
export interface ContactFormProps {
  /** The contact being edited; absent to create one. */
  contact?: Contact;
  customFields: readonly CustomField[];
  /** Preselected company when creating from a company page. */
  company?: ComboboxOption | null;
  /** The signed-in member, owner of new contacts by default. */
  defaultOwnerId?: string | null;
}

/** Creates (`POST /contacts`) or updates (`PATCH /contacts/{id}`) a contact, then opens it. */
export function ContactForm({
  contact,
  customFields,
  company: initialCompany,
  defaultOwnerId,
}: ContactFormProps) {
  const router = useRouter();
  const formRef = useRef<HTMLFormElement>(null);
  const [firstName, setFirstName] = useState(contact?.first_name ?? '');
  const [lastName, setLastName] = useState(contact?.last_name ?? '');
  const [jobTitle, setJobTitle] = useState(contact?.job_title ?? '');
  const [company, setCompany] = useState<ComboboxOption | null>(
    contact?.company ? { value: contact.company.id, label: contact.company.name } : (initialCompany ?? null),
  );
  const [emails, setEmails] = useState<EmailRow[]>(
    contact ? contact.emails.map((e) => ({ ...e })) : [{ label: 'work', address: '' }],
  );
  const [phones, setPhones] = useState<PhoneRow[]>(
    contact
      ? contact.phones.map((p) => ({ label: p.label, number: p.number }))
      : [{ label: 'mobile', number: '' }],
  );
  const [addresses, setAddresses] = useState<AddressRow[]>(contact ? addressRows(contact.addresses) : []);
  const [tags, setTags] = useState<string[]>(contact?.tags ?? []);
  const [owner, setOwner] = useState<string | null>(contact ? contact.owner_id : (defaultOwnerId ?? null));
  const [source, setSource] = useState(contact?.source ?? '');
  const [notes, setNotes] = useState(contact?.notes ?? '');
  const [custom, setCustom] = useState<CustomRows>(customRows(contact?.custom ?? {}));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [message, setMessage] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  /** The API numbers list rows without the blank ones the form keeps: map its errors back. */
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
      first_name: firstName.trim(),
      last_name: lastName.trim(),
      job_title: jobTitle.trim() || null,
      company_id: company?.value ?? null,
      emails: emailsInput(emails),
      phones: phonesInput(phones),
      addresses: addressesInput(addresses),
      tags,
      owner_id: owner,
      source: source.trim() || null,
      notes: notes.trim() || null,
      custom: customInput(customFields, custom, contact?.custom),
    };
    const parsed = contact ? ContactUpdateSchema.safeParse(input) : ContactCreateSchema.safeParse(input);
    if (!parsed.success) {
      setErrors(remap(pathErrorsOfIssues(parsed.error.issues)));
      setMessage('Some fields need your attention.');
      focusFirstInvalid(formRef.current);
      return;
    }
    setPending(true);
    setMessage(null);
    const result = await apiRequest<Contact>(
      contact ? `/api/crm/contacts/${contact.id}` : '/api/crm/contacts',
      {
        method: contact ? 'PATCH' : 'POST',
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
    router.push(`/contacts/${result.data.id}`);
    router.refresh();
  }

  return (
    <form ref={formRef} onSubmit={onSubmit} noValidate className="grid gap-6">
      {message ? <Alert variant="error">{message}</Alert> : null}
      <Card>
        <CardContent className="grid gap-4">
          <div className="grid gap-4 sm:grid-cols-2">
            <Field label="First name" error={errors.first_name}>
              <Input
                value={firstName}
                onChange={(e) => setFirstName(e.target.value)}
                maxLength={200}
                autoComplete="off"
              />
            </Field>
            <Field label="Last name" error={errors.last_name}>
              <Input
                value={lastName}
                onChange={(e) => setLastName(e.target.value)}
                maxLength={200}
                autoComplete="off"
              />
            </Field>
            <Field label="Job title" optional error={errors.job_title}>
              <Input
                value={jobTitle}
                onChange={(e) => setJobTitle(e.target.value)}
                maxLength={200}
                autoComplete="off"
              />
            </Field>
            <Field label="Company" optional error={errors.company_id}>
              <CompanyPicker value={company} onChange={setCompany} />
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
            <Field label="Source" optional hint="Where you met: a fair, a referral…" error={errors.source}>
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
          <Link href={contact ? `/contacts/${contact.id}` : '/contacts'}>Cancel</Link>
        </Button>
        <Button type="submit" pending={pending}>
          {pending ? 'Saving…' : contact ? 'Save changes' : 'Create contact'}
        </Button>
      </div>
    </form>
  );
}
