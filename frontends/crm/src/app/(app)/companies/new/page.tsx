/**
 * A new company with every field.
 */
import type { CustomField } from '@comptoir/contracts/crm/custom-fields';
import { Alert, PageHeader } from '@comptoir/ui';
import { can } from '@comptoir/ui/server';
import { ChevronLeft } from 'lucide-react';
import type { Metadata } from 'next';
import Link from 'next/link';
import { load, requireMe } from '@/lib/api';
import { CompanyForm } from '../_components/company-form';

export const metadata: Metadata = { title: 'New company' };

export default async function NewCompanyPage() {
  const me = await requireMe();
  const fields = await load<{ data: CustomField[] }>('/custom-fields', { entity: 'company' });
  return (
    <div className="mx-auto grid w-full max-w-3xl grid-cols-1 gap-6">
      <PageHeader
        eyebrow={
          <Link href="/companies" className="inline-flex items-center gap-1 hover:text-foreground">
            <ChevronLeft aria-hidden="true" className="size-4" />
            Companies
          </Link>
        }
        title="New company"
      />
      {can(me, 'companies:create') ? (
        <CompanyForm customFields={fields.ok ? fields.data.data : []} defaultOwnerId={me.user.id} />
      ) : (
        <Alert>Your role does not allow adding companies.</Alert>
      )}
    </div>
  );
}
