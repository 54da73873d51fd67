/**
 * A new recurring invoice: the form, with the customer of `?customer=` already chosen.
 */
import type { TaxRate } from '@comptoir/contracts/billing/catalog';
import type { Customer } from '@comptoir/contracts/billing/customers';
import type { BillingSettings } from '@comptoir/contracts/billing/settings';
import { Alert, PageHeader } from '@comptoir/ui';
import { can } from '@comptoir/ui/server';
import { ChevronLeft } from 'lucide-react';
import type { Metadata } from 'next';
import Link from 'next/link';
import { load, requireMe } from '@/lib/api';
import { one } from '@/lib/paging';
import { RecurringForm } from '../_components/recurring-form';

export const metadata: Metadata = { title: 'New recurring invoice' };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export default async function NewRecurringPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const raw = await searchParams;
  const customerId = UUID.test(one(raw, 'customer')) ? one(raw, 'customer') : '';
  const me = await requireMe();
  const [rates, settings, customer] = await Promise.all([
    load<{ data: TaxRate[] }>('/tax-rates'),
    load<BillingSettings>('/settings'),
    customerId ? load<Customer>(`/customers/${customerId}`) : null,
  ]);
  return (
    <div className="grid grid-cols-1 gap-6">
      <PageHeader
        eyebrow={
          <Link href="/recurring" className="inline-flex items-center gap-1 hover:text-foreground">
            <ChevronLeft aria-hidden="true" className="size-4" />
            Recurring invoices
          </Link>
        }
        title="New recurring invoice"
        description="The lines are invoiced once per period, from the first day on."
      />
      {!can(me, 'recurring:manage') ? (
        <Alert>Your role does not allow setting up recurring invoices.</Alert>
      ) : !rates.ok ? (
        <Alert variant="error" title="The VAT rates could not be loaded">
          {rates.message}
        </Alert>
      ) : (
        <RecurringForm
          taxRates={rates.data.data}
          customer={customer?.ok && !customer.data.archived_at ? customer.data : null}
          defaultTermsDays={settings.ok ? settings.data.default_payment_terms_days : 30}
        />
      )}
    </div>
  );
}
