/**
 * A direct debit batch: its collection date, total and message id, the pain.008.001.02 file to
 * upload to the bank, and its collections (invoice, EndToEndId, amount, state), each of which can
 * be recorded as returned by the bank.
 */
import type { Invoice } from '@comptoir/contracts/billing/invoices';
import type { SepaBatch } from '@comptoir/contracts/billing/sepa';
import {
  Alert,
  Badge,
  Card,
  CardContent,
  CardDescription,
  CardHeader,
  CardTitle,
  PageHeader,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
} from '@comptoir/ui';
import { can } from '@comptoir/ui/server';
import { ChevronLeft } from 'lucide-react';
import type { Metadata } from 'next';
import Link from 'next/link';
import type { ReactNode } from 'react';
import { load, requireMe } from '@/lib/api';
import { formatDay, formatInstant } from '@/lib/dates';
import { formatMoney } from '@/lib/money';
import { one } from '@/lib/paging';
import { BatchDownload } from './_components/batch-download';
import { ReturnDialog } from './_components/return-dialog';

export const metadata: Metadata = { title: 'Direct debit batch' };

/** Invoices looked up for their numbers; larger batches link to "Invoice". */
const NAMED_INVOICES = 50;

function Detail({ term, children }: { term: string; children: ReactNode }) {
  return (
    <div className="flex justify-between gap-4 py-1.5">
      <dt className="text-muted-foreground">{term}</dt>
      <dd className="text-right">{children}</dd>
    </div>
  );
}

export default async function BatchPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { id } = await params;
  const created = one(await searchParams, 'created') === '1';
  const me = await requireMe();
  const locale = me.tenant.locale || 'en';
  const loaded = await load<SepaBatch>(`/sepa/batches/${id}`, undefined, { notFoundOn404: true });
  if (!loaded.ok) {
    return (
      <Alert variant="error" title="This batch could not be loaded">
        {loaded.message}
      </Alert>
    );
  }
  const batch = loaded.data;
  const collections = batch.collections ?? [];
  const invoiceIds = [...new Set(collections.map((c) => c.invoice_id).filter((v): v is string => !!v))];
  const invoices = new Map<string, Invoice>();
  if (invoiceIds.length <= NAMED_INVOICES) {
    const found = await Promise.all(invoiceIds.map((invoiceId) => load<Invoice>(`/invoices/${invoiceId}`)));
    for (const result of found) if (result.ok) invoices.set(result.data.id, result.data);
  }
  const canReturn = can(me, 'payments:fail');
  const money = (minor: number) => formatMoney(minor, 'EUR', locale);
  const failed = collections.filter((c) => c.status === 'failed');

  return (
    <div className="grid grid-cols-1 gap-6">
      <PageHeader
        eyebrow={
          <Link href="/direct-debits" className="inline-flex items-center gap-1 hover:text-foreground">
            <ChevronLeft aria-hidden="true" className="size-4" />
            Direct debits
          </Link>
        }
        title={`Collection of ${formatDay(batch.collection_date, locale)}`}
        description={`${batch.transaction_count} collection${batch.transaction_count === 1 ? '' : 's'} · ${money(batch.control_sum_minor)}`}
      />
      {created ? (
        <Alert variant="success" title="Batch created">
          Each invoice is recorded as paid by direct debit on the collection date. Download the file and
          upload it to your bank; if the bank returns a collection, record the return here.
        </Alert>
      ) : null}

      <div className="grid grid-cols-1 gap-6 lg:grid-cols-3">
        <Card className="min-w-0 lg:col-span-2">
          <CardHeader>
            <CardTitle>Collections</CardTitle>
            <CardDescription>
              {failed.length > 0
                ? `${failed.length} returned by the bank.`
                : 'One per invoice, from the customer’s mandate.'}
            </CardDescription>
          </CardHeader>
          <CardContent>
            <Table aria-label="Collections">
              <TableHeader>
                <TableRow className="hover:bg-transparent">
                  <TableHead>Invoice</TableHead>
                  <TableHead className="hidden md:table-cell">EndToEndId</TableHead>
                  <TableHead className="text-right">Amount</TableHead>
                  <TableHead>State</TableHead>
                  {canReturn ? (
                    <TableHead>
                      <span className="sr-only">Actions</span>
                    </TableHead>
                  ) : null}
                </TableRow>
              </TableHeader>
              <TableBody>
                {collections.map((c) => {
                  const invoice = c.invoice_id ? invoices.get(c.invoice_id) : undefined;
                  return (
                    <TableRow key={c.payment_id}>
                      <TableCell>
                        {c.invoice_id ? (
                          <Link
                            href={`/invoices/${c.invoice_id}`}
                            className="grid underline-offset-4 hover:underline"
                          >
                            <span className="font-medium">{invoice?.number ?? 'Invoice'}</span>
                            {invoice ? (
                              <span className="text-muted-foreground text-xs">{invoice.customer_name}</span>
                            ) : null}
                          </Link>
                        ) : (
                          '—'
                        )}
                        <span className="block break-all font-mono text-muted-foreground text-xs md:hidden">
                          {c.end_to_end_id}
                        </span>
                      </TableCell>
                      <TableCell className="hidden font-mono text-xs md:table-cell">
                        {c.end_to_end_id}
                      </TableCell>
                      <TableCell className="whitespace-nowrap text-right tabular-nums">
                        {money(c.amount_minor)}
                      </TableCell>
                      <TableCell>
                        {c.status === 'failed' ? (
                          <Badge variant="destructive">Returned</Badge>
                        ) : (
                          <Badge variant="success">Collected</Badge>
                        )}
                      </TableCell>
                      {canReturn ? (
                        <TableCell className="text-right">
                          {c.status === 'succeeded' ? (
                            <ReturnDialog endToEndId={c.end_to_end_id} amount={money(c.amount_minor)} />
                          ) : null}
                        </TableCell>
                      ) : null}
                    </TableRow>
                  );
                })}
              </TableBody>
            </Table>
          </CardContent>
        </Card>

        <div className="grid min-w-0 content-start gap-6">
          <Card>
            <CardHeader>
              <CardTitle>File for the bank</CardTitle>
              <CardDescription>ISO 20022 pain.008.001.02, SEPA Core direct debit.</CardDescription>
            </CardHeader>
            <CardContent>
              <BatchDownload batchId={batch.id} messageId={batch.message_id} />
            </CardContent>
          </Card>
          <Card>
            <CardHeader>
              <CardTitle>Details</CardTitle>
            </CardHeader>
            <CardContent>
              <dl className="grid text-sm">
                <Detail term="Collection date">{formatDay(batch.collection_date, locale)}</Detail>
                <Detail term="Total">
                  <span className="font-semibold tabular-nums">{money(batch.control_sum_minor)}</span>
                </Detail>
                <Detail term="Collections">{batch.transaction_count}</Detail>
                <Detail term="Message id">
                  <span className="break-all font-mono text-xs">{batch.message_id}</span>
                </Detail>
                <Detail term="Created">
                  {formatInstant(batch.created_at, { locale, time_zone: me.tenant.time_zone })}
                </Detail>
              </dl>
            </CardContent>
          </Card>
        </div>
      </div>
    </div>
  );
}
