/**
 * @module lib/quote-status
 * How quote statuses read on screen (labels, badge tones), the quote list's status tabs (the
 * API's `status` filter, `expired` included), and which actions a quote's state and the member's
 * permissions allow: draft → edit, delete, send; sent → accept, decline, convert; accepted →
 * convert (once); every numbered quote has a PDF.
 */
import type { Quote } from '@comptoir/contracts/billing/quotes';
import type { BadgeTone } from './invoice-status';

/** `draft | sent | accepted | declined | expired` (`expired` is derived from `sent` by the API). */
export type QuoteStatus = Quote['status'];

const STATUS: Record<QuoteStatus, { label: string; tone: BadgeTone }> = {
  draft: { label: 'Draft', tone: 'secondary' },
  sent: { label: 'Sent', tone: 'default' },
  accepted: { label: 'Accepted', tone: 'success' },
  declined: { label: 'Declined', tone: 'destructive' },
  expired: { label: 'Expired', tone: 'warning' },
};

/** Label and tone of a quote status ("Accepted", success); unknown statuses as they come. */
export function quoteStatusDisplay(status: string): { label: string; tone: BadgeTone } {
  return STATUS[status as QuoteStatus] ?? { label: status, tone: 'outline' };
}

/** A quote's name in headings and links: "Quote D-2026-000001", "Draft quote". */
export function quoteTitle(quote: Pick<Quote, 'number'>): string {
  return quote.number ? `Quote ${quote.number}` : 'Draft quote';
}

/** One tab of the quote list. */
export interface QuoteTab {
  /** Value of `?status=` in the app's URL ('' for every quote). */
  key: string;
  label: string;
  /** The API's `status` filter. */
  filter: QuoteStatus | undefined;
  /** Heading of the tab when it is empty. */
  empty: string;
}

/** The quote list's tabs, in order. */
export const QUOTE_TABS: readonly QuoteTab[] = [
  { key: '', label: 'All', filter: undefined, empty: 'No quotes match' },
  { key: 'draft', label: 'Drafts', filter: 'draft', empty: 'No draft quotes' },
  { key: 'sent', label: 'Sent', filter: 'sent', empty: 'No quotes awaiting an answer' },
  { key: 'accepted', label: 'Accepted', filter: 'accepted', empty: 'No accepted quotes' },
  { key: 'declined', label: 'Declined', filter: 'declined', empty: 'No declined quotes' },
  { key: 'expired', label: 'Expired', filter: 'expired', empty: 'No expired quotes' },
];

/** The tab of a `?status=` value (unknown values show every quote). */
export function quoteTabOf(status: string | undefined): QuoteTab {
  return QUOTE_TABS.find((t) => t.key === (status ?? '')) ?? QUOTE_TABS[0]!;
}

/** What can be done with a quote. */
export type QuoteAction = 'edit' | 'delete' | 'send' | 'accept' | 'decline' | 'invoice' | 'pdf';

/**
 * The actions a quote allows, in the order the page shows them, given the member's permissions
 * (`quotes:update`, `quotes:delete`, `quotes:send`, `invoices:create`). An expired quote can no
 * longer be accepted nor invoiced; a quote becomes one invoice only.
 *
 * @example quoteActions({ status: 'sent', invoice_id: null }, () => true)
 *   // ['pdf', 'decline', 'accept', 'invoice']
 */
export function quoteActions(
  quote: Pick<Quote, 'status' | 'invoice_id'>,
  can: (permission: string) => boolean,
): QuoteAction[] {
  const actions: QuoteAction[] = [];
  if (quote.status === 'draft') {
    if (can('quotes:update')) actions.push('edit');
    if (can('quotes:delete')) actions.push('delete');
    if (can('quotes:send')) actions.push('send');
    return actions;
  }
  actions.push('pdf');
  if (quote.status === 'sent' && can('quotes:update')) actions.push('decline', 'accept');
  if ((quote.status === 'sent' || quote.status === 'accepted') && !quote.invoice_id) {
    if (can('invoices:create')) actions.push('invoice');
  }
  return actions;
}
