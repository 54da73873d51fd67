/**
 * @module status-tabs
 * The invoice list's status filter (see `FilterTabs`): All, Drafts, Unpaid, Overdue, Paid,
 * Cancelled.
 */
import { STATUS_TABS } from '@/lib/invoice-status';
import { FilterTabs } from '../../_components/filter-tabs';

/** One link per status tab, keeping the search and the customer filter. */
export function StatusTabs({ current, keep }: { current: string; keep: Record<string, string | undefined> }) {
  return <FilterTabs basePath="/invoices" tabs={STATUS_TABS} current={current} keep={keep} />;
}
