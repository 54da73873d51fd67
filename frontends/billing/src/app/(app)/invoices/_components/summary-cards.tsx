/**
 * @module summary-cards
 * The invoice list's header figures from `GET /invoices/summary`: outstanding, overdue, paid
 * this year (invoices issued this year) and drafts, in the tenant's currency, with the other
 * currencies the tenant invoices in listed under them. Each card opens its tab.
 */
import type { InvoiceSummarySchema } from '@comptoir/contracts/billing/invoices';
import { cn } from '@comptoir/ui';
import Link from 'next/link';
import type { z } from 'zod';
import { formatMoney } from '@/lib/money';

type SummaryRow = z.infer<typeof InvoiceSummarySchema>['data'][number];

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** The four cards. */
export function SummaryCards({
  rows,
  currency,
  locale,
}: {
  rows: readonly SummaryRow[];
  /** The tenant's currency, shown first (zero when it has no invoice yet). */
  currency: string;
  locale: string;
}) {
  const main = rows.find((r) => r.currency === currency) ??
    rows[0] ?? {
      currency,
      draft_count: 0,
      unpaid_count: 0,
      overdue_count: 0,
      outstanding_minor: 0,
      overdue_minor: 0,
      paid_this_year_minor: 0,
    };
  const others = rows.filter((r) => r !== main);
  const money = (row: SummaryRow, key: 'outstanding_minor' | 'overdue_minor' | 'paid_this_year_minor') =>
    formatMoney(row[key], row.currency, locale);
  const cards = [
    {
      label: 'Outstanding',
      href: '/invoices?status=unpaid',
      value: money(main, 'outstanding_minor'),
      detail: plural(main.unpaid_count, 'unpaid invoice', 'unpaid invoices'),
      others: others.map((r) => money(r, 'outstanding_minor')),
      tone: undefined,
    },
    {
      label: 'Overdue',
      href: '/invoices?status=overdue',
      value: money(main, 'overdue_minor'),
      detail: plural(main.overdue_count, 'invoice past due', 'invoices past due'),
      others: others.map((r) => money(r, 'overdue_minor')),
      tone: main.overdue_count > 0 ? 'text-destructive' : undefined,
    },
    {
      label: 'Paid this year',
      href: '/invoices?status=paid',
      value: money(main, 'paid_this_year_minor'),
      detail: 'On invoices issued this year',
      others: others.map((r) => money(r, 'paid_this_year_minor')),
      tone: undefined,
    },
    {
      label: 'Drafts',
      href: '/invoices?status=draft',
      value: String(rows.reduce((n, r) => n + r.draft_count, 0)),
      detail: 'Not issued yet',
      others: [],
      tone: undefined,
    },
  ];
  return (
    <section aria-label="Summary" className="grid grid-cols-2 gap-3 lg:grid-cols-4">
      {cards.map((card) => (
        <Link
          key={card.label}
          href={card.href}
          className="grid content-start gap-1 rounded-xl border bg-card p-4 shadow-xs transition-colors hover:bg-accent/50"
        >
          <span className="text-muted-foreground text-sm">{card.label}</span>
          <span className={cn('font-semibold text-lg tabular-nums sm:text-xl', card.tone)}>{card.value}</span>
          {card.others.map((o) => (
            <span key={o} className="text-muted-foreground text-sm tabular-nums">
              + {o}
            </span>
          ))}
          <span className="text-muted-foreground text-xs">{card.detail}</span>
        </Link>
      ))}
    </section>
  );
}
