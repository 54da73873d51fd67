/**
 * Tasks: "Mine" (assigned to me), "Overdue" (late and still to do) and "All", soonest due first,
 * with quick add, completion checkboxes, priorities and due times in the tenant's time zone.
 */
import type { Company } from '@comptoir/contracts/crm/companies';
import type { Contact } from '@comptoir/contracts/crm/contacts';
import type { Deal } from '@comptoir/contracts/crm/deals';
import type { TASK_VIEWS, Task } from '@comptoir/contracts/crm/tasks';
import { Alert, Button, Card, CardContent, cn, EmptyState, PageHeader } from '@comptoir/ui';
import { can } from '@comptoir/ui/server';
import { CheckCheck, ChevronLeft, ChevronRight } from 'lucide-react';
import type { Metadata } from 'next';
import Link from 'next/link';
import { load, requireMe } from '@/lib/api';
import { personName } from '@/lib/format';
import { parsePaging, toSearch } from '@/lib/list-query';
import { QuickAddTask, type RecordNames, TaskList } from '../_components/tasks';

export const metadata: Metadata = { title: 'Tasks' };

const PAGE_SIZE = 30;
const VIEW_LABELS: Record<(typeof TASK_VIEWS)[number], string> = {
  mine: 'Mine',
  overdue: 'Overdue',
  all: 'All',
};
const ORDER = ['mine', 'overdue', 'all'] as const;
const EMPTY: Record<(typeof TASK_VIEWS)[number], { title: string; description: string }> = {
  mine: {
    title: 'Nothing on your plate',
    description: 'Tasks assigned to you will appear here, soonest due first.',
  },
  overdue: { title: 'Nothing overdue', description: 'Every task is on time. Well done.' },
  all: {
    title: 'No tasks yet',
    description: 'Add calls to make, quotes to send, follow-ups: anything with a due date.',
  },
};

/** Names of the contacts, companies and deals the tasks are about (one request each, at most 40). */
async function recordNames(tasks: readonly Task[]): Promise<RecordNames> {
  const wanted = new Map<string, string>();
  for (const t of tasks) {
    if (t.contact_id) wanted.set(t.contact_id, `/contacts/${t.contact_id}`);
    if (t.company_id) wanted.set(t.company_id, `/companies/${t.company_id}`);
    if (t.deal_id) wanted.set(t.deal_id, `/deals/${t.deal_id}`);
  }
  const entries = await Promise.all(
    [...wanted].slice(0, 40).map(async ([id, path]) => {
      const result = await load<Contact | Company | Deal>(path);
      if (!result.ok) return null;
      const record = result.data;
      const name =
        'title' in record
          ? record.title
          : 'first_name' in record
            ? personName(record)
            : (record as Company).name;
      return [id, name] as const;
    }),
  );
  return Object.fromEntries(entries.filter((e) => e !== null));
}

export default async function TasksPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const raw = await searchParams;
  const view = ORDER.find((v) => v === raw.view) ?? 'mine';
  const paging = parsePaging(raw);
  const me = await requireMe();
  const result = await load<{ data: Task[]; next_cursor: string | null }>('/tasks', {
    view,
    limit: PAGE_SIZE,
    cursor: paging.cursor,
  });
  const names = result.ok ? await recordNames(result.data.data) : {};
  const href = (v: string, cursor?: string, trail?: string[]) =>
    `/tasks${toSearch({ view: v === 'mine' ? undefined : v, cursor, trail: trail?.length ? trail.join('.') : undefined })}`;
  const next =
    result.ok && result.data.next_cursor
      ? href(view, result.data.next_cursor, [...paging.trail, paging.cursor ?? '~'])
      : undefined;
  const back = paging.trail[paging.trail.length - 1];
  const previous = paging.cursor
    ? href(view, back && back !== '~' ? back : undefined, paging.trail.slice(0, -1))
    : undefined;

  return (
    <div className="grid grid-cols-1 gap-6">
      <PageHeader title="Tasks" description={`Due times are shown in ${me.tenant.time_zone}.`} />
      <nav aria-label="Task views">
        <ul className="flex gap-1 border-b">
          {ORDER.map((v) => (
            <li key={v}>
              <Link
                href={href(v)}
                aria-current={v === view ? 'page' : undefined}
                className={cn(
                  '-mb-px inline-flex border-b-2 px-3 py-2 font-medium text-sm transition-colors',
                  v === view
                    ? 'border-primary text-foreground'
                    : 'border-transparent text-muted-foreground hover:text-foreground',
                )}
              >
                {VIEW_LABELS[v]}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <div className="grid grid-cols-1 gap-6 lg:grid-cols-[1fr_20rem]">
        <section aria-label={`${VIEW_LABELS[view]} tasks`} className="min-w-0">
          {!result.ok ? (
            <Alert variant="error" title="The tasks could not be loaded">
              {result.message}
            </Alert>
          ) : result.data.data.length === 0 ? (
            <EmptyState icon={<CheckCheck />} {...EMPTY[view]} />
          ) : (
            <Card>
              <CardContent className="py-2 sm:py-2">
                <TaskList tasks={result.data.data} names={names} />
              </CardContent>
            </Card>
          )}
          {previous || next ? (
            <nav aria-label="Pages of tasks" className="mt-4 flex items-center justify-between gap-2">
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
        </section>
        {can(me, 'tasks:create') ? (
          <aside aria-label="Quick add" className="lg:sticky lg:top-20 lg:self-start">
            <QuickAddTask />
          </aside>
        ) : null}
      </div>
    </div>
  );
}
