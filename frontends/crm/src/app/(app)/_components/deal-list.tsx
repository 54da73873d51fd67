/**
 * @module deal-list
 * Deals linked to a contact or a company: title, stage, amount in its currency, expected close.
 */
import type { Deal } from '@comptoir/contracts/crm/deals';
import type { Stage } from '@comptoir/contracts/crm/pipelines';
import { Badge } from '@comptoir/ui';
import Link from 'next/link';
import { formatDay, formatMoney } from '@/lib/format';

/** The status of a deal as a badge (open deals show their stage instead). */
export function DealStatusBadge({
  deal,
  stage,
}: {
  deal: Pick<Deal, 'status'>;
  stage?: Pick<Stage, 'name'> | undefined;
}) {
  if (deal.status === 'won') return <Badge variant="success">Won</Badge>;
  if (deal.status === 'lost') return <Badge variant="destructive">Lost</Badge>;
  return <Badge variant="secondary">{stage?.name ?? 'Open'}</Badge>;
}

/** A compact list of deals. */
export function DealList({
  deals,
  stages,
  locale,
  emptyText = 'No deals yet.',
}: {
  deals: readonly Deal[];
  stages: ReadonlyMap<string, Stage>;
  locale: string;
  emptyText?: string;
}) {
  if (deals.length === 0) return <p className="text-muted-foreground text-sm">{emptyText}</p>;
  return (
    <ul className="grid divide-y">
      {deals.map((deal) => (
        <li key={deal.id} className="grid gap-1 py-3">
          <div className="flex items-start justify-between gap-2">
            <Link
              href={`/deals/${deal.id}`}
              className="min-w-0 break-words font-medium text-sm underline-offset-4 hover:underline"
            >
              {deal.title}
            </Link>
            <span className="shrink-0 font-medium text-sm tabular-nums">
              {formatMoney(deal.amount_minor, deal.currency, locale)}
            </span>
          </div>
          <div className="flex flex-wrap items-center gap-2 text-muted-foreground text-xs">
            <DealStatusBadge deal={deal} stage={stages.get(deal.stage_id)} />
            {deal.expected_close_date && deal.status === 'open' ? (
              <span>Expected {formatDay(deal.expected_close_date, locale)}</span>
            ) : null}
          </div>
        </li>
      ))}
    </ul>
  );
}
