/**
 * Editing a draft invoice; an issued one never changes, so its address opens the invoice.
 */
import type { TaxRate } from '@comptoir/contracts/billing/catalog';
import type { Customer } from '@comptoir/contracts/billing/customers';
import type { InvoiceWithLines } from '@comptoir/contracts/billing/invoices';
import type { BillingSettings } from '@comptoir/contracts/billing/settings';
import { Alert, PageHeader } from '@comptoir/ui';
import { can } from '@comptoir/ui/server';
import { ChevronLeft } from 'lucide-react';
import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { load, requireMe } from '@/lib/api';
import { InvoiceEditor } from '../../_components/invoice-editor';
import { SettingsWarning } from '../../_components/settings-warning';

export const metadata: Metadata = { title: 'Edit draft invoice' };

export default async function EditInvoicePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const me = await requireMe();
  const [invoice, rates, settings] = await Promise.all([
    load<InvoiceWithLines>(`/invoices/${id}`, undefined, { notFoundOn404: true }),
    load<{ data: TaxRate[] }>('/tax-rates'),
    load<BillingSettings>('/settings'),
  ]);
  if (invoice.ok && invoice.data.status !== 'draft') redirect(`/invoices/${id}`);
  const customer = invoice.ok ? await load<Customer>(`/customers/${invoice.data.customer_id}`) : null;
  return (
    <div className="grid grid-cols-1 gap-6">
      <PageHeader
        eyebrow={
          <Link href={`/invoices/${id}`} className="inline-flex items-center gap-1 hover:text-foreground">
            <ChevronLeft aria-hidden="true" className="size-4" />
            Draft invoice
          </Link>
        }
        title="Edit draft invoice"
        description="Saving replaces every line; the totals follow."
      />
      {!invoice.ok ? (
        <Alert variant="error" title="This invoice could not be loaded">
          {invoice.message}
        </Alert>
      ) : !can(me, 'invoices:update') ? (
        <Alert>Your role does not allow editing invoices.</Alert>
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
            invoice={invoice.data}
            taxRates={rates.data.data}
            customer={
              customer?.ok
                ? customer.data
                : {
                    id: invoice.data.customer_id,
                    legal_name: invoice.data.customer_name,
                    email: null,
                    city: '',
                    default_currency: invoice.data.currency,
                    payment_terms_days: null,
                  }
            }
            defaultTermsDays={settings.ok ? settings.data.default_payment_terms_days : 30}
          />
        </>
      )}
    </div>
  );
}
