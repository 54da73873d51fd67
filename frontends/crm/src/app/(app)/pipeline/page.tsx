/**
 * The pipeline board: deals by stage with totals, moved by drag and drop or the keyboard.
 * `?pipeline=` chooses the pipeline (default: the first), `?owner=` keeps one member's deals.
 */
import type { Board } from '@comptoir/contracts/crm/deals';
import { Alert, EmptyState, PageHeader } from '@comptoir/ui';
import { can } from '@comptoir/ui/server';
import { KanbanSquare } from 'lucide-react';
import type { Metadata } from 'next';
import { load, requireMe } from '@/lib/api';
import { formatMoney } from '@/lib/format';
import { loadPipelines } from '@/lib/pipelines';
import { NewDealDialog } from '../_components/new-deal-dialog';
import { BoardFilters } from './_components/board-filters';
import { KanbanBoard } from './_components/kanban-board';

export const metadata: Metadata = { title: 'Pipeline' };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export default async function PipelinePage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { pipeline: rawPipeline, owner: rawOwner } = await searchParams;
  const me = await requireMe();
  const pipelines = await loadPipelines();
  if (!pipelines.ok) {
    return (
      <div className="grid gap-6">
        <PageHeader title="Pipeline" />
        <Alert variant="error" title="The pipeline could not be loaded">
          {pipelines.message}
        </Alert>
      </div>
    );
  }
  const pipeline = pipelines.data.find((p) => p.id === rawPipeline) ?? pipelines.data[0];
  if (!pipeline) {
    return (
      <div className="grid gap-6">
        <PageHeader title="Pipeline" />
        <EmptyState icon={<KanbanSquare />} title="No pipeline yet" description="An admin can create one." />
      </div>
    );
  }
  const ownerId = typeof rawOwner === 'string' && UUID.test(rawOwner) ? rawOwner : undefined;
  const board = await load<Board>(`/pipelines/${pipeline.id}/board`, {
    owner_id: ownerId,
    deals_per_stage: 100,
  });
  const open = board.ok ? board.data.columns.filter((c) => c.stage.kind === 'open') : [];
  const openCount = open.reduce((n, c) => n + c.totals.count, 0);
  const openAmounts = new Map<string, { amount: number; weighted: number }>();
  for (const column of open) {
    for (const a of column.totals.amounts) {
      const sum = openAmounts.get(a.currency) ?? { amount: 0, weighted: 0 };
      openAmounts.set(a.currency, {
        amount: sum.amount + a.amount_minor,
        weighted: sum.weighted + a.weighted_amount_minor,
      });
    }
  }
  const summary = [...openAmounts]
    .map(
      ([currency, s]) =>
        `${formatMoney(s.amount, currency, me.tenant.locale)} (weighted ${formatMoney(s.weighted, currency, me.tenant.locale)})`,
    )
    .join(' · ');

  return (
    <div className="grid grid-cols-1 gap-6">
      <PageHeader
        title={pipelines.data.length > 1 ? `Pipeline: ${pipeline.name}` : 'Pipeline'}
        description={
          board.ok
            ? `${openCount} open ${openCount === 1 ? 'deal' : 'deals'}${summary ? `: ${summary}` : ''}`
            : undefined
        }
        actions={
          <>
            <BoardFilters pipelines={pipelines.data} pipelineId={pipeline.id} ownerId={ownerId} />
            {can(me, 'deals:create') ? (
              <NewDealDialog pipelines={pipelines.data} pipelineId={pipeline.id} />
            ) : null}
          </>
        }
      />
      {board.ok ? (
        <KanbanBoard board={board.data} />
      ) : (
        <Alert variant="error" title="The board could not be loaded">
          {board.message}
        </Alert>
      )}
    </div>
  );
}
