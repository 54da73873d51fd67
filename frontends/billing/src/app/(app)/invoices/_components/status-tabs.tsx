/**
 * @module status-tabs
 * The invoice list's status filter: links (the URL holds the filter), the current one marked
 * `aria-current`. Scrolls sideways on phones.
 */
import { cn } from '@comptoir/ui';
import Link from 'next/link';
import { STATUS_TABS } from '@/lib/invoice-status';
import { toSearch } from '@/lib/paging';

/** One link per status tab, keeping the search and the customer filter. */
export function StatusTabs({ current, keep }: { current: string; keep: Record<string, string | undefined> }) {
  return (
    <nav aria-label="Filter by status" className="-mx-1 overflow-x-auto px-1">
      <ul className="flex w-max gap-1 border-b">
        {STATUS_TABS.map((tab) => {
          const active = tab.key === current;
          return (
            <li key={tab.label}>
              <Link
                href={`/invoices${toSearch({ ...keep, status: tab.key })}`}
                aria-current={active ? 'page' : undefined}
                scroll={false}
                className={cn(
                  '-mb-px inline-flex h-10 items-center border-b-2 px-3 font-medium text-sm transition-colors',
                  active
                    ? 'border-primary text-foreground'
                    : 'border-transparent text-muted-foreground hover:text-foreground',
                )}
              >
                {tab.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
