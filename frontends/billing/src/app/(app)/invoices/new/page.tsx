/**
 * A new draft invoice: the editor, with the customer of `?customer=` already chosen.
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
import { InvoiceEditor } from '../_components/invoice-editor';
import { SettingsWarning } from '../_components/settings-warning';

export const metadata: Metadata = { title: 'New invoice' };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export default async function NewInvoicePage({
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
          <Link href="/invoices" className="inline-flex items-center gap-1 hover:text-foreground">
            <ChevronLeft aria-hidden="true" className="size-4" />
            Invoices
          </Link>
        }
        title="New invoice"
        description="A draft until you issue it: change anything, the totals follow."
      />
      {!can(me, 'invoices:create') ? (
        <Alert>Your role does not allow creating invoices.</Alert>
      ) : !rates.ok ? (
        <Alert variant="error" title="The VAT rates could not be loaded">
          {rates.message}
        </Alert>
      ) : (
        <>
          {settings.ok && can(me, 'invoices:issue') ? (
            <SettingsWarning missing={settings.data.missing} />
          ) : null}
          <InvoiceEditor
            taxRates={rates.data.data}
            customer={customer?.ok && !customer.data.archived_at ? customer.data : null}
            defaultTermsDays={settings.ok ? settings.data.default_payment_terms_days : 30}
          />
        </>
      )}
    </div>
  );
}
