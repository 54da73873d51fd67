/**
 * @module lib/invoice-status
 * How invoice statuses read on screen (labels, badge tones) and the list's status tabs, which
 * map onto the API's `status` filter (`unpaid` = issued, partially paid or overdue).
 */
import type { Invoice, InvoiceStatus } from '@comptoir/contracts/billing/invoices';

/** Badge tones of `@comptoir/ui`'s Badge. */
export type BadgeTone = 'default' | 'secondary' | 'outline' | 'success' | 'warning' | 'destructive';

const STATUS: Record<InvoiceStatus, { label: string; tone: BadgeTone }> = {
  draft: { label: 'Draft', tone: 'secondary' },
  issued: { label: 'Issued', tone: 'default' },
  partially_paid: { label: 'Partially paid', tone: 'warning' },
  paid: { label: 'Paid', tone: 'success' },
  overdue: { label: 'Overdue', tone: 'destructive' },
  cancelled: { label: 'Cancelled', tone: 'outline' },
};

/** Label and tone of a status ("Partially paid", warning). */
export function statusDisplay(status: InvoiceStatus): { label: string; tone: BadgeTone } {
  return STATUS[status] ?? { label: status, tone: 'outline' };
}

/** "Invoice", "Credit note". */
export function kindLabel(kind: Invoice['kind']): string {
  return kind === 'credit_note' ? 'Credit note' : 'Invoice';
}

/** A document's name in headings and links: "Invoice F-2026-000001", "Draft invoice". */
export function documentTitle(invoice: Pick<Invoice, 'kind' | 'number'>): string {
  const kind = kindLabel(invoice.kind);
  return invoice.number ? `${kind} ${invoice.number}` : `Draft ${kind.toLowerCase()}`;
}

/** Whether payments can be recorded, credit notes issued and disputes flagged. */
export function isOpenInvoice(invoice: Pick<Invoice, 'kind' | 'status'>): boolean {
  return (
    invoice.kind === 'invoice' &&
    (invoice.status === 'issued' || invoice.status === 'partially_paid' || invoice.status === 'overdue')
  );
}

/** One tab of the invoice list. */
export interface StatusTab {
  /** Value of `?status=` in the app's URL ('' for every document). */
  key: string;
  label: string;
  /** The API's `status` filter. */
  filter: 'draft' | 'unpaid' | 'overdue' | 'paid' | 'cancelled' | undefined;
  /** Heading of the tab when it is empty. */
  empty: string;
}

/** The invoice list's tabs, in order. */
export const STATUS_TABS: readonly StatusTab[] = [
  { key: '', label: 'All', filter: undefined, empty: 'No invoices match' },
  { key: 'draft', label: 'Drafts', filter: 'draft', empty: 'No drafts' },
  { key: 'unpaid', label: 'Unpaid', filter: 'unpaid', empty: 'Nothing left to collect' },
  { key: 'overdue', label: 'Overdue', filter: 'overdue', empty: 'Nothing overdue' },
  { key: 'paid', label: 'Paid', filter: 'paid', empty: 'No paid invoices' },
  { key: 'cancelled', label: 'Cancelled', filter: 'cancelled', empty: 'No cancelled invoices' },
];

/** The tab of a `?status=` value (unknown values show every document). */
export function tabOf(status: string | undefined): StatusTab {
  return STATUS_TABS.find((t) => t.key === (status ?? '')) ?? STATUS_TABS[0]!;
}

/** The payment methods of the API, as people name them. */
export const PAYMENT_METHOD_LABELS: Record<string, string> = {
  transfer: 'Bank transfer',
  card: 'Card',
  sepa_debit: 'SEPA direct debit',
  cash: 'Cash',
  cheque: 'Cheque',
  customer_credit: 'Customer credit',
};
