/**
 * Comparing two contacts and merging them: `?contact=<id>&duplicate=<id>`.
 */
import type { Contact } from '@comptoir/contracts/crm/contacts';
import { Alert, PageHeader } from '@comptoir/ui';
import { can } from '@comptoir/ui/server';
import { ChevronLeft } from 'lucide-react';
import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { load, requireMe } from '@/lib/api';
import { MergeView } from './_components/merge-view';

export const metadata: Metadata = { title: 'Merge contacts' };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export default async function MergePage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { contact, duplicate } = await searchParams;
  if (
    typeof contact !== 'string' ||
    typeof duplicate !== 'string' ||
    !UUID.test(contact) ||
    !UUID.test(duplicate)
  ) {
    notFound();
  }
  const me = await requireMe();
  const [a, b] = await Promise.all([
    load<Contact>(`/contacts/${contact}`, undefined, { notFoundOn404: true }),
    load<Contact>(`/contacts/${duplicate}`, undefined, { notFoundOn404: true }),
  ]);
  return (
    <div className="mx-auto grid w-full max-w-4xl grid-cols-1 gap-6">
      <PageHeader
        eyebrow={
          <Link href="/duplicates" className="inline-flex items-center gap-1 hover:text-foreground">
            <ChevronLeft aria-hidden="true" className="size-4" />
            Duplicates
          </Link>
        }
        title="Merge contacts"
        description="Choose the contact that stays and, for each field that differs, the value to keep."
      />
      {!can(me, 'contacts:merge') ? (
        <Alert>Only managers can merge contacts.</Alert>
      ) : !a.ok || !b.ok ? (
        <Alert variant="error" title="These contacts could not be loaded">
          {!a.ok ? a.message : !b.ok ? b.message : null}
        </Alert>
      ) : contact === duplicate ? (
        <Alert variant="error">A contact cannot be merged with itself.</Alert>
      ) : (
        <MergeView a={a.data} b={b.data} />
      )}
    </div>
  );
}
