/**
 * A company: its fields (edited in place), its contacts, deals and tasks, the timeline, and
 * sharing with client members.
 */
import type { Activity } from '@comptoir/contracts/crm/activities';
import type { Company } from '@comptoir/contracts/crm/companies';
import type { Contact } from '@comptoir/contracts/crm/contacts';
import type { CustomField } from '@comptoir/contracts/crm/custom-fields';
import type { Deal } from '@comptoir/contracts/crm/deals';
import type { Share } from '@comptoir/contracts/crm/shares';
import type { Task } from '@comptoir/contracts/crm/tasks';
import { Alert, Button, Card, CardContent, CardHeader, CardTitle, PageHeader } from '@comptoir/ui';
import { can } from '@comptoir/ui/server';
import { ChevronLeft, Pencil, UserPlus } from 'lucide-react';
import type { Metadata } from 'next';
import Link from 'next/link';
import { load, requireMe } from '@/lib/api';
import { personName } from '@/lib/format';
import { loadPipelines, stagesById } from '@/lib/pipelines';
import { DealList } from '../../_components/deal-list';
import { NewDealDialog } from '../../_components/new-deal-dialog';
import { SharePanel } from '../../_components/share-panel';
import { QuickAddTask, TaskList } from '../../_components/tasks';
import { Timeline } from '../../_components/timeline';
import { CompanyActions } from './_components/company-actions';
import { CompanyDetails } from './_components/company-details';

type Params = Promise<{ id: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const { id } = await params;
  const company = await load<Company>(`/companies/${id}`);
  return { title: company.ok ? company.data.name : 'Company' };
}

export default async function CompanyPage({ params }: { params: Params }) {
  const { id } = await params;
  const me = await requireMe();
  const company = await load<Company>(`/companies/${id}`, undefined, { notFoundOn404: true });
  if (!company.ok) {
    return (
      <Alert variant="error" title="This company could not be loaded">
        {company.message}
      </Alert>
    );
  }
  const c = company.data;
  const canShare = can(me, 'shares:manage');
  const [fields, contacts, activities, deals, tasks, pipelines, shares] = await Promise.all([
    load<{ data: CustomField[] }>('/custom-fields', { entity: 'company' }),
    load<{ data: Contact[]; next_cursor: string | null }>('/contacts', {
      company_id: id,
      limit: 10,
      sort: 'name',
    }),
    load<{ data: Activity[]; next_cursor: string | null }>('/activities', { company_id: id, limit: 20 }),
    load<{ data: Deal[] }>('/deals', { company_id: id, limit: 50 }),
    load<{ data: Task[] }>('/tasks', { company_id: id, limit: 50 }),
    loadPipelines(),
    canShare ? load<{ data: Share[] }>('/shares', { entity_type: 'company', entity_id: id }) : null,
  ]);
  const stages = stagesById(pipelines.ok ? pipelines.data : []);

  return (
    <div className="grid grid-cols-1 gap-6">
      <PageHeader
        eyebrow={
          <Link href="/companies" className="inline-flex items-center gap-1 hover:text-foreground">
            <ChevronLeft aria-hidden="true" className="size-4" />
            Companies
          </Link>
        }
        title={c.name}
        description={[c.industry, c.domain].filter(Boolean).join(' · ') || undefined}
        actions={
          <>
            {can(me, 'companies:update') ? (
              <Button variant="outline" asChild>
                <Link href={`/companies/${id}/edit`}>
                  <Pencil aria-hidden="true" />
                  Edit all fields
                </Link>
              </Button>
            ) : null}
            <CompanyActions id={id} name={c.name} />
          </>
        }
      />
      <div className="grid grid-cols-1 gap-6 lg:grid-cols-3">
        <div className="grid min-w-0 content-start gap-6 lg:col-span-2">
          <Card>
            <CardHeader>
              <CardTitle>Details</CardTitle>
            </CardHeader>
            <CardContent>
              <CompanyDetails company={c} customFields={fields.ok ? fields.data.data : []} />
            </CardContent>
          </Card>
          <Card>
            <CardHeader>
              <CardTitle>Timeline</CardTitle>
            </CardHeader>
            <CardContent>
              {activities.ok ? (
                <Timeline subject={{ company_id: id }} initial={activities.data} />
              ) : (
                <Alert variant="error">{activities.message}</Alert>
              )}
            </CardContent>
          </Card>
        </div>
        <div className="grid min-w-0 content-start gap-6">
          <Card>
            <CardHeader className="flex-row items-center justify-between gap-2">
              <CardTitle>People</CardTitle>
              {can(me, 'contacts:create') ? (
                <Button variant="outline" size="sm" asChild>
                  <Link href={`/contacts/new?company=${id}`}>
                    <UserPlus aria-hidden="true" />
                    Add person
                  </Link>
                </Button>
              ) : null}
            </CardHeader>
            <CardContent>
              {!contacts.ok ? (
                <Alert variant="error">{contacts.message}</Alert>
              ) : contacts.data.data.length === 0 ? (
                <p className="text-muted-foreground text-sm">Nobody from {c.name} yet.</p>
              ) : (
                <ul className="grid divide-y">
                  {contacts.data.data.map((p) => (
                    <li key={p.id} className="grid py-2">
                      <Link
                        href={`/contacts/${p.id}`}
                        className="font-medium text-sm underline-offset-4 hover:underline"
                      >
                        {personName(p)}
                      </Link>
                      <span className="truncate text-muted-foreground text-xs">
                        {[p.job_title, p.emails[0]?.address].filter(Boolean).join(' · ')}
                      </span>
                    </li>
                  ))}
                </ul>
              )}
              {contacts.ok && contacts.data.next_cursor ? (
                <Link
                  href={`/contacts?company=${id}`}
                  className="mt-2 inline-block text-sm underline underline-offset-4"
                >
                  Every person of {c.name}
                </Link>
              ) : null}
            </CardContent>
          </Card>
          <Card>
            <CardHeader className="flex-row items-center justify-between gap-2">
              <CardTitle>Deals</CardTitle>
              {can(me, 'deals:create') && pipelines.ok ? (
                <NewDealDialog
                  pipelines={pipelines.data}
                  variant="outline"
                  size="sm"
                  company={{ value: id, label: c.name }}
                />
              ) : null}
            </CardHeader>
            <CardContent>
              {deals.ok ? (
                <DealList deals={deals.data.data} stages={stages} locale={me.tenant.locale} />
              ) : (
                <Alert variant="error">{deals.message}</Alert>
              )}
            </CardContent>
          </Card>
          <Card>
            <CardHeader>
              <CardTitle>Tasks</CardTitle>
            </CardHeader>
            <CardContent className="grid gap-4">
              {tasks.ok ? (
                <TaskList
                  tasks={tasks.data.data}
                  subject={{ company_id: id }}
                  names={{
                    ...Object.fromEntries(
                      (contacts.ok ? contacts.data.data : []).map((p) => [p.id, personName(p)]),
                    ),
                    ...Object.fromEntries((deals.ok ? deals.data.data : []).map((d) => [d.id, d.title])),
                  }}
                  emptyText="No tasks about this company."
                />
              ) : (
                <Alert variant="error">{tasks.message}</Alert>
              )}
              {can(me, 'tasks:create') ? <QuickAddTask subject={{ company_id: id }} /> : null}
            </CardContent>
          </Card>
          {shares ? (
            <Card>
              <CardHeader>
                <CardTitle>Sharing</CardTitle>
              </CardHeader>
              <CardContent>
                {shares.ok ? (
                  <SharePanel entityType="company" entityId={id} shares={shares.data.data} />
                ) : (
                  <Alert variant="error">{shares.message}</Alert>
                )}
              </CardContent>
            </Card>
          ) : null}
        </div>
      </div>
    </div>
  );
}
