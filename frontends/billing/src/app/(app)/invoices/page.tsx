/**
 * Invoices and credit notes of the current tenant: the summary figures, status tabs, search by
 * number and pages from the URL (`?status=&q=&customer=&cursor=`), loaded from `GET /invoices`.
 */
import type { Customer } from '@comptoir/contracts/billing/customers';
import type { Invoice, InvoiceSummarySchema } from '@comptoir/contracts/billing/invoices';
import { Alert, Button, EmptyState, PageHeader } from '@comptoir/ui';
import { can } from '@comptoir/ui/server';
import { FileText, Plus, SearchX, X } from 'lucide-react';
import type { Metadata } from 'next';
import Link from 'next/link';
import type { z } from 'zod';
import { load, requireMe } from '@/lib/api';
import { tabOf } from '@/lib/invoice-status';
import { one, pageLinks, parsePaging, toSearch } from '@/lib/paging';
import { InvoiceTable } from '../_components/invoice-table';
import { Pager } from '../_components/pager';
import { SearchBox } from '../_components/search-box';
import { StatusTabs } from './_components/status-tabs';
import { SummaryCards } from './_components/summary-cards';

export const metadata: Metadata = { title: 'Invoices' };

const PAGE_SIZE = 25;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export default async function InvoicesPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const raw = await searchParams;
  const tab = tabOf(one(raw, 'status'));
  const q = one(raw, 'q').trim().slice(0, 40);
  const customerId = UUID.test(one(raw, 'customer')) ? one(raw, 'customer') : '';
  const paging = parsePaging(raw);
  const me = await requireMe();
  const locale = me.tenant.locale || 'en';
  const [result, summary, customer] = await Promise.all([
    load<{ data: Invoice[]; next_cursor: string | null }>('/invoices', {
      status: tab.filter,
      q: q || undefined,
      customer_id: customerId || undefined,
      limit: PAGE_SIZE,
      cursor: paging.cursor,
    }),
    load<z.infer<typeof InvoiceSummarySchema>>('/invoices/summary'),
    customerId ? load<Customer>(`/customers/${customerId}`) : null,
  ]);
  const params = { status: tab.key || undefined, q: q || undefined, customer: customerId || undefined };
  const canCreate = can(me, 'invoices:create');
  const newButton = (
    <Button asChild>
      <Link href={customerId ? `/invoices/new?customer=${customerId}` : '/invoices/new'}>
        <Plus aria-hidden="true" />
        New invoice
      </Link>
    </Button>
  );
  const filtered = Boolean(tab.filter || q || customerId || paging.cursor);

  return (
    <div className="grid grid-cols-1 gap-6">
      <PageHeader
        title="Invoices"
        description={`Invoices and credit notes of ${me.tenant.name}.`}
        actions={canCreate ? newButton : null}
      />
      {summary.ok ? (
        <SummaryCards rows={summary.data.data} currency={me.tenant.currency} locale={locale} />
      ) : (
        <Alert variant="warning">The totals could not be loaded: {summary.message}</Alert>
      )}
      <div className="grid gap-3">
        <StatusTabs current={tab.key} keep={{ q: params.q, customer: params.customer }} />
        <div className="flex flex-wrap items-center gap-2">
          <SearchBox label="Search by number" placeholder="Search by number, e.g. F-2026…" maxLength={40} />
          {customerId ? (
            <Button variant="outline" asChild>
              <Link href={`/invoices${toSearch({ status: params.status, q: params.q })}`}>
                Customer: {customer?.ok ? customer.data.legal_name : 'selected'}
                <X aria-hidden="true" />
                <span className="sr-only">(show every customer)</span>
              </Link>
            </Button>
          ) : null}
        </div>
      </div>
      {!result.ok ? (
        <Alert variant="error" title="The invoices could not be loaded">
          {result.message}
        </Alert>
      ) : result.data.data.length === 0 ? (
        filtered ? (
          <EmptyState
            icon={<SearchX />}
            title={tab.empty}
            description={q ? 'No number starts with these characters.' : 'Nothing matches this filter yet.'}
            action={
              <Button variant="outline" asChild>
                <Link href="/invoices">Show every invoice</Link>
              </Button>
            }
          />
        ) : (
          <EmptyState
            icon={<FileText />}
            title="No invoices yet"
            description="Create a draft, check its totals, then issue it: it gets its number and its PDF."
            action={canCreate ? newButton : null}
          />
        )
      ) : (
        <>
          <InvoiceTable invoices={result.data.data} locale={locale} label="Invoices" />
          <Pager
            label="Invoice pages"
            pages={pageLinks('/invoices', params, paging, result.data.next_cursor)}
          />
        </>
      )}
    </div>
  );
}
