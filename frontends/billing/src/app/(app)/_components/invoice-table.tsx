/**
 * @module invoice-table
 * A table of invoices and credit notes: number, customer, dates, total, balance due and status.
 * Used by the invoice list and a customer's page. Amounts are minor units, shown in each
 * document's currency and the tenant's locale.
 */
import type { Invoice } from '@comptoir/contracts/billing/invoices';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@comptoir/ui';
import Link from 'next/link';
import { formatDay } from '@/lib/dates';
import { formatMoney } from '@/lib/money';
import { InvoiceStatusBadges } from './status-badge';

/** Props of {@link InvoiceTable}. */
export interface InvoiceTableProps {
  invoices: readonly Invoice[];
  /** The tenant's locale. */
  locale: string;
  /** Accessible name of the table, e.g. "Invoices". */
  label: string;
  /** Hide the customer column (on a customer's page). */
  hideCustomer?: boolean;
}

const muted = 'text-muted-foreground';

/** The table; the number (or "Draft") links to the document. */
export function InvoiceTable({ invoices, locale, label, hideCustomer = false }: InvoiceTableProps) {
  return (
    <div className="rounded-xl border bg-card">
      <Table aria-label={label}>
        <TableHeader>
          <TableRow className="hover:bg-transparent">
            <TableHead>Number</TableHead>
            {hideCustomer ? null : <TableHead>Customer</TableHead>}
            <TableHead className="hidden md:table-cell">Issued</TableHead>
            <TableHead className="hidden md:table-cell">Due</TableHead>
            <TableHead className="text-right">Total</TableHead>
            <TableHead className="hidden text-right sm:table-cell">Balance due</TableHead>
            <TableHead>Status</TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {invoices.map((invoice) => (
            <TableRow key={invoice.id}>
              <TableCell className="whitespace-nowrap font-medium">
                <Link href={`/invoices/${invoice.id}`} className="underline-offset-4 hover:underline">
                  {invoice.number ?? <span className="italic">Draft</span>}
                  {invoice.number ? null : <span className="sr-only"> for {invoice.customer_name}</span>}
                </Link>
              </TableCell>
              {hideCustomer ? null : (
                <TableCell className="max-w-56 truncate">
                  <Link
                    href={`/customers/${invoice.customer_id}`}
                    className="underline-offset-4 hover:underline"
                  >
                    {invoice.customer_name}
                  </Link>
                </TableCell>
              )}
              <TableCell className={`hidden whitespace-nowrap md:table-cell ${muted}`}>
                {invoice.issue_date ? (
                  <time dateTime={invoice.issue_date}>{formatDay(invoice.issue_date, locale)}</time>
                ) : (
                  '—'
                )}
              </TableCell>
              <TableCell className={`hidden whitespace-nowrap md:table-cell ${muted}`}>
                {invoice.due_date && invoice.kind === 'invoice' ? (
                  <time dateTime={invoice.due_date}>{formatDay(invoice.due_date, locale)}</time>
                ) : (
                  '—'
                )}
              </TableCell>
              <TableCell className="whitespace-nowrap text-right tabular-nums">
                {formatMoney(invoice.gross_minor, invoice.currency, locale)}
              </TableCell>
              <TableCell className="hidden whitespace-nowrap text-right tabular-nums sm:table-cell">
                {invoice.kind === 'invoice' && invoice.status !== 'draft' ? (
                  formatMoney(invoice.balance_due_minor, invoice.currency, locale)
                ) : (
                  <span className={muted}>—</span>
                )}
              </TableCell>
              <TableCell>
                <InvoiceStatusBadges invoice={invoice} />
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
}
