/**
 * Contacts of the current tenant: search, filters, sort and pages from the URL, loaded from
 * `GET /contacts` of the CRM API; the list view changes the URL. Creating, importing and
 * reviewing duplicates start here.
 */
import type { Company } from '@comptoir/contracts/crm/companies';
import type { Contact } from '@comptoir/contracts/crm/contacts';
import { Alert, Button, EmptyState, PageHeader } from '@comptoir/ui';
import { can } from '@comptoir/ui/server';
import { Contact as ContactIcon, SearchX, SlidersHorizontal, Upload } from 'lucide-react';
import type { Metadata } from 'next';
import Link from 'next/link';
import { load, requireMe } from '@/lib/api';
import { CONTACTS_CSV_EXPORT_PATH } from '@/lib/endpoints';
import { isFiltered, pageLinks, parseListParams, parsePaging, toApiQuery, toSearch } from '@/lib/list-query';
import { RECORD_SORT_VALUES } from '@/lib/sorts';
import { ContactsView } from './_components/contacts-view';
import { NewContactDialog } from './_components/new-contact-dialog';

export const metadata: Metadata = { title: 'Contacts' };

const PAGE_SIZE = 25;

interface ContactPage {
  data: Contact[];
  next_cursor: string | null;
}

export default async function ContactsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const raw = await searchParams;
  const params = parseListParams(raw);
  const paging = parsePaging(raw);
  const me = await requireMe();
  const query = toApiQuery(params, me.tenant.time_zone, RECORD_SORT_VALUES);
  const [result, company] = await Promise.all([
    load<ContactPage>('/contacts', { ...query, limit: PAGE_SIZE, cursor: paging.cursor }),
    params.company ? load<Company>(`/companies/${params.company}`) : Promise.resolve(null),
  ]);
  const canCreate = can(me, 'contacts:create');
  const canImport = can(me, 'contacts:import');
  const exportHref = `${CONTACTS_CSV_EXPORT_PATH}${toSearch(query)}`;

  const filtered = isFiltered(params);
  const empty =
    filtered || paging.cursor ? (
      <EmptyState
        icon={<SearchX />}
        title="No contacts match"
        description="Try other words or remove a filter."
        action={
          <Button variant="outline" asChild>
            <Link href="/contacts">Show every contact</Link>
          </Button>
        }
      />
    ) : (
      <EmptyState
        icon={<ContactIcon />}
        title="No contacts yet"
        description={
          canCreate
            ? 'Add the people you work with: customers, suppliers, partners. Or import them from a file.'
            : 'Contacts added by your team will appear here.'
        }
        action={
          canCreate ? (
            <div className="flex flex-wrap justify-center gap-2">
              <NewContactDialog variant="empty" />
              {canImport ? (
                <Button variant="outline" asChild>
                  <Link href="/import">
                    <Upload aria-hidden="true" />
                    Import contacts
                  </Link>
                </Button>
              ) : null}
            </div>
          ) : null
        }
      />
    );

  return (
    <div className="grid grid-cols-1 gap-6">
      <PageHeader
        title="Contacts"
        description={`The people ${me.tenant.name} works with.`}
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
            {canImport ? (
              <Button variant="outline" asChild>
                <Link href="/import">
                  <Upload aria-hidden="true" />
                  Import
                </Link>
              </Button>
            ) : null}
            {canCreate ? <NewContactDialog /> : null}
          </>
        }
      />
      {!result.ok ? (
        <Alert variant="error" title="The contacts could not be loaded">
          {result.message}
        </Alert>
      ) : (
        <ContactsView
          rows={result.data.data}
          params={params}
          pages={pageLinks('/contacts', params, paging, result.data.next_cursor)}
          filterLabels={{ company: company?.ok ? company.data.name : undefined }}
          exportHref={exportHref}
          empty={empty}
        />
      )}
    </div>
  );
}
