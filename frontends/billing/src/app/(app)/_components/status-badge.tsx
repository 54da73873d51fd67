/**
 * @module status-badge
 * The status of an invoice or credit note as a badge, with "Credit note" and "Disputed" beside
 * it when they apply (the words carry the meaning, colours only echo them).
 */
import type { Invoice } from '@comptoir/contracts/billing/invoices';
import { Badge } from '@comptoir/ui';
import { statusDisplay } from '@/lib/invoice-status';

/** Status badge, plus the credit-note and dispute badges. */
export function InvoiceStatusBadges({ invoice }: { invoice: Pick<Invoice, 'status' | 'kind' | 'disputed'> }) {
  const { label, tone } = statusDisplay(invoice.status);
  return (
    <span className="inline-flex flex-wrap items-center gap-1">
      {invoice.kind === 'credit_note' ? <Badge variant="outline">Credit note</Badge> : null}
      <Badge variant={tone}>{label}</Badge>
      {invoice.disputed ? <Badge variant="warning">Disputed</Badge> : null}
    </span>
  );
}
