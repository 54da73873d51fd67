/**
 * Companies of the current tenant: search, filters, sort and pages from the URL, loaded from
 * `GET /companies`; the list view changes the URL.
 */
import type { Company } from '@comptoir/contracts/crm/companies';
import { Alert, Button, EmptyState, PageHeader } from '@comptoir/ui';
import { can } from '@comptoir/ui/server';
import { Building2, Plus, SearchX, SlidersHorizontal } from 'lucide-react';
import type { Metadata } from 'next';
import Link from 'next/link';
import { load, requireMe } from '@/lib/api';
import { isFiltered, pageLinks, parseListParams, parsePaging, toApiQuery } from '@/lib/list-query';
import { RECORD_SORT_VALUES } from '@/lib/sorts';
import { CompaniesView } from './_components/companies-view';

export const metadata: Metadata = { title: 'Companies' };

const PAGE_SIZE = 25;

export default async function CompaniesPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const raw = await searchParams;
  const params = { ...parseListParams(raw), company: '' };
  const paging = parsePaging(raw);
  const me = await requireMe();
  const query = toApiQuery(params, me.tenant.time_zone, RECORD_SORT_VALUES);
  const result = await load<{ data: Company[]; next_cursor: string | null }>('/companies', {
    ...query,
    limit: PAGE_SIZE,
    cursor: paging.cursor,
  });
  const canCreate = can(me, 'companies:create');
  const newButton = (
    <Button asChild>
      <Link href="/companies/new">
        <Plus aria-hidden="true" />
        New company
      </Link>
    </Button>
  );

  return (
    <div className="grid grid-cols-1 gap-6">
      <PageHeader
        title="Companies"
        description={`The organisations ${me.tenant.name} works with.`}
        actions={
          <>
            {can(me, 'custom_fields:manage') ? (
              <Button variant="ghost" asChild>
                <Link href="/settings/custom-fields">
                  <SlidersHorizontal aria-hidden="true" />
                  Custom fields
                </Link>
              </Button>
            ) : null}
            {canCreate ? newButton : null}
          </>
        }
      />
      {!result.ok ? (
        <Alert variant="error" title="The companies could not be loaded">
          {result.message}
        </Alert>
      ) : (
        <CompaniesView
          rows={result.data.data}
          params={params}
          pages={pageLinks('/companies', params, paging, result.data.next_cursor)}
          empty={
            isFiltered(params) || paging.cursor ? (
              <EmptyState
                icon={<SearchX />}
                title="No companies match"
                description="Try other words or remove a filter."
                action={
                  <Button variant="outline" asChild>
                    <Link href="/companies">Show every company</Link>
                  </Button>
                }
              />
            ) : (
              <EmptyState
                icon={<Building2 />}
                title="No companies yet"
                description="Customers, suppliers and partners: group their people under one company."
                action={canCreate ? newButton : null}
              />
            )
          }
        />
      )}
    </div>
  );
}
