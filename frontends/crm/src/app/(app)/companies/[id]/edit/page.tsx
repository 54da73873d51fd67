/**
 * Every field of a company in one form.
 */
import type { Company } from '@comptoir/contracts/crm/companies';
import type { CustomField } from '@comptoir/contracts/crm/custom-fields';
import { Alert, PageHeader } from '@comptoir/ui';
import { can } from '@comptoir/ui/server';
import { ChevronLeft } from 'lucide-react';
import type { Metadata } from 'next';
import Link from 'next/link';
import { load, requireMe } from '@/lib/api';
import { CompanyForm } from '../../_components/company-form';

export const metadata: Metadata = { title: 'Edit company' };

export default async function EditCompanyPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const me = await requireMe();
  const [company, fields] = await Promise.all([
    load<Company>(`/companies/${id}`, undefined, { notFoundOn404: true }),
    load<{ data: CustomField[] }>('/custom-fields', { entity: 'company' }),
  ]);
  if (!company.ok) {
    return (
      <Alert variant="error" title="This company could not be loaded">
        {company.message}
      </Alert>
    );
  }
  return (
    <div className="mx-auto grid w-full max-w-3xl grid-cols-1 gap-6">
      <PageHeader
        eyebrow={
          <Link href={`/companies/${id}`} className="inline-flex items-center gap-1 hover:text-foreground">
            <ChevronLeft aria-hidden="true" className="size-4" />
            {company.data.name}
          </Link>
        }
        title="Edit company"
      />
      {can(me, 'companies:update') ? (
        <CompanyForm company={company.data} customFields={fields.ok ? fields.data.data : []} />
      ) : (
        <Alert>Your role does not allow changing companies.</Alert>
      )}
    </div>
  );
}
