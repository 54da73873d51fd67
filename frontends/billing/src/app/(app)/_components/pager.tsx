/**
 * @module pager
 * "Previous" and "Next" links of a cursor-paged list (see `lib/paging`).
 */
import { Button } from '@comptoir/ui';
import { ChevronLeft, ChevronRight } from 'lucide-react';
import Link from 'next/link';

/** The page links; nothing when there is only one page. */
export function Pager({
  pages,
  label,
}: {
  pages: { next: string | undefined; previous: string | undefined; page: number };
  /** Name of the navigation landmark, e.g. "Invoice pages". */
  label: string;
}) {
  if (!pages.next && !pages.previous) return null;
  return (
    <nav aria-label={label} className="flex items-center justify-between gap-2">
      {pages.previous ? (
        <Button variant="outline" size="sm" asChild>
          <Link href={pages.previous} scroll={false}>
            <ChevronLeft aria-hidden="true" />
            Previous
          </Link>
        </Button>
      ) : (
        <span />
      )}
      <span className="text-muted-foreground text-sm">Page {pages.page}</span>
      {pages.next ? (
        <Button variant="outline" size="sm" asChild>
          <Link href={pages.next} scroll={false}>
            Next
            <ChevronRight aria-hidden="true" />
          </Link>
        </Button>
      ) : (
        <span />
      )}
    </nav>
  );
}
