/**
 * Customers of the current tenant: search by the start of the name or e-mail, active or archived,
 * pages from the URL, loaded from `GET /customers`.
 */
import type { Customer } from '@comptoir/contracts/billing/customers';
import {
  Alert,
  Button,
  EmptyState,
  PageHeader,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
} from '@comptoir/ui';
import { can } from '@comptoir/ui/server';
import { Plus, SearchX, Users } from 'lucide-react';
import type { Metadata } from 'next';
import Link from 'next/link';
import { load, requireMe } from '@/lib/api';
import { one, pageLinks, parsePaging, toSearch } from '@/lib/paging';
import { Pager } from '../_components/pager';
import { SearchBox } from '../_components/search-box';

export const metadata: Metadata = { title: 'Customers' };

const PAGE_SIZE = 25;

export default async function CustomersPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const raw = await searchParams;
  const q = one(raw, 'q').trim().slice(0, 200);
  const archived = one(raw, 'archived') === 'true';
  const paging = parsePaging(raw);
  const me = await requireMe();
  const result = await load<{ data: Customer[]; next_cursor: string | null }>('/customers', {
    q: q || undefined,
    archived: archived ? 'true' : 'false',
    limit: PAGE_SIZE,
    cursor: paging.cursor,
  });
  const params = { q: q || undefined, archived: archived ? 'true' : undefined };
  const canCreate = can(me, 'customers:create');
  const newButton = (
    <Button asChild>
      <Link href="/customers/new">
        <Plus aria-hidden="true" />
        New customer
      </Link>
    </Button>
  );

  return (
    <div className="grid grid-cols-1 gap-6">
      <PageHeader
        title="Customers"
        description="Who you invoice: the identity, address and terms printed on their invoices."
        actions={canCreate ? newButton : null}
      />
      <div className="flex flex-wrap items-center gap-2">
        <SearchBox label="Search customers" placeholder="Search by name or e-mail…" />
        <Button variant="ghost" asChild>
          <Link href={`/customers${toSearch({ q: params.q, archived: archived ? undefined : 'true' })}`}>
            {archived ? 'Show active customers' : 'Show archived customers'}
          </Link>
        </Button>
      </div>
      {!result.ok ? (
        <Alert variant="error" title="The customers could not be loaded">
          {result.message}
        </Alert>
      ) : result.data.data.length === 0 ? (
        q || archived || paging.cursor ? (
          <EmptyState
            icon={<SearchX />}
            title={archived && !q ? 'No archived customers' : 'No customers match'}
            description={q ? 'Search looks at the start of the name or of the e-mail.' : undefined}
            action={
              <Button variant="outline" asChild>
                <Link href="/customers">Show every active customer</Link>
              </Button>
            }
          />
        ) : (
          <EmptyState
            icon={<Users />}
            title="No customers yet"
            description="Add the businesses and people you invoice, once: every invoice picks them up."
            action={canCreate ? newButton : null}
          />
        )
      ) : (
        <>
          <div className="rounded-xl border bg-card">
            <Table aria-label={archived ? 'Archived customers' : 'Customers'}>
              <TableHeader>
                <TableRow className="hover:bg-transparent">
                  <TableHead>Name</TableHead>
                  <TableHead className="hidden md:table-cell">Email</TableHead>
                  <TableHead className="hidden sm:table-cell">City</TableHead>
                  <TableHead className="hidden lg:table-cell">VAT number</TableHead>
                  <TableHead className="hidden lg:table-cell">Currency</TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {result.data.data.map((c) => (
                  <TableRow key={c.id}>
                    <TableCell>
                      <span className="grid min-w-0">
                        <Link
                          href={`/customers/${c.id}`}
                          className="truncate font-medium underline-offset-4 hover:underline"
                        >
                          {c.legal_name}
                        </Link>
                        {c.trading_name ? (
                          <span className="truncate text-muted-foreground text-xs">{c.trading_name}</span>
                        ) : null}
                        <span className="truncate text-muted-foreground text-xs sm:hidden">
                          {[c.email, c.city].filter(Boolean).join(' · ')}
                        </span>
                      </span>
                    </TableCell>
                    <TableCell className="hidden text-muted-foreground md:table-cell">
                      {c.email ?? '—'}
                    </TableCell>
                    <TableCell className="hidden text-muted-foreground sm:table-cell">
                      {[c.city, c.country_code].filter(Boolean).join(', ') || '—'}
                    </TableCell>
                    <TableCell className="hidden text-muted-foreground lg:table-cell">
                      {c.vat_number ?? '—'}
                    </TableCell>
                    <TableCell className="hidden text-muted-foreground lg:table-cell">
                      {c.default_currency}
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </div>
          <Pager
            label="Customer pages"
            pages={pageLinks('/customers', params, paging, result.data.next_cursor)}
          />
        </>
      )}
    </div>
  );
}
