/**
 * Editing a customer. Issued invoices keep the buyer they were issued with.
 */
import type { Customer } from '@comptoir/contracts/billing/customers';
import { Alert, PageHeader } from '@comptoir/ui';
import { can } from '@comptoir/ui/server';
import { ChevronLeft } from 'lucide-react';
import type { Metadata } from 'next';
import Link from 'next/link';
import { load, requireMe } from '@/lib/api';
import { CustomerForm } from '../../_components/customer-form';

export const metadata: Metadata = { title: 'Edit customer' };

export default async function EditCustomerPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const me = await requireMe();
  const customer = await load<Customer>(`/customers/${id}`, undefined, { notFoundOn404: true });
  return (
    <div className="mx-auto grid w-full max-w-3xl grid-cols-1 gap-6">
      <PageHeader
        eyebrow={
          <Link href={`/customers/${id}`} className="inline-flex items-center gap-1 hover:text-foreground">
            <ChevronLeft aria-hidden="true" className="size-4" />
            {customer.ok ? customer.data.legal_name : 'Customer'}
          </Link>
        }
        title="Edit customer"
        description="Invoices already issued keep the details they were issued with."
      />
      {!customer.ok ? (
        <Alert variant="error" title="This customer could not be loaded">
          {customer.message}
        </Alert>
      ) : can(me, 'customers:update') ? (
        <CustomerForm customer={customer.data} />
      ) : (
        <Alert>Your role does not allow editing customers.</Alert>
      )}
    </div>
  );
}
