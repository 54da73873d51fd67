/**
 * @module dunning-timeline
 * The dunning steps taken for an invoice (`GET /invoices/{id}/dunning`), oldest first: when, the
 * kind of step (reminder, formal notice), how late the invoice was, the balance then due, and
 * what became of it (sent to an address, skipped because a later step was due, not sent for want
 * of an e-mail address). Without steps, it says when the first reminder will go, or why none will.
 */
import type { DunningEvent } from '@comptoir/contracts/billing/dunning';
import { Badge, EmptyState } from '@comptoir/ui';
import { BellOff, BellRing, Mail, MailX, SkipForward } from 'lucide-react';
import { formatDay, formatInstant } from '@/lib/dates';
import { DUNNING_KIND_LABELS, daysPastDue, dunningOutcome } from '@/lib/dunning';
import { formatMoney } from '@/lib/money';

/** Props of {@link DunningTimeline}. */
export interface DunningTimelineProps {
  events: readonly DunningEvent[];
  /** The invoice's currency (balances). */
  currency: string;
  tenant: { locale: string; time_zone: string };
  dueDate: string | null;
  /** Where the invoice stands: dunning waits while disputed and stops once settled. */
  state: 'due' | 'overdue' | 'disputed' | 'settled';
}

const ICONS = { sent: Mail, skipped: SkipForward, no_email: MailX } as const;

/** An ordered list of steps, or an empty state. */
export function DunningTimeline({ events, currency, tenant, dueDate, state }: DunningTimelineProps) {
  if (events.length === 0) {
    const description =
      state === 'disputed'
        ? 'The invoice is disputed: reminders wait until the dispute is cleared.'
        : state === 'settled'
          ? 'Nothing is due any more, so no reminder will be sent.'
          : state === 'overdue'
            ? 'The first reminder goes with the next dunning run that reaches a step of the schedule.'
            : `If it is still unpaid after ${formatDay(dueDate, tenant.locale)}, reminders follow the dunning schedule.`;
    return (
      <EmptyState
        headingLevel={3}
        icon={state === 'disputed' || state === 'settled' ? <BellOff /> : <BellRing />}
        title="No reminders yet"
        description={description}
        className="py-8"
      />
    );
  }
  return (
    <ol aria-label="Dunning steps" className="grid gap-0">
      {events.map((event, index) => {
        const outcome = dunningOutcome(event);
        const Icon = ICONS[event.outcome] ?? Mail;
        const last = index === events.length - 1;
        return (
          <li key={event.id} className="relative grid grid-cols-[2rem_1fr] gap-3 pb-4 last:pb-0">
            {last ? null : (
              <span
                aria-hidden="true"
                className="absolute top-8 bottom-0 left-4 w-px -translate-x-1/2 bg-border"
              />
            )}
            <span
              aria-hidden="true"
              className="flex size-8 items-center justify-center rounded-full border bg-muted text-muted-foreground [&_svg]:size-4"
            >
              <Icon />
            </span>
            <div className="grid min-w-0 gap-1 text-sm">
              <div className="flex flex-wrap items-center gap-2">
                <span className="font-medium">{DUNNING_KIND_LABELS[event.kind] ?? event.kind}</span>
                <Badge variant={outcome.tone}>{outcome.label}</Badge>
              </div>
              <p className="text-muted-foreground">
                <time dateTime={event.created_at}>{formatInstant(event.created_at, tenant)}</time> ·{' '}
                {daysPastDue(event.days_past_due)} ·{' '}
                {formatMoney(event.balance_due_minor, currency, tenant.locale)} due
              </p>
              <p className="break-words">{outcome.detail}</p>
            </div>
          </li>
        );
      })}
    </ol>
  );
}
