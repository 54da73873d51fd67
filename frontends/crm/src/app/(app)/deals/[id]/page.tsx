/**
 * A deal: stage (moved from here too), amount, dates, people, the stage history, the timeline,
 * its tasks and sharing with client members.
 */
import type { Activity } from '@comptoir/contracts/crm/activities';
import type { Company } from '@comptoir/contracts/crm/companies';
import type { Contact } from '@comptoir/contracts/crm/contacts';
import type { CustomField } from '@comptoir/contracts/crm/custom-fields';
import type { DealDetail } from '@comptoir/contracts/crm/deals';
import type { Share } from '@comptoir/contracts/crm/shares';
import type { Task } from '@comptoir/contracts/crm/tasks';
import { Alert, Card, CardContent, CardHeader, CardTitle, PageHeader } from '@comptoir/ui';
import { can } from '@comptoir/ui/server';
import { ChevronLeft } from 'lucide-react';
import type { Metadata } from 'next';
import Link from 'next/link';
import { load, requireMe } from '@/lib/api';
import { formatDate, formatMoney, personName } from '@/lib/format';
import { loadMembers } from '@/lib/members';
import { loadPipelines, stagesById } from '@/lib/pipelines';
import { DealStatusBadge } from '../../_components/deal-list';
import { SharePanel } from '../../_components/share-panel';
import { QuickAddTask, TaskList } from '../../_components/tasks';
import { Timeline } from '../../_components/timeline';
import { DealActions } from './_components/deal-actions';
import { DealDetails } from './_components/deal-details';

type Params = Promise<{ id: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const { id } = await params;
  const deal = await load<DealDetail>(`/deals/${id}`);
  return { title: deal.ok ? deal.data.title : 'Deal' };
}

export default async function DealPage({ params }: { params: Params }) {
  const { id } = await params;
  const me = await requireMe();
  const deal = await load<DealDetail>(`/deals/${id}`, undefined, { notFoundOn404: true });
  if (!deal.ok) {
    return (
      <Alert variant="error" title="This deal could not be loaded">
        {deal.message}
      </Alert>
    );
  }
  const d = deal.data;
  const canShare = can(me, 'shares:manage');
  const [pipelines, fields, activities, tasks, company, contact, shares, members] = await Promise.all([
    loadPipelines(),
    load<{ data: CustomField[] }>('/custom-fields', { entity: 'deal' }),
    load<{ data: Activity[]; next_cursor: string | null }>('/activities', { deal_id: id, limit: 20 }),
    load<{ data: Task[] }>('/tasks', { deal_id: id, limit: 50 }),
    d.company_id ? load<Company>(`/companies/${d.company_id}`) : null,
    d.contact_id ? load<Contact>(`/contacts/${d.contact_id}`) : null,
    canShare ? load<{ data: Share[] }>('/shares', { entity_type: 'deal', entity_id: id }) : null,
    loadMembers(me),
  ]);
  const stages = stagesById(pipelines.ok ? pipelines.data : []);
  const stage = stages.get(d.stage_id);
  const memberName = (userId: string) => members.find((m) => m.id === userId)?.name ?? 'Former member';
  const tenant = { locale: me.tenant.locale, time_zone: me.tenant.time_zone };

  return (
    <div className="grid grid-cols-1 gap-6">
      <PageHeader
        eyebrow={
          <Link
            href={`/pipeline${stage && pipelines.ok && pipelines.data[0]?.id !== stage.pipeline_id ? `?pipeline=${stage.pipeline_id}` : ''}`}
            className="inline-flex items-center gap-1 hover:text-foreground"
          >
            <ChevronLeft aria-hidden="true" className="size-4" />
            {stage?.pipeline_name ?? 'Pipeline'}
          </Link>
        }
        title={d.title}
        description={
          <span className="flex flex-wrap items-center gap-2">
            <span className="font-medium text-foreground">
              {formatMoney(d.amount_minor, d.currency, me.tenant.locale)}
            </span>
            <DealStatusBadge deal={d} stage={stage} />
          </span>
        }
        actions={<DealActions id={id} title={d.title} />}
      />
      <div className="grid grid-cols-1 gap-6 lg:grid-cols-3">
        <div className="grid min-w-0 content-start gap-6 lg:col-span-2">
          <Card>
            <CardHeader>
              <CardTitle>Details</CardTitle>
            </CardHeader>
            <CardContent>
              <DealDetails
                deal={d}
                pipelines={pipelines.ok ? pipelines.data : []}
                company={company?.ok ? { value: company.data.id, label: company.data.name } : null}
                contact={contact?.ok ? { value: contact.data.id, label: personName(contact.data) } : null}
                customFields={fields.ok ? fields.data.data : []}
              />
            </CardContent>
          </Card>
          <Card>
            <CardHeader>
              <CardTitle>Timeline</CardTitle>
            </CardHeader>
            <CardContent>
              {activities.ok ? (
                <Timeline
                  subject={{ deal_id: id }}
                  attach={d.contact_id ? { contact_id: d.contact_id } : {}}
                  initial={activities.data}
                />
              ) : (
                <Alert variant="error">{activities.message}</Alert>
              )}
            </CardContent>
          </Card>
        </div>
        <div className="grid min-w-0 content-start gap-6">
          <Card>
            <CardHeader>
              <CardTitle>Tasks</CardTitle>
            </CardHeader>
            <CardContent className="grid gap-4">
              {tasks.ok ? (
                <TaskList
                  tasks={tasks.data.data}
                  subject={{ deal_id: id }}
                  names={{
                    ...(company?.ok ? { [company.data.id]: company.data.name } : {}),
                    ...(contact?.ok ? { [contact.data.id]: personName(contact.data) } : {}),
                  }}
                  emptyText="No tasks for this deal."
                />
              ) : (
                <Alert variant="error">{tasks.message}</Alert>
              )}
              {can(me, 'tasks:create') ? <QuickAddTask subject={{ deal_id: id }} /> : null}
            </CardContent>
          </Card>
          <Card>
            <CardHeader>
              <CardTitle>Stage history</CardTitle>
            </CardHeader>
            <CardContent>
              {d.stage_history.length === 0 ? (
                <p className="text-muted-foreground text-sm">No moves yet.</p>
              ) : (
                <ol className="grid gap-3">
                  {[...d.stage_history].reverse().map((change) => (
                    <li key={`${change.moved_at}-${change.to_stage_id}`} className="grid text-sm">
                      <span>
                        {change.from_stage_id ? (
                          <>
                            {stages.get(change.from_stage_id)?.name ?? 'A removed stage'} →{' '}
                            <span className="font-medium">
                              {stages.get(change.to_stage_id)?.name ?? 'a removed stage'}
                            </span>
                          </>
                        ) : (
                          <>
                            Created in{' '}
                            <span className="font-medium">
                              {stages.get(change.to_stage_id)?.name ?? 'a removed stage'}
                            </span>
                          </>
                        )}
                      </span>
                      <span className="text-muted-foreground text-xs">
                        <time dateTime={change.moved_at}>{formatDate(change.moved_at, tenant, true)}</time>
                        {change.moved_by ? ` · ${memberName(change.moved_by)}` : null}
                      </span>
                    </li>
                  ))}
                </ol>
              )}
              {d.won_at ? (
                <p className="mt-3 text-muted-foreground text-xs">Won {formatDate(d.won_at, tenant, true)}</p>
              ) : null}
              {d.lost_at ? (
                <p className="mt-3 text-muted-foreground text-xs">
                  Lost {formatDate(d.lost_at, tenant, true)}
                  {d.lost_reason ? `: ${d.lost_reason}` : ''}
                </p>
              ) : null}
            </CardContent>
          </Card>
          {shares ? (
            <Card>
              <CardHeader>
                <CardTitle>Sharing</CardTitle>
              </CardHeader>
              <CardContent>
                {shares.ok ? (
                  <SharePanel entityType="deal" entityId={id} shares={shares.data.data} />
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
