/**
 * Editing a draft quote; a sent quote never changes, so its address opens the quote.
 */
import type { TaxRate } from '@comptoir/contracts/billing/catalog';
import type { Customer } from '@comptoir/contracts/billing/customers';
import type { QuoteWithLines } from '@comptoir/contracts/billing/quotes';
import { Alert, PageHeader } from '@comptoir/ui';
import { can } from '@comptoir/ui/server';
import { ChevronLeft } from 'lucide-react';
import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { load, requireMe } from '@/lib/api';
import { QuoteEditor } from '../../_components/quote-editor';

export const metadata: Metadata = { title: 'Edit draft quote' };

export default async function EditQuotePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const me = await requireMe();
  const [quote, rates] = await Promise.all([
    load<QuoteWithLines>(`/quotes/${id}`, undefined, { notFoundOn404: true }),
    load<{ data: TaxRate[] }>('/tax-rates'),
  ]);
  if (quote.ok && quote.data.status !== 'draft') redirect(`/quotes/${id}`);
  const customer = quote.ok ? await load<Customer>(`/customers/${quote.data.customer_id}`) : null;
  return (
    <div className="grid grid-cols-1 gap-6">
      <PageHeader
        eyebrow={
          <Link href={`/quotes/${id}`} className="inline-flex items-center gap-1 hover:text-foreground">
            <ChevronLeft aria-hidden="true" className="size-4" />
            Draft quote
          </Link>
        }
        title="Edit draft quote"
        description="Saving replaces every line; the totals follow."
      />
      {!quote.ok ? (
        <Alert variant="error" title="This quote could not be loaded">
          {quote.message}
        </Alert>
      ) : !can(me, 'quotes:update') ? (
        <Alert>Your role does not allow editing quotes.</Alert>
      ) : !rates.ok ? (
        <Alert variant="error" title="The VAT rates could not be loaded">
          {rates.message}
        </Alert>
      ) : (
        <QuoteEditor
          quote={quote.data}
          taxRates={rates.data.data}
          customer={
            customer?.ok
              ? customer.data
              : {
                  id: quote.data.customer_id,
                  legal_name: quote.data.customer_name,
                  email: null,
                  city: '',
                  default_currency: quote.data.currency,
                  payment_terms_days: null,
                }
          }
        />
      )}
    </div>
  );
}
