/**
 * Contacts of the current tenant: a page of 20 from `GET /contacts` of the CRM API (cursor
 * pagination), and the "New contact" dialog for members who may create.
 */
import type { Contact } from '@comptoir/contracts/crm/contacts';
import {
  Alert,
  Button,
  EmptyState,
  Table,
  TableBody,
  TableCaption,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
} from '@comptoir/ui';
import { ApiError, can, signInPath } from '@comptoir/ui/server';
import { Contact as ContactIcon } from 'lucide-react';
import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { crmApi, requireMe } from '@/lib/api';
import { NewContactDialog } from './_components/new-contact-dialog';

export const metadata: Metadata = { title: 'Contacts' };

const PAGE_SIZE = 20;

interface ContactPage {
  data: Contact[];
  next_cursor: string | null;
}

type Loaded = { ok: true; page: ContactPage } | { ok: false; message: string };

async function loadContacts(cursor: string | undefined): Promise<Loaded> {
  try {
    const page = await crmApi.request<ContactPage>('/contacts', { query: { limit: PAGE_SIZE, cursor } });
    return { ok: true, page };
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    if (error.status === 401) redirect(await signInPath());
    return { ok: false, message: error.message };
  }
}

const fullName = (c: Contact) => [c.first_name, c.last_name].filter(Boolean).join(' ') || 'Unnamed';

export default async function ContactsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { cursor: rawCursor } = await searchParams;
  const cursor = typeof rawCursor === 'string' && rawCursor ? rawCursor : undefined;
  const [me, result] = await Promise.all([requireMe(), loadContacts(cursor)]);
  const canCreate = can(me, 'contacts:create');
  const date = new Intl.DateTimeFormat(me.tenant.locale || 'en', {
    dateStyle: 'medium',
    timeZone: me.tenant.time_zone,
  });

  return (
    <div className="grid grid-cols-1 gap-6">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div className="grid gap-1">
          <h1 className="font-semibold text-2xl tracking-tight">Contacts</h1>
          <p className="text-muted-foreground text-sm">The people {me.tenant.name} works with.</p>
        </div>
        {canCreate ? <NewContactDialog /> : null}
      </div>

      {!result.ok ? (
        <Alert variant="error" title="The contacts could not be loaded">
          {result.message}
        </Alert>
      ) : result.page.data.length === 0 && !cursor ? (
        <EmptyState
          icon={<ContactIcon />}
          title="No contacts yet"
          description={
            canCreate
              ? 'Add the people you work with: customers, suppliers, partners.'
              : 'Contacts added by your team will appear here.'
          }
          action={canCreate ? <NewContactDialog variant="empty" /> : null}
        />
      ) : (
        <div className="grid grid-cols-1 gap-4">
          <div className="rounded-xl border bg-card">
            <Table>
              <TableCaption className="sr-only">Contacts{cursor ? ', next page' : ''}</TableCaption>
              <TableHeader>
                <TableRow className="hover:bg-transparent">
                  <TableHead>Name</TableHead>
                  <TableHead>Email</TableHead>
                  <TableHead className="hidden sm:table-cell">Phone</TableHead>
                  <TableHead className="hidden md:table-cell">Added</TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {result.page.data.map((c) => (
                  <TableRow key={c.id}>
                    <TableCell className="font-medium">{fullName(c)}</TableCell>
                    <TableCell className="max-w-[14rem] truncate">
                      {c.email ? (
                        <a href={`mailto:${c.email}`} className="underline-offset-4 hover:underline">
                          {c.email}
                        </a>
                      ) : (
                        <span className="text-muted-foreground">—</span>
                      )}
                    </TableCell>
                    <TableCell className="hidden sm:table-cell">
                      {c.phone ?? <span className="text-muted-foreground">—</span>}
                    </TableCell>
                    <TableCell className="hidden text-muted-foreground md:table-cell">
                      <time dateTime={c.created_at}>{date.format(new Date(c.created_at))}</time>
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
            {result.page.data.length === 0 ? (
              <p className="p-6 text-center text-muted-foreground text-sm">No more contacts.</p>
            ) : null}
          </div>
          <nav aria-label="Pages of contacts" className="flex flex-wrap items-center justify-between gap-2">
            {cursor ? (
              <Button variant="ghost" size="sm" asChild>
                <Link href="/contacts">Back to the first page</Link>
              </Button>
            ) : (
              <span />
            )}
            {result.page.next_cursor ? (
              <Button variant="outline" asChild>
                <Link href={`/contacts?cursor=${encodeURIComponent(result.page.next_cursor)}`}>
                  Next page
                </Link>
              </Button>
            ) : null}
          </nav>
        </div>
      )}
    </div>
  );
}
