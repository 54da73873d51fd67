/**
 * @module filter-tabs
 * A list's status filter as tabs: links (the URL holds the filter, `?status=`), the current one
 * marked `aria-current`, other parameters kept and the page cursor dropped. Scrolls sideways on
 * phones.
 */
import { cn } from '@comptoir/ui';
import Link from 'next/link';
import { toSearch } from '@/lib/paging';

/** Props of {@link FilterTabs}. */
export interface FilterTabsProps {
  /** The list's path, e.g. `/quotes`. */
  basePath: string;
  tabs: ReadonlyArray<{ key: string; label: string }>;
  /** Key of the tab shown. */
  current: string;
  /** Parameters to keep (search, customer…). */
  keep?: Record<string, string | undefined>;
  /** Name of the navigation landmark (default "Filter by status"). */
  label?: string;
}

/** One link per tab. */
export function FilterTabs({
  basePath,
  tabs,
  current,
  keep = {},
  label = 'Filter by status',
}: FilterTabsProps) {
  return (
    <nav aria-label={label} className="-mx-1 overflow-x-auto px-1">
      <ul className="flex w-max gap-1 border-b">
        {tabs.map((tab) => {
          const active = tab.key === current;
          return (
            <li key={tab.label}>
              <Link
                href={`${basePath}${toSearch({ ...keep, status: tab.key })}`}
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
