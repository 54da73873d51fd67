/**
 * Likely duplicate contacts (same e-mail, same phone, similar name), strongest first, each pair
 * leading to the side-by-side comparison where they are merged.
 */
import type { DuplicatePair } from '@comptoir/contracts/crm/contacts';
import { Alert, Badge, Button, Card, CardContent, EmptyState, PageHeader } from '@comptoir/ui';
import { can } from '@comptoir/ui/server';
import { ChevronLeft, ChevronRight, GitMerge, Users } from 'lucide-react';
import type { Metadata } from 'next';
import Link from 'next/link';
import { load, requireMe } from '@/lib/api';
import { formatDate, personName } from '@/lib/format';
import { parsePaging, toSearch } from '@/lib/list-query';

export const metadata: Metadata = { title: 'Duplicates' };

const REASONS: Record<string, string> = {
  same_email: 'Same e-mail',
  same_phone: 'Same phone',
  similar_name: 'Similar name',
};

export default async function DuplicatesPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const paging = parsePaging(await searchParams);
  const me = await requireMe();
  const result = await load<{ data: DuplicatePair[]; next_cursor: string | null }>('/contacts/duplicates', {
    limit: 20,
    cursor: paging.cursor,
  });
  const canMerge = can(me, 'contacts:merge');
  const tenant = { locale: me.tenant.locale, time_zone: me.tenant.time_zone };
  const href = (cursor?: string, trail?: string[]) =>
    `/duplicates${toSearch({ cursor, trail: trail?.length ? trail.join('.') : undefined })}`;
  const next =
    result.ok && result.data.next_cursor
      ? href(result.data.next_cursor, [...paging.trail, paging.cursor ?? '~'])
      : undefined;
  const back = paging.trail[paging.trail.length - 1];
  const previous = paging.cursor
    ? href(back && back !== '~' ? back : undefined, paging.trail.slice(0, -1))
    : undefined;

  return (
    <div className="grid grid-cols-1 gap-6">
      <PageHeader
        title="Duplicates"
        description="Contacts that look like the same person. Compare them and merge what belongs together."
      />
      {!canMerge ? <Alert>Only managers can merge contacts; you can review the pairs here.</Alert> : null}
      {!result.ok ? (
        <Alert variant="error" title="The duplicates could not be loaded">
          {result.message}
        </Alert>
      ) : result.data.data.length === 0 ? (
        <EmptyState
          icon={<Users />}
          title="No duplicates found"
          description="When two contacts share an e-mail or a phone, or have very similar names, they show up here."
        />
      ) : (
        <ul aria-label="Pairs of likely duplicates" className="grid gap-3">
          {result.data.data.map((pair) => (
            <li key={`${pair.contact.id}-${pair.duplicate.id}`}>
              <Card>
                <CardContent className="grid gap-3 sm:grid-cols-[1fr_1fr_auto] sm:items-center">
                  {[pair.contact, pair.duplicate].map((c) => (
                    <div key={c.id} className="grid min-w-0 gap-0.5">
                      <Link
                        href={`/contacts/${c.id}`}
                        className="truncate font-medium underline-offset-4 hover:underline"
                      >
                        {personName(c)}
                      </Link>
                      <span className="truncate text-muted-foreground text-xs">
                        {[c.emails[0]?.address, c.phones[0]?.number, c.company?.name]
                          .filter(Boolean)
                          .join(' · ') || 'No e-mail or phone'}
                      </span>
                      <span className="text-muted-foreground text-xs">
                        Added {formatDate(c.created_at, tenant)}
                      </span>
                    </div>
                  ))}
                  <div className="flex flex-wrap items-center gap-2 sm:justify-end">
                    {pair.reasons.map((r) => (
                      <Badge key={r} variant="warning">
                        {REASONS[r] ?? r}
                      </Badge>
                    ))}
                    {canMerge ? (
                      <Button variant="outline" size="sm" asChild>
                        <Link
                          href={`/duplicates/merge?contact=${pair.contact.id}&duplicate=${pair.duplicate.id}`}
                          aria-label={`Compare and merge ${personName(pair.contact)} and ${personName(pair.duplicate)}`}
                        >
                          <GitMerge aria-hidden="true" />
                          Compare and merge
                        </Link>
                      </Button>
                    ) : null}
                  </div>
                </CardContent>
              </Card>
            </li>
          ))}
        </ul>
      )}
      {previous || next ? (
        <nav aria-label="Pages of duplicates" className="flex items-center justify-between gap-2">
          {previous ? (
            <Button variant="outline" asChild>
              <Link href={previous}>
                <ChevronLeft aria-hidden="true" />
                Previous
              </Link>
            </Button>
          ) : (
            <span />
          )}
          {next ? (
            <Button variant="outline" asChild>
              <Link href={next}>
                Next
                <ChevronRight aria-hidden="true" />
              </Link>
            </Button>
          ) : null}
        </nav>
      ) : null}
    </div>
  );
}
