/**
 * A new contact with every field (the "New contact" dialog asks for the essentials only).
 */
import type { Company } from '@comptoir/contracts/crm/companies';
import type { CustomField } from '@comptoir/contracts/crm/custom-fields';
import { Alert, PageHeader } from '@comptoir/ui';
import { can } from '@comptoir/ui/server';
import { ChevronLeft } from 'lucide-react';
import type { Metadata } from 'next';
import Link from 'next/link';
import { load, requireMe } from '@/lib/api';
import { ContactForm } from '../_components/contact-form';

export const metadata: Metadata = { title: 'New contact' };

export default async function NewContactPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { company: companyId } = await searchParams;
  const me = await requireMe();
  const [fields, company] = await Promise.all([
    load<{ data: CustomField[] }>('/custom-fields', { entity: 'contact' }),
    typeof companyId === 'string' && /^[0-9a-f-]{36}$/i.test(companyId)
      ? load<Company>(`/companies/${companyId}`)
      : null,
  ]);
  return (
    <div className="mx-auto grid w-full max-w-3xl grid-cols-1 gap-6">
      <PageHeader
        eyebrow={
          <Link href="/contacts" className="inline-flex items-center gap-1 hover:text-foreground">
            <ChevronLeft aria-hidden="true" className="size-4" />
            Contacts
          </Link>
        }
        title="New contact"
        description="A first or last name is enough; the rest can wait."
      />
      {can(me, 'contacts:create') ? (
        <ContactForm
          customFields={fields.ok ? fields.data.data : []}
          company={company?.ok ? { value: company.data.id, label: company.data.name } : null}
          defaultOwnerId={me.user.id}
        />
      ) : (
        <Alert>Your role does not allow adding contacts.</Alert>
      )}
    </div>
  );
}
