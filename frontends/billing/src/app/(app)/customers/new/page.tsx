/**
 * A new customer; `?then=invoice` opens a new invoice for it once created.
 */
import { Alert, PageHeader } from '@comptoir/ui';
import { can } from '@comptoir/ui/server';
import { ChevronLeft } from 'lucide-react';
import type { Metadata } from 'next';
import Link from 'next/link';
import { requireMe } from '@/lib/api';
import { one } from '@/lib/paging';
import { CustomerForm } from '../_components/customer-form';

export const metadata: Metadata = { title: 'New customer' };

export default async function NewCustomerPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const raw = await searchParams;
  const me = await requireMe();
  return (
    <div className="mx-auto grid w-full max-w-3xl grid-cols-1 gap-6">
      <PageHeader
        eyebrow={
          <Link href="/customers" className="inline-flex items-center gap-1 hover:text-foreground">
            <ChevronLeft aria-hidden="true" className="size-4" />
            Customers
          </Link>
        }
        title="New customer"
      />
      {can(me, 'customers:create') ? (
        <CustomerForm thenInvoice={one(raw, 'then') === 'invoice'} />
      ) : (
        <Alert>Your role does not allow adding customers.</Alert>
      )}
    </div>
  );
}
