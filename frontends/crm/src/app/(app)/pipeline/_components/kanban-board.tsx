'use client';
import type { Board, BoardColumn, Deal, DealTotals } from '@comptoir/contracts/crm/deals';
import type { Stage } from '@comptoir/contracts/crm/pipelines';
import {
  Alert,
  apiRequest,
  Badge,
  Button,
  cn,
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
  Field,
  Input,
  initialsOf,
} from '@comptoir/ui';
/**
 * @module kanban-board
 * The pipeline board: one column per stage with its totals (count, amount per currency,
 * weighted amount), deals as cards ordered by rank. Deals move between stages and within one
 * with the mouse or a finger (dnd-kit), or with the keyboard: focus a card's move button, pick
 * it up with Space or Enter, move it with the arrow keys, drop it with Space or Enter (Escape
 * cancels). Every step is announced to screen readers. A drop calls `POST /deals/{id}/move` with
 * the new stage and the neighbours the deal lands between; moving into a lost stage asks why.
 */
import {
  type CollisionDetection,
  closestCenter,
  DndContext,
  type DragEndEvent,
  type DragOverEvent,
  DragOverlay,
  type DragStartEvent,
  getFirstCollision,
  MouseSensor,
  pointerWithin,
  rectIntersection,
  TouchSensor,
  type UniqueIdentifier,
  useDroppable,
  useSensor,
  useSensors,
} from '@dnd-kit/core';
import { arrayMove, SortableContext, useSortable, verticalListSortingStrategy } from '@dnd-kit/sortable';
import { CSS } from '@dnd-kit/utilities';
import { CalendarDays, GripVertical } from 'lucide-react';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import {
  type FormEvent,
  type KeyboardEvent,
  useCallback,
  useEffect,
  useLayoutEffect,
  useRef,
  useState,
  useTransition,
} from 'react';
import { localTotals } from '@/lib/board-totals';
import { formatDay, formatMoney } from '@/lib/format';
import { useCan, useMemberName, useSession } from '@/lib/session';

/** A column as the board holds it while deals move. */
interface Column {
  stage: Stage;
  deals: Deal[];
  has_more: boolean;
  totals: DealTotals;
}

const toColumns = (board: Board): Column[] =>
  board.columns.map((c: BoardColumn) => ({
    stage: c.stage,
    deals: c.deals,
    has_more: c.has_more,
    totals: c.totals,
  }));

const handleId = (dealId: string) => `deal-move-${dealId}`;
const INSTRUCTIONS_ID = 'kanban-instructions';

/** Where a deal is: column and index. */
function locate(columns: readonly Column[], dealId: string): { column: number; index: number } | null {
  for (let column = 0; column < columns.length; column++) {
    const index = columns[column]!.deals.findIndex((d) => d.id === dealId);
    if (index >= 0) return { column, index };
  }
  return null;
}

/** Columns with a deal moved to (column, index). */
function moveTo(columns: readonly Column[], dealId: string, column: number, index: number): Column[] {
  const from = locate(columns, dealId);
  if (!from) return [...columns];
  const deal = columns[from.column]!.deals[from.index]!;
  const next = columns.map((c) => ({ ...c, deals: c.deals.filter((d) => d.id !== dealId) }));
  const target = next[column]!;
  const at = Math.max(0, Math.min(index, target.deals.length));
  target.deals = [...target.deals.slice(0, at), deal, ...target.deals.slice(at)];
  return next;
}

/** Props of {@link KanbanBoard}. */
export interface KanbanBoardProps {
  board: Board;
}

/** The board (a labelled region scrolling sideways on small screens). */
export function KanbanBoard({ board }: KanbanBoardProps) {
  const { tenant } = useSession();
  const canMove = useCan('deals:update');
  const [columns, setColumns] = useState<Column[]>(() => toColumns(board));
  const [announcement, setAnnouncement] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [activeId, setActiveId] = useState<string | null>(null);
  const [lifted, setLifted] = useState<string | null>(null);
  const [lostPrompt, setLostPrompt] = useState<{ dealId: string; snapshot: Column[]; next: Column[] } | null>(
    null,
  );
  const snapshot = useRef<Column[] | null>(null);
  const busy = useRef(false);
  const liftedRef = useRef<string | null>(null);
  liftedRef.current = lifted;

  // A new board from the server (after a refresh) replaces the state, unless a move is under way.
  useEffect(() => {
    if (!snapshot.current && !busy.current) setColumns(toColumns(board));
  }, [board]);

  const say = (text: string) => setAnnouncement((current) => (current === text ? `${text}\u00a0` : text));
  const money = (minor: number, currency: string) => formatMoney(minor, currency, tenant.locale);
  const positionText = (cols: readonly Column[], dealId: string) => {
    const at = locate(cols, dealId);
    if (!at) return '';
    const column = cols[at.column]!;
    return `${column.stage.name}, position ${at.index + 1} of ${column.deals.length}`;
  };
  const titleOf = (cols: readonly Column[], dealId: string) => {
    const at = locate(cols, dealId);
    return at ? cols[at.column]!.deals[at.index]!.title : 'Deal';
  };

  // After a move, the server's board (totals, the page's summary) replaces the local one.
  const router = useRouter();
  const [, startTransition] = useTransition();
  const reload = () => startTransition(() => router.refresh());

  /** Sends a finished move; restores the board when the API refuses it. */
  async function commit(before: Column[], after: Column[], dealId: string, lostReason?: string | null) {
    const from = locate(before, dealId);
    const to = locate(after, dealId);
    if (!from || !to) return;
    const target = after[to.column]!;
    if (from.column === to.column && from.index === to.index) {
      say(`${titleOf(after, dealId)} dropped where it was, in ${positionText(after, dealId)}.`);
      return;
    }
    const afterId = target.deals[to.index - 1]?.id;
    const beforeId = target.deals[to.index + 1]?.id;
    busy.current = true;
    setError(null);
    const result = await apiRequest<Deal>(`/api/crm/deals/${dealId}/move`, {
      method: 'POST',
      body: {
        stage_id: target.stage.id,
        ...(afterId ? { after_id: afterId } : {}),
        ...(beforeId ? { before_id: beforeId } : {}),
        ...(target.stage.kind === 'lost' && from.column !== to.column
          ? { lost_reason: lostReason ?? null }
          : {}),
      },
    });
    busy.current = false;
    const title = titleOf(after, dealId);
    if (!result.ok) {
      setColumns(before);
      setError(`${title} could not be moved: ${result.message}`);
      say(`${title} could not be moved. ${result.message}`);
      return;
    }
    setColumns((current) =>
      current.map((c) => ({ ...c, deals: c.deals.map((d) => (d.id === dealId ? result.data : d)) })),
    );
    const outcome =
      result.data.status === 'won'
        ? ' The deal is won.'
        : result.data.status === 'lost'
          ? ' The deal is lost.'
          : '';
    say(`${title} moved to ${positionText(after, dealId)}.${outcome}`);
    reload();
  }

  /** A move into a lost stage asks for the reason first; anything else is sent at once. */
  function finish(before: Column[], after: Column[], dealId: string) {
    const from = locate(before, dealId);
    const to = locate(after, dealId);
    if (from && to && from.column !== to.column && after[to.column]!.stage.kind === 'lost') {
      setLostPrompt({ dealId, snapshot: before, next: after });
      return;
    }
    void commit(before, after, dealId);
  }

  // Pointer and touch dragging ------------------------------------------------------------------

  const sensors = useSensors(
    useSensor(MouseSensor, { activationConstraint: { distance: 6 } }),
    useSensor(TouchSensor, { activationConstraint: { delay: 200, tolerance: 8 } }),
  );

  const columnOf = (id: UniqueIdentifier, cols: readonly Column[]): number => {
    const key = String(id);
    if (key.startsWith('stage:')) return cols.findIndex((c) => `stage:${c.stage.id}` === key);
    return locate(cols, key)?.column ?? -1;
  };

  const collisionDetection: CollisionDetection = useCallback(
    (args) => {
      const pointer = pointerWithin(args);
      const hits = pointer.length > 0 ? pointer : rectIntersection(args);
      let overId = getFirstCollision(hits, 'id');
      if (overId == null) return [];
      const key = String(overId);
      if (key.startsWith('stage:')) {
        const column = columns.find((c) => `stage:${c.stage.id}` === key);
        if (column && column.deals.length > 0) {
          const ids = new Set(column.deals.map((d) => d.id));
          overId =
            closestCenter({
              ...args,
              droppableContainers: args.droppableContainers.filter((c) => ids.has(String(c.id))),
            })[0]?.id ?? overId;
        }
      }
      return [{ id: overId }];
    },
    [columns],
  );

  function onDragStart(event: DragStartEvent) {
    snapshot.current = columns;
    setActiveId(String(event.active.id));
    setError(null);
  }

  function onDragOver({ active, over }: DragOverEvent) {
    if (!over) return;
    setColumns((cols) => {
      const from = columnOf(active.id, cols);
      const to = columnOf(over.id, cols);
      if (from < 0 || to < 0 || from === to) return cols;
      const overKey = String(over.id);
      const targetDeals = cols[to]!.deals;
      const overIndex = targetDeals.findIndex((d) => d.id === overKey);
      const below =
        over.rect && active.rect.current.translated
          ? active.rect.current.translated.top > over.rect.top + over.rect.height / 2
          : false;
      const index = overIndex >= 0 ? overIndex + (below ? 1 : 0) : targetDeals.length;
      return moveTo(cols, String(active.id), to, index);
    });
  }

  function onDragEnd({ active, over }: DragEndEvent) {
    const before = snapshot.current;
    snapshot.current = null;
    setActiveId(null);
    if (!before) return;
    let after = columns;
    if (over) {
      const column = columnOf(over.id, after);
      const activeAt = locate(after, String(active.id));
      const overIndex = column >= 0 ? after[column]!.deals.findIndex((d) => d.id === String(over.id)) : -1;
      if (activeAt && column === activeAt.column && overIndex >= 0 && overIndex !== activeAt.index) {
        after = after.map((c, i) =>
          i === column ? { ...c, deals: arrayMove(c.deals, activeAt.index, overIndex) } : c,
        );
        setColumns(after);
      }
    } else {
      setColumns(before);
      return;
    }
    finish(before, after, String(active.id));
  }

  function onDragCancel() {
    if (snapshot.current) setColumns(snapshot.current);
    snapshot.current = null;
    setActiveId(null);
  }

  // Keyboard ------------------------------------------------------------------------------------

  // Keep the focus on the moving card's button: moving a card between columns re-creates it.
  useLayoutEffect(() => {
    if (lifted) document.getElementById(handleId(lifted))?.focus();
  }, [lifted, columns]);

  function onHandleKeyDown(event: KeyboardEvent<HTMLButtonElement>, dealId: string) {
    const key = event.key;
    if (!lifted) {
      if (key === ' ' || key === 'Enter') {
        event.preventDefault();
        if (busy.current) return;
        snapshot.current = columns;
        setLifted(dealId);
        setError(null);
        say(
          `Picked up ${titleOf(columns, dealId)}, in ${positionText(columns, dealId)}. Use the arrow keys to move it, Space or Enter to drop it, Escape to cancel.`,
        );
      }
      return;
    }
    if (lifted !== dealId) return;
    const at = locate(columns, dealId);
    if (!at) return;
    let next: Column[] | null = null;
    if (key === 'ArrowRight' || key === 'ArrowLeft') {
      const column = at.column + (key === 'ArrowRight' ? 1 : -1);
      if (column >= 0 && column < columns.length) {
        next = moveTo(columns, dealId, column, Math.min(at.index, columns[column]!.deals.length));
      }
    } else if (key === 'ArrowDown' || key === 'ArrowUp') {
      const index = at.index + (key === 'ArrowDown' ? 1 : -1);
      if (index >= 0 && index < columns[at.column]!.deals.length)
        next = moveTo(columns, dealId, at.column, index);
    } else if (key === ' ' || key === 'Enter') {
      event.preventDefault();
      const before = snapshot.current ?? columns;
      snapshot.current = null;
      setLifted(null);
      finish(before, columns, dealId);
      return;
    } else if (key === 'Escape') {
      event.preventDefault();
      const before = snapshot.current ?? columns;
      snapshot.current = null;
      setLifted(null);
      setColumns(before);
      say(`Move cancelled. ${titleOf(before, dealId)} is back in ${positionText(before, dealId)}.`);
      return;
    } else if (key === 'Tab') {
      return;
    }
    if (key.startsWith('Arrow')) {
      event.preventDefault();
      if (next) {
        setColumns(next);
        say(`${titleOf(next, dealId)} in ${positionText(next, dealId)}.`);
      } else {
        say(`${titleOf(columns, dealId)} cannot go further. Still in ${positionText(columns, dealId)}.`);
      }
    }
  }

  function onHandleBlur(dealId: string) {
    // Leaving a lifted card (Tab, a click elsewhere) cancels the move; the board's own refocus
    // after a move between columns does not.
    setTimeout(() => {
      if (liftedRef.current !== dealId) return;
      if (document.activeElement?.id === handleId(dealId)) return;
      const before = snapshot.current;
      snapshot.current = null;
      setLifted(null);
      if (before) setColumns(before);
      say('Move cancelled.');
    }, 100);
  }

  const activeDeal = activeId ? columns.flatMap((c) => c.deals).find((d) => d.id === activeId) : undefined;

  return (
    <div className="grid min-w-0 gap-3">
      <p id={INSTRUCTIONS_ID} className="sr-only">
        To move a deal, press Space or Enter on its move button, move it with the arrow keys (left and right
        between stages, up and down within a stage), then press Space or Enter to drop it, or Escape to
        cancel.
      </p>
      <div aria-live="assertive" aria-atomic="true" className="sr-only">
        {announcement}
      </div>
      {error ? (
        <Alert variant="error" onClick={() => setError(null)}>
          {error}
        </Alert>
      ) : null}
      <DndContext
        sensors={sensors}
        collisionDetection={collisionDetection}
        onDragStart={onDragStart}
        onDragOver={onDragOver}
        onDragEnd={onDragEnd}
        onDragCancel={onDragCancel}
        accessibility={{
          announcements: {
            onDragStart: ({ active }) => `Picked up ${titleOf(columns, String(active.id))}.`,
            onDragOver: ({ active, over }) =>
              over
                ? `${titleOf(columns, String(active.id))} is over ${positionText(columns, String(active.id))}.`
                : undefined,
            onDragEnd: ({ active }) => `${titleOf(columns, String(active.id))} dropped.`,
            onDragCancel: ({ active }) => `Move of ${titleOf(columns, String(active.id))} cancelled.`,
          },
        }}
      >
        <section
          aria-label={`${board.pipeline.name} pipeline board`}
          className="relative -mx-4 overflow-x-auto px-4 pb-4 sm:mx-0 sm:px-0"
        >
          <ol className="flex w-full items-start gap-3">
            {columns.map((column) => (
              <StageColumn
                key={column.stage.id}
                column={column}
                totals={localTotals(
                  column,
                  board.columns.find((c) => c.stage.id === column.stage.id),
                )}
                money={money}
                locale={tenant.locale}
                canMove={canMove}
                lifted={lifted}
                activeId={activeId}
                onHandleKeyDown={onHandleKeyDown}
                onHandleBlur={onHandleBlur}
              />
            ))}
          </ol>
        </section>
        <DragOverlay dropAnimation={null}>
          {activeDeal ? (
            <DealCardBody
              deal={activeDeal}
              money={money}
              locale={tenant.locale}
              className="rotate-1 shadow-lg"
            />
          ) : null}
        </DragOverlay>
      </DndContext>
      {lostPrompt ? (
        <LostReasonDialog
          title={titleOf(lostPrompt.next, lostPrompt.dealId)}
          onCancel={() => {
            setColumns(lostPrompt.snapshot);
            say(
              `Move cancelled. ${titleOf(lostPrompt.snapshot, lostPrompt.dealId)} is back in ${positionText(lostPrompt.snapshot, lostPrompt.dealId)}.`,
            );
            setLostPrompt(null);
          }}
          onConfirm={(reason) => {
            const prompt = lostPrompt;
            setLostPrompt(null);
            void commit(prompt.snapshot, prompt.next, prompt.dealId, reason);
          }}
        />
      ) : null}
    </div>
  );
}

function StageTotals({
  totals,
  money,
  kind,
}: {
  totals: DealTotals;
  money: (m: number, c: string) => string;
  kind: string;
}) {
  if (totals.amounts.length === 0) return <p className="text-muted-foreground text-xs">No amount</p>;
  return (
    <ul className="grid gap-0.5 text-xs">
      {totals.amounts.map((a) => (
        <li key={a.currency} className="flex flex-wrap justify-between gap-x-2">
          <span className="font-medium tabular-nums">{money(a.amount_minor, a.currency)}</span>
          {kind === 'open' ? (
            <span className="text-muted-foreground tabular-nums">
              weighted {money(a.weighted_amount_minor, a.currency)}
            </span>
          ) : null}
        </li>
      ))}
    </ul>
  );
}

function StageColumn({
  column,
  totals,
  money,
  locale,
  canMove,
  lifted,
  activeId,
  onHandleKeyDown,
  onHandleBlur,
}: {
  column: Column;
  /** The stage's totals as the cards shown make them (see localTotals). */
  totals: DealTotals;
  money: (minor: number, currency: string) => string;
  locale: string;
  canMove: boolean;
  lifted: string | null;
  activeId: string | null;
  onHandleKeyDown: (event: KeyboardEvent<HTMLButtonElement>, dealId: string) => void;
  onHandleBlur: (dealId: string) => void;
}) {
  const { setNodeRef, isOver } = useDroppable({ id: `stage:${column.stage.id}` });
  const headingId = `stage-${column.stage.id}`;
  const hidden = totals.count - column.deals.length;
  return (
    <li
      aria-labelledby={headingId}
      className={cn(
        'flex w-[min(17rem,80vw)] shrink-0 flex-col rounded-xl border bg-muted/40 lg:w-auto lg:min-w-[12rem] lg:flex-1',
        isOver && 'border-primary/50 bg-primary/5',
      )}
    >
      <header className="grid gap-1 border-b p-3">
        <div className="flex items-center justify-between gap-2">
          <h2 id={headingId} className="truncate font-semibold text-sm">
            {column.stage.name}
          </h2>
          <Badge
            variant={
              column.stage.kind === 'won'
                ? 'success'
                : column.stage.kind === 'lost'
                  ? 'destructive'
                  : 'secondary'
            }
          >
            <span className="sr-only">Deals: </span>
            {totals.count}
          </Badge>
        </div>
        <StageTotals totals={totals} money={money} kind={column.stage.kind} />
        {column.stage.kind === 'open' ? (
          <p className="text-muted-foreground text-xs">{column.stage.probability}% likely</p>
        ) : null}
      </header>
      <SortableContext items={column.deals.map((d) => d.id)} strategy={verticalListSortingStrategy}>
        <ol
          ref={setNodeRef}
          aria-label={`Deals in ${column.stage.name}`}
          className="grid min-h-24 content-start gap-2 p-2"
        >
          {column.deals.map((deal) => (
            <DealCard
              key={deal.id}
              deal={deal}
              money={money}
              locale={locale}
              canMove={canMove}
              lifted={lifted === deal.id}
              dragging={activeId === deal.id}
              onHandleKeyDown={onHandleKeyDown}
              onHandleBlur={onHandleBlur}
            />
          ))}
          {column.deals.length === 0 ? (
            <li className="rounded-lg border border-dashed p-3 text-center text-muted-foreground text-xs">
              No deals
            </li>
          ) : null}
        </ol>
      </SortableContext>
      {hidden > 0 ? <p className="px-3 pb-3 text-muted-foreground text-xs">and {hidden} more</p> : null}
    </li>
  );
}

function DealCard({
  deal,
  money,
  locale,
  canMove,
  lifted,
  dragging,
  onHandleKeyDown,
  onHandleBlur,
}: {
  deal: Deal;
  money: (minor: number, currency: string) => string;
  locale: string;
  canMove: boolean;
  lifted: boolean;
  dragging: boolean;
  onHandleKeyDown: (event: KeyboardEvent<HTMLButtonElement>, dealId: string) => void;
  onHandleBlur: (dealId: string) => void;
}) {
  const { setNodeRef, listeners, transform, transition } = useSortable({ id: deal.id, disabled: !canMove });
  return (
    <li
      ref={setNodeRef}
      style={{ transform: CSS.Translate.toString(transform), transition }}
      data-deal-id={deal.id}
      className={cn('list-none', dragging && 'opacity-40')}
      {...(canMove ? listeners : {})}
    >
      <DealCardBody
        deal={deal}
        money={money}
        locale={locale}
        className={cn(canMove && 'cursor-grab active:cursor-grabbing', lifted && 'ring-2 ring-primary')}
        handle={
          canMove ? (
            <button
              type="button"
              id={handleId(deal.id)}
              aria-label={`Move ${deal.title}`}
              aria-describedby={INSTRUCTIONS_ID}
              aria-pressed={lifted}
              onKeyDown={(event) => onHandleKeyDown(event, deal.id)}
              onBlur={() => onHandleBlur(deal.id)}
              className="-m-1 shrink-0 rounded p-1 text-muted-foreground hover:bg-accent hover:text-foreground aria-pressed:bg-primary aria-pressed:text-primary-foreground"
            >
              <GripVertical aria-hidden="true" className="size-4" />
            </button>
          ) : null
        }
      />
    </li>
  );
}

function DealCardBody({
  deal,
  money,
  locale,
  className,
  handle,
}: {
  deal: Deal;
  money: (minor: number, currency: string) => string;
  locale: string;
  className?: string | undefined;
  handle?: React.ReactNode;
}) {
  const memberName = useMemberName();
  return (
    <article
      className={cn('grid gap-2 rounded-lg border bg-card p-3 text-card-foreground shadow-xs', className)}
    >
      <div className="flex items-start gap-2">
        <h3 className="min-w-0 flex-1 break-words font-medium text-sm leading-snug">
          <Link href={`/deals/${deal.id}`} className="underline-offset-4 hover:underline" draggable={false}>
            {deal.title}
          </Link>
        </h3>
        {handle}
      </div>
      <div className="flex flex-wrap items-center justify-between gap-2">
        <span className="font-semibold text-sm tabular-nums">{money(deal.amount_minor, deal.currency)}</span>
        {deal.status === 'won' ? <Badge variant="success">Won</Badge> : null}
        {deal.status === 'lost' ? <Badge variant="destructive">Lost</Badge> : null}
      </div>
      <div className="flex items-center justify-between gap-2 text-muted-foreground text-xs">
        {deal.expected_close_date && deal.status === 'open' ? (
          <span className="inline-flex items-center gap-1">
            <CalendarDays aria-hidden="true" className="size-3.5" />
            <span className="sr-only">Expected close </span>
            {formatDay(deal.expected_close_date, locale)}
          </span>
        ) : (
          <span />
        )}
        {deal.owner_id ? (
          <span
            title={memberName(deal.owner_id)}
            className="flex size-6 items-center justify-center rounded-full bg-primary/15 font-semibold text-[0.65rem] text-primary"
          >
            <span aria-hidden="true">{initialsOf(memberName(deal.owner_id))}</span>
            <span className="sr-only">Owner: {memberName(deal.owner_id)}</span>
          </span>
        ) : null}
      </div>
    </article>
  );
}

function LostReasonDialog({
  title,
  onCancel,
  onConfirm,
}: {
  title: string;
  onCancel: () => void;
  onConfirm: (reason: string | null) => void;
}) {
  const [reason, setReason] = useState('');
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    onConfirm(reason.trim() || null);
  }
  return (
    <Dialog open onOpenChange={(open) => (open ? null : onCancel())}>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>Why was “{title}” lost?</DialogTitle>
          <DialogDescription>
            The reason helps you see patterns later. You can leave it empty.
          </DialogDescription>
        </DialogHeader>
        <form onSubmit={submit} className="grid gap-4">
          <Field label="Lost reason" optional>
            <Input
              value={reason}
              onChange={(e) => setReason(e.target.value)}
              maxLength={500}
              autoFocus
              placeholder="Price, timing, went with a competitor…"
            />
          </Field>
          <DialogFooter>
            <Button variant="outline" onClick={onCancel}>
              Keep it open
            </Button>
            <Button type="submit" variant="destructive">
              Mark as lost
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
