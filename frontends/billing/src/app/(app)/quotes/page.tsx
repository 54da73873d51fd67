/**
 * Quotes of the current tenant: status tabs (draft, sent, accepted, declined, expired) and pages
 * from the URL (`?status=&customer=&cursor=`), loaded from `GET /quotes`.
 */
import type { Customer } from '@comptoir/contracts/billing/customers';
import type { Quote } from '@comptoir/contracts/billing/quotes';
import { Alert, Button, EmptyState, PageHeader } from '@comptoir/ui';
import { can } from '@comptoir/ui/server';
import { FilePen, Plus, SearchX, X } from 'lucide-react';
import type { Metadata } from 'next';
import Link from 'next/link';
import { load, requireMe } from '@/lib/api';
import { one, pageLinks, parsePaging, toSearch } from '@/lib/paging';
import { QUOTE_TABS, quoteTabOf } from '@/lib/quote-status';
import { FilterTabs } from '../_components/filter-tabs';
import { Pager } from '../_components/pager';
import { QuoteTable } from './_components/quote-table';

export const metadata: Metadata = { title: 'Quotes' };

const PAGE_SIZE = 25;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export default async function QuotesPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const raw = await searchParams;
  const tab = quoteTabOf(one(raw, 'status'));
  const customerId = UUID.test(one(raw, 'customer')) ? one(raw, 'customer') : '';
  const paging = parsePaging(raw);
  const me = await requireMe();
  const locale = me.tenant.locale || 'en';
  const [result, customer] = await Promise.all([
    load<{ data: Quote[]; next_cursor: string | null }>('/quotes', {
      status: tab.filter,
      customer_id: customerId || undefined,
      limit: PAGE_SIZE,
      cursor: paging.cursor,
    }),
    customerId ? load<Customer>(`/customers/${customerId}`) : null,
  ]);
  const params = { status: tab.key || undefined, customer: customerId || undefined };
  const canCreate = can(me, 'quotes:create');
  const newButton = (
    <Button asChild>
      <Link href={customerId ? `/quotes/new?customer=${customerId}` : '/quotes/new'}>
        <Plus aria-hidden="true" />
        New quote
      </Link>
    </Button>
  );
  const filtered = Boolean(tab.filter || customerId || paging.cursor);

  return (
    <div className="grid grid-cols-1 gap-6">
      <PageHeader
        title="Quotes"
        description="Send a quote, record the answer, and turn an accepted one into an invoice in one step."
        actions={canCreate ? newButton : null}
      />
      <div className="grid gap-3">
        <FilterTabs
          basePath="/quotes"
          tabs={QUOTE_TABS}
          current={tab.key}
          keep={{ customer: params.customer }}
        />
        {customerId ? (
          <div>
            <Button variant="outline" asChild>
              <Link href={`/quotes${toSearch({ status: params.status })}`}>
                Customer: {customer?.ok ? customer.data.legal_name : 'selected'}
                <X aria-hidden="true" />
                <span className="sr-only">(show every customer)</span>
              </Link>
            </Button>
          </div>
        ) : null}
      </div>
      {!result.ok ? (
        <Alert variant="error" title="The quotes could not be loaded">
          {result.message}
        </Alert>
      ) : result.data.data.length === 0 ? (
        filtered ? (
          <EmptyState
            icon={<SearchX />}
            title={tab.empty}
            description="Nothing matches this filter yet."
            action={
              <Button variant="outline" asChild>
                <Link href="/quotes">Show every quote</Link>
              </Button>
            }
          />
        ) : (
          <EmptyState
            icon={<FilePen />}
            title="No quotes yet"
            description="Write a quote with the same lines as an invoice, send it, and convert it once accepted. Won CRM deals draft one for you."
            action={canCreate ? newButton : null}
          />
        )
      ) : (
        <>
          <QuoteTable quotes={result.data.data} locale={locale} />
          <Pager label="Quote pages" pages={pageLinks('/quotes', params, paging, result.data.next_cursor)} />
        </>
      )}
    </div>
  );
}
