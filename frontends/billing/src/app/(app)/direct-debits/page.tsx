/**
 * SEPA direct debit batches of the current tenant, newest first (`GET /sepa/batches`): collection
 * date, number of collections and total, each opening its collections and its pain.008 file.
 */
import type { SepaBatch } from '@comptoir/contracts/billing/sepa';
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
import { Landmark, Plus } from 'lucide-react';
import type { Metadata } from 'next';
import Link from 'next/link';
import { load, requireMe } from '@/lib/api';
import { formatDay, formatInstant } from '@/lib/dates';
import { formatMoney } from '@/lib/money';
import { pageLinks, parsePaging } from '@/lib/paging';
import { Pager } from '../_components/pager';

export const metadata: Metadata = { title: 'Direct debits' };

const PAGE_SIZE = 25;

export default async function DirectDebitsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const paging = parsePaging(await searchParams);
  const me = await requireMe();
  const locale = me.tenant.locale || 'en';
  const tenant = { locale, time_zone: me.tenant.time_zone };
  const result = await load<{ data: SepaBatch[]; next_cursor: string | null }>('/sepa/batches', {
    limit: PAGE_SIZE,
    cursor: paging.cursor,
  });
  const canCreate = can(me, 'sepa:manage');
  const newButton = (
    <Button asChild>
      <Link href="/direct-debits/new">
        <Plus aria-hidden="true" />
        New batch
      </Link>
    </Button>
  );

  return (
    <div className="grid grid-cols-1 gap-6">
      <PageHeader
        title="Direct debits"
        description="Collect unpaid invoices from customers' SEPA mandates: one pain.008 file per batch, to upload to your bank."
        actions={canCreate ? newButton : null}
      />
      {!result.ok ? (
        <Alert variant="error" title="The batches could not be loaded">
          {result.message}
        </Alert>
      ) : result.data.data.length === 0 ? (
        <EmptyState
          icon={<Landmark />}
          title="No direct debit batches yet"
          description="Record your customers' SEPA mandates on their pages, then collect their unpaid invoices here in one batch."
          action={canCreate ? newButton : null}
        />
      ) : (
        <>
          <div className="rounded-xl border bg-card">
            <Table aria-label="Direct debit batches">
              <TableHeader>
                <TableRow className="hover:bg-transparent">
                  <TableHead>Collection date</TableHead>
                  <TableHead className="hidden md:table-cell">Message id</TableHead>
                  <TableHead className="text-right">Collections</TableHead>
                  <TableHead className="text-right">Total</TableHead>
                  <TableHead className="hidden sm:table-cell">Created</TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {result.data.data.map((batch) => (
                  <TableRow key={batch.id}>
                    <TableCell className="whitespace-nowrap font-medium">
                      <Link
                        href={`/direct-debits/${batch.id}`}
                        className="underline-offset-4 hover:underline"
                      >
                        {formatDay(batch.collection_date, locale)}
                      </Link>
                    </TableCell>
                    <TableCell className="hidden font-mono text-muted-foreground text-xs md:table-cell">
                      {batch.message_id}
                    </TableCell>
                    <TableCell className="text-right tabular-nums">{batch.transaction_count}</TableCell>
                    <TableCell className="whitespace-nowrap text-right tabular-nums">
                      {formatMoney(batch.control_sum_minor, 'EUR', locale)}
                    </TableCell>
                    <TableCell className="hidden whitespace-nowrap text-muted-foreground sm:table-cell">
                      {formatInstant(batch.created_at, tenant)}
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </div>
          <Pager
            label="Batch pages"
            pages={pageLinks('/direct-debits', {}, paging, result.data.next_cursor)}
          />
        </>
      )}
    </div>
  );
}
