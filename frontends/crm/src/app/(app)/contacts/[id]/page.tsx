/**
 * A contact: its fields (edited in place), the activity timeline, linked deals and tasks, likely
 * duplicates, and sharing with client members.
 */
import type { Activity } from '@comptoir/contracts/crm/activities';
import type { Contact, DuplicatePair } from '@comptoir/contracts/crm/contacts';
import type { CustomField } from '@comptoir/contracts/crm/custom-fields';
import type { Deal } from '@comptoir/contracts/crm/deals';
import type { Share } from '@comptoir/contracts/crm/shares';
import type { Task } from '@comptoir/contracts/crm/tasks';
import { Alert, Badge, Button, Card, CardContent, CardHeader, CardTitle, PageHeader } from '@comptoir/ui';
import { can } from '@comptoir/ui/server';
import { ChevronLeft, GitMerge, Pencil } from 'lucide-react';
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
import { ContactActions } from './_components/contact-actions';
import { ContactDetails } from './_components/contact-details';

type Params = Promise<{ id: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const { id } = await params;
  const contact = await load<Contact>(`/contacts/${id}`);
  return { title: contact.ok ? personName(contact.data) : 'Contact' };
}

const REASONS: Record<string, string> = {
  same_email: 'same e-mail',
  same_phone: 'same phone',
  similar_name: 'similar name',
};

export default async function ContactPage({
  params,
  searchParams,
}: {
  params: Params;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { id } = await params;
  const { merged } = await searchParams;
  const me = await requireMe();
  const contact = await load<Contact>(`/contacts/${id}`, undefined, { notFoundOn404: true });
  if (!contact.ok) {
    return (
      <Alert variant="error" title="This contact could not be loaded">
        {contact.message}
      </Alert>
    );
  }
  const c = contact.data;
  const canShare = can(me, 'shares:manage');
  const [fields, activities, deals, tasks, pipelines, shares, duplicates] = await Promise.all([
    load<{ data: CustomField[] }>('/custom-fields', { entity: 'contact' }),
    load<{ data: Activity[]; next_cursor: string | null }>('/activities', { contact_id: id, limit: 20 }),
    load<{ data: Deal[] }>('/deals', { contact_id: id, limit: 50 }),
    load<{ data: Task[] }>('/tasks', { contact_id: id, limit: 50 }),
    loadPipelines(),
    canShare ? load<{ data: Share[] }>('/shares', { entity_type: 'contact', entity_id: id }) : null,
    load<{ data: DuplicatePair[] }>(`/contacts/${id}/duplicates`),
  ]);
  const name = personName(c);
  const stages = stagesById(pipelines.ok ? pipelines.data : []);
  const subtitle = [c.job_title, c.company?.name].filter(Boolean).join(' · ');

  return (
    <div className="grid grid-cols-1 gap-6">
      <PageHeader
        eyebrow={
          <Link href="/contacts" className="inline-flex items-center gap-1 hover:text-foreground">
            <ChevronLeft aria-hidden="true" className="size-4" />
            Contacts
          </Link>
        }
        title={name}
        description={subtitle || undefined}
        actions={
          <>
            {can(me, 'contacts:update') ? (
              <Button variant="outline" asChild>
                <Link href={`/contacts/${id}/edit`}>
                  <Pencil aria-hidden="true" />
                  Edit all fields
                </Link>
              </Button>
            ) : null}
            <ContactActions id={id} name={name} deleted={Boolean(c.deleted_at)} />
          </>
        }
      />
      {merged === '1' ? (
        <Alert variant="success" role="status" title="Contacts merged">
          The other contact is in the trash; its activities, deals and tasks are now here.
        </Alert>
      ) : null}
      <div className="grid grid-cols-1 gap-6 lg:grid-cols-3">
        <div className="grid min-w-0 content-start gap-6 lg:col-span-2">
          <Card>
            <CardHeader>
              <CardTitle>Details</CardTitle>
            </CardHeader>
            <CardContent>
              <ContactDetails contact={c} customFields={fields.ok ? fields.data.data : []} />
            </CardContent>
          </Card>
          <Card>
            <CardHeader>
              <CardTitle>Timeline</CardTitle>
            </CardHeader>
            <CardContent>
              {activities.ok ? (
                <Timeline subject={{ contact_id: id }} initial={activities.data} />
              ) : (
                <Alert variant="error">{activities.message}</Alert>
              )}
            </CardContent>
          </Card>
        </div>
        <div className="grid min-w-0 content-start gap-6">
          <Card>
            <CardHeader className="flex-row items-center justify-between gap-2">
              <CardTitle>Deals</CardTitle>
              {can(me, 'deals:create') && pipelines.ok ? (
                <NewDealDialog
                  pipelines={pipelines.data}
                  variant="outline"
                  size="sm"
                  contact={{ value: id, label: name }}
                  company={c.company ? { value: c.company.id, label: c.company.name } : null}
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
                  subject={{ contact_id: id }}
                  names={{
                    ...(c.company ? { [c.company.id]: c.company.name } : {}),
                    ...Object.fromEntries((deals.ok ? deals.data.data : []).map((d) => [d.id, d.title])),
                  }}
                  emptyText="No tasks about this contact."
                />
              ) : (
                <Alert variant="error">{tasks.message}</Alert>
              )}
              {can(me, 'tasks:create') ? <QuickAddTask subject={{ contact_id: id }} /> : null}
            </CardContent>
          </Card>
          {duplicates.ok && duplicates.data.data.length > 0 ? (
            <Card>
              <CardHeader>
                <CardTitle>Possible duplicates</CardTitle>
              </CardHeader>
              <CardContent>
                <ul className="grid gap-3">
                  {duplicates.data.data.map((pair) => {
                    const other = pair.contact.id === id ? pair.duplicate : pair.contact;
                    return (
                      <li key={other.id} className="grid gap-1.5">
                        <Link
                          href={`/contacts/${other.id}`}
                          className="font-medium text-sm underline-offset-4 hover:underline"
                        >
                          {personName(other)}
                        </Link>
                        <span className="flex flex-wrap gap-1">
                          {pair.reasons.map((r) => (
                            <Badge key={r} variant="warning">
                              {REASONS[r] ?? r}
                            </Badge>
                          ))}
                        </span>
                        {can(me, 'contacts:merge') ? (
                          <Button variant="outline" size="sm" className="justify-self-start" asChild>
                            <Link href={`/duplicates/merge?contact=${id}&duplicate=${other.id}`}>
                              <GitMerge aria-hidden="true" />
                              Compare and merge
                            </Link>
                          </Button>
                        ) : null}
                      </li>
                    );
                  })}
                </ul>
              </CardContent>
            </Card>
          ) : null}
          {shares ? (
            <Card>
              <CardHeader>
                <CardTitle>Sharing</CardTitle>
              </CardHeader>
              <CardContent>
                {shares.ok ? (
                  <SharePanel entityType="contact" entityId={id} shares={shares.data.data} />
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
