/**
 * @module quote-table
 * A table of quotes: number (or "Draft"), customer, title, issue date, validity, total and
 * status (with "Invoiced" once converted, "From a CRM deal" when a won deal drafted it). Amounts are minor units, shown in each quote's currency and the tenant's locale.
 */
import type { Quote } from '@comptoir/contracts/billing/quotes';
import { Badge, Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@comptoir/ui';
import Link from 'next/link';
import { formatDay } from '@/lib/dates';
import { formatMoney } from '@/lib/money';
import { quoteStatusDisplay } from '@/lib/quote-status';

const muted = 'text-muted-foreground';

/** The table; the number (or "Draft") links to the quote. */
export function QuoteTable({ quotes, locale }: { quotes: readonly Quote[]; locale: string }) {
  return (
    <div className="rounded-xl border bg-card">
      <Table aria-label="Quotes">
        <TableHeader>
          <TableRow className="hover:bg-transparent">
            <TableHead>Number</TableHead>
            <TableHead>Customer</TableHead>
            <TableHead className="hidden lg:table-cell">Title</TableHead>
            <TableHead className="hidden md:table-cell">Sent</TableHead>
            <TableHead className="hidden md:table-cell">Valid until</TableHead>
            <TableHead className="text-right">Total</TableHead>
            <TableHead>Status</TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {quotes.map((quote) => {
            const status = quoteStatusDisplay(quote.status);
            return (
              <TableRow key={quote.id}>
                <TableCell className="whitespace-nowrap font-medium">
                  <Link href={`/quotes/${quote.id}`} className="underline-offset-4 hover:underline">
                    {quote.number ?? <span className="italic">Draft</span>}
                    {quote.number ? null : <span className="sr-only"> quote for {quote.customer_name}</span>}
                  </Link>
                </TableCell>
                <TableCell className="max-w-56 truncate">
                  <Link
                    href={`/customers/${quote.customer_id}`}
                    className="underline-offset-4 hover:underline"
                  >
                    {quote.customer_name}
                  </Link>
                </TableCell>
                <TableCell className={`hidden max-w-64 truncate lg:table-cell ${muted}`}>
                  {quote.title ?? '—'}
                </TableCell>
                <TableCell className={`hidden whitespace-nowrap md:table-cell ${muted}`}>
                  {quote.issue_date ? (
                    <time dateTime={quote.issue_date}>{formatDay(quote.issue_date, locale)}</time>
                  ) : (
                    '—'
                  )}
                </TableCell>
                <TableCell className={`hidden whitespace-nowrap md:table-cell ${muted}`}>
                  {quote.valid_until ? (
                    <time dateTime={quote.valid_until}>{formatDay(quote.valid_until, locale)}</time>
                  ) : (
                    '—'
                  )}
                </TableCell>
                <TableCell className="whitespace-nowrap text-right tabular-nums">
                  {formatMoney(quote.gross_minor, quote.currency, locale)}
                </TableCell>
                <TableCell>
                  <span className="inline-flex flex-wrap items-center gap-1">
                    <Badge variant={status.tone}>{status.label}</Badge>
                    {quote.invoice_id ? <Badge variant="outline">Invoiced</Badge> : null}
                    {quote.crm_deal_id ? <Badge variant="secondary">From a CRM deal</Badge> : null}
                  </span>
                </TableCell>
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
    </div>
  );
}
