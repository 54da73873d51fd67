/**
 * Every field of a contact in one form, lists of e-mails, phones and addresses included.
 */
import type { Contact } from '@comptoir/contracts/crm/contacts';
import type { CustomField } from '@comptoir/contracts/crm/custom-fields';
import { Alert, PageHeader } from '@comptoir/ui';
import { can } from '@comptoir/ui/server';
import { ChevronLeft } from 'lucide-react';
import type { Metadata } from 'next';
import Link from 'next/link';
import { load, requireMe } from '@/lib/api';
import { personName } from '@/lib/format';
import { ContactForm } from '../../_components/contact-form';

export const metadata: Metadata = { title: 'Edit contact' };

export default async function EditContactPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const me = await requireMe();
  const [contact, fields] = await Promise.all([
    load<Contact>(`/contacts/${id}`, undefined, { notFoundOn404: true }),
    load<{ data: CustomField[] }>('/custom-fields', { entity: 'contact' }),
  ]);
  if (!contact.ok) {
    return (
      <Alert variant="error" title="This contact could not be loaded">
        {contact.message}
      </Alert>
    );
  }
  return (
    <div className="mx-auto grid w-full max-w-3xl grid-cols-1 gap-6">
      <PageHeader
        eyebrow={
          <Link href={`/contacts/${id}`} className="inline-flex items-center gap-1 hover:text-foreground">
            <ChevronLeft aria-hidden="true" className="size-4" />
            {personName(contact.data)}
          </Link>
        }
        title="Edit contact"
      />
      {can(me, 'contacts:update') ? (
        <ContactForm contact={contact.data} customFields={fields.ok ? fields.data.data : []} />
      ) : (
        <Alert>Your role does not allow changing contacts.</Alert>
      )}
    </div>
  );
}
