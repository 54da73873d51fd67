/**
 * A new draft quote: the editor, with the customer of `?customer=` already chosen.
 */
import type { TaxRate } from '@comptoir/contracts/billing/catalog';
import type { Customer } from '@comptoir/contracts/billing/customers';
import { Alert, PageHeader } from '@comptoir/ui';
import { can } from '@comptoir/ui/server';
import { ChevronLeft } from 'lucide-react';
import type { Metadata } from 'next';
import Link from 'next/link';
import { load, requireMe } from '@/lib/api';
import { one } from '@/lib/paging';
import { QuoteEditor } from '../_components/quote-editor';

export const metadata: Metadata = { title: 'New quote' };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export default async function NewQuotePage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const raw = await searchParams;
  const customerId = UUID.test(one(raw, 'customer')) ? one(raw, 'customer') : '';
  const me = await requireMe();
  const [rates, customer] = await Promise.all([
    load<{ data: TaxRate[] }>('/tax-rates'),
    customerId ? load<Customer>(`/customers/${customerId}`) : null,
  ]);
  return (
    <div className="grid grid-cols-1 gap-6">
      <PageHeader
        eyebrow={
          <Link href="/quotes" className="inline-flex items-center gap-1 hover:text-foreground">
            <ChevronLeft aria-hidden="true" className="size-4" />
            Quotes
          </Link>
        }
        title="New quote"
        description="A draft until you send it: change anything, the totals follow."
      />
      {!can(me, 'quotes:create') ? (
        <Alert>Your role does not allow creating quotes.</Alert>
      ) : !rates.ok ? (
        <Alert variant="error" title="The VAT rates could not be loaded">
          {rates.message}
        </Alert>
      ) : (
        <QuoteEditor
          taxRates={rates.data.data}
          customer={customer?.ok && !customer.data.archived_at ? customer.data : null}
        />
      )}
    </div>
  );
}
