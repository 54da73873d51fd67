'use client';
/**
 * @module tasks
 * Tasks as lists everywhere (the Tasks page, a contact's, a company's or a deal's): a checkbox
 * completing each one, its priority and due time (in the tenant's time zone, "Overdue" when
 * late), its assignee and what it is about; a quick-add form; editing in a dialog.
 */
import {
  TASK_PRIORITIES,
  TASK_STATUSES,
  type Task,
  TaskCreateSchema,
  type TaskPriority,
  TaskUpdateSchema,
} from '@comptoir/contracts/crm/tasks';
import {
  Alert,
  apiRequest,
  Badge,
  Button,
  Checkbox,
  ConfirmButton,
  cn,
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
  Field,
  type FieldErrors,
  fieldErrorsOfIssues,
  focusFirstInvalid,
  Input,
  NativeSelect,
  Textarea,
} from '@comptoir/ui';
import { Pencil, Plus, Trash2 } from 'lucide-react';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { type FormEvent, useRef, useState, useTransition } from 'react';
import { formatDate, utcToZonedInput, zonedToUtc } from '@/lib/format';
import { useCan, useMemberName, useSession } from '@/lib/session';
import { MemberSelect } from './pickers';

/** What a task list is about (new tasks are attached to it). */
export interface TaskSubject {
  contact_id?: string;
  company_id?: string;
  deal_id?: string;
}

/** Names of the records tasks point to, by id (resolved by the page). */
export type RecordNames = Record<string, string>;

export const PRIORITY_LABELS: Record<TaskPriority, string> = {
  low: 'Low',
  normal: 'Normal',
  high: 'High',
  urgent: 'Urgent',
};

const STATUS_LABELS: Record<string, string> = {
  open: 'To do',
  in_progress: 'In progress',
  done: 'Done',
  cancelled: 'Cancelled',
};

/** A badge for the priorities that stand out (high, urgent) and low; normal shows nothing. */
export function PriorityBadge({ priority }: { priority: TaskPriority }) {
  if (priority === 'normal') return null;
  return (
    <Badge variant={priority === 'urgent' ? 'destructive' : priority === 'high' ? 'warning' : 'secondary'}>
      {PRIORITY_LABELS[priority]} priority
    </Badge>
  );
}

/** Props of {@link TaskList}. */
export interface TaskListProps {
  tasks: readonly Task[];
  names?: RecordNames;
  /** Hide the link to this record (the page is about it). */
  subject?: TaskSubject;
  /** Shown when there is no task. */
  emptyText?: string;
  /** Called after a task changed (the page reloads its data). */
  onChanged?: () => void;
}

/** The tasks with their checkboxes. */
export function TaskList({
  tasks,
  names = {},
  subject = {},
  emptyText = 'No tasks.',
  onChanged,
}: TaskListProps) {
  if (tasks.length === 0) return <p className="text-muted-foreground text-sm">{emptyText}</p>;
  return (
    <ul className="grid divide-y">
      {tasks.map((task) => (
        <TaskItem key={task.id} task={task} names={names} subject={subject} onChanged={onChanged} />
      ))}
    </ul>
  );
}

function TaskItem({
  task,
  names,
  subject,
  onChanged,
}: {
  task: Task;
  names: RecordNames;
  subject: TaskSubject;
  onChanged?: (() => void) | undefined;
}) {
  const router = useRouter();
  const [, startTransition] = useTransition();
  const { tenant } = useSession();
  const memberName = useMemberName();
  const canUpdate = useCan('tasks:update');
  const canDelete = useCan('tasks:delete');
  const [done, setDone] = useState(task.status === 'done');
  const [error, setError] = useState<string | null>(null);
  const [editing, setEditing] = useState(false);

  const refresh = () => {
    onChanged?.();
    startTransition(() => router.refresh());
  };

  async function toggle(checked: boolean) {
    setDone(checked);
    setError(null);
    const result = await apiRequest<Task>(`/api/crm/tasks/${task.id}`, {
      method: 'PATCH',
      body: { status: checked ? 'done' : 'open' },
    });
    if (!result.ok) {
      setDone(!checked);
      setError(result.message);
      return;
    }
    refresh();
  }

  const links = [
    task.contact_id && !subject.contact_id
      ? { href: `/contacts/${task.contact_id}`, label: names[task.contact_id] ?? 'Contact' }
      : null,
    task.company_id && !subject.company_id
      ? { href: `/companies/${task.company_id}`, label: names[task.company_id] ?? 'Company' }
      : null,
    task.deal_id && !subject.deal_id
      ? { href: `/deals/${task.deal_id}`, label: names[task.deal_id] ?? 'Deal' }
      : null,
  ].filter((l) => l !== null);
  const overdue = task.overdue && !done;

  return (
    <li className="flex items-start gap-3 py-3">
      <Checkbox
        className="mt-0.5 size-5"
        checked={done}
        disabled={!canUpdate || task.status === 'cancelled'}
        aria-label={`Mark “${task.title}” as ${done ? 'not done' : 'done'}`}
        onChange={(event) => toggle(event.target.checked)}
      />
      <div className="grid min-w-0 flex-1 gap-1">
        <p className={cn('break-words font-medium text-sm', done && 'text-muted-foreground line-through')}>
          {task.title}
        </p>
        <div className="flex flex-wrap items-center gap-x-3 gap-y-1 text-muted-foreground text-xs">
          {task.due_at ? (
            <span className={cn(overdue && 'font-medium text-destructive')}>
              Due <time dateTime={task.due_at}>{formatDate(task.due_at, tenant, true)}</time>
            </span>
          ) : (
            <span>No due date</span>
          )}
          {overdue ? <Badge variant="destructive">Overdue</Badge> : null}
          <PriorityBadge priority={task.priority} />
          {task.status === 'in_progress' || task.status === 'cancelled' ? (
            <Badge variant="outline">{STATUS_LABELS[task.status]}</Badge>
          ) : null}
          <span>{task.assignee_id ? memberName(task.assignee_id) : 'Unassigned'}</span>
          {links.map((l) => (
            <Link key={l.href} href={l.href} className="underline underline-offset-4 hover:text-foreground">
              {l.label}
            </Link>
          ))}
        </div>
        {task.description ? (
          <p className="whitespace-pre-wrap break-words text-muted-foreground text-sm">{task.description}</p>
        ) : null}
        {error ? (
          <p role="alert" className="text-destructive text-xs">
            {error}
          </p>
        ) : null}
      </div>
      <div className="flex shrink-0 items-center">
        {canUpdate ? (
          <Button
            variant="ghost"
            size="icon-sm"
            aria-label={`Edit task “${task.title}”`}
            onClick={() => setEditing(true)}
          >
            <Pencil aria-hidden="true" />
          </Button>
        ) : null}
        {canDelete ? (
          <ConfirmButton
            variant="ghost"
            size="icon-sm"
            aria-label={`Delete task “${task.title}”`}
            title="Delete this task?"
            description={task.title}
            confirmLabel="Delete"
            pendingLabel="Deleting…"
            onConfirm={async () => {
              const result = await apiRequest(`/api/crm/tasks/${task.id}`, { method: 'DELETE' });
              if (!result.ok) return result.message;
              refresh();
              return null;
            }}
          >
            <Trash2 aria-hidden="true" />
          </ConfirmButton>
        ) : null}
      </div>
      {editing ? <EditTaskDialog task={task} onClose={() => setEditing(false)} onSaved={refresh} /> : null}
    </li>
  );
}

function EditTaskDialog({
  task,
  onClose,
  onSaved,
}: {
  task: Task;
  onClose: () => void;
  onSaved: () => void;
}) {
  const { tenant } = useSession();
  const [assignee, setAssignee] = useState<string | null>(task.assignee_id);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [message, setMessage] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const text = (key: string) => String(data.get(key) ?? '').trim();
    const due = text('due_at');
    const parsed = TaskUpdateSchema.safeParse({
      title: text('title'),
      description: text('description') || null,
      due_at: due ? zonedToUtc(due, tenant.time_zone) : null,
      priority: text('priority'),
      status: text('status'),
      assignee_id: assignee,
    });
    if (!parsed.success) {
      setErrors(fieldErrorsOfIssues(parsed.error.issues));
      focusFirstInvalid(formRef.current);
      return;
    }
    setPending(true);
    const result = await apiRequest(`/api/crm/tasks/${task.id}`, { method: 'PATCH', body: parsed.data });
    setPending(false);
    if (!result.ok) {
      setErrors(result.fieldErrors);
      setMessage(result.message);
      focusFirstInvalid(formRef.current);
      return;
    }
    onSaved();
    onClose();
  }

  return (
    <Dialog open onOpenChange={(open) => (open ? null : onClose())}>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>Edit task</DialogTitle>
          <DialogDescription>Due times are in {tenant.time_zone}.</DialogDescription>
        </DialogHeader>
        <form ref={formRef} onSubmit={submit} noValidate className="grid gap-4">
          {message ? <Alert variant="error">{message}</Alert> : null}
          <Field label="Title" error={errors.title}>
            <Input name="title" defaultValue={task.title} maxLength={300} autoComplete="off" />
          </Field>
          <div className="grid gap-4 sm:grid-cols-2">
            <Field label="Due" optional error={errors.due_at}>
              <Input
                name="due_at"
                type="datetime-local"
                defaultValue={utcToZonedInput(task.due_at, tenant.time_zone)}
              />
            </Field>
            <Field label="Assignee" error={errors.assignee_id}>
              <MemberSelect value={assignee} onChange={setAssignee} noneLabel="Unassigned" />
            </Field>
            <Field label="Priority" error={errors.priority}>
              <NativeSelect name="priority" defaultValue={task.priority}>
                {TASK_PRIORITIES.map((p) => (
                  <option key={p} value={p}>
                    {PRIORITY_LABELS[p]}
                  </option>
                ))}
              </NativeSelect>
            </Field>
            <Field label="Status" error={errors.status}>
              <NativeSelect name="status" defaultValue={task.status}>
                {TASK_STATUSES.map((s) => (
                  <option key={s} value={s}>
                    {STATUS_LABELS[s]}
                  </option>
                ))}
              </NativeSelect>
            </Field>
          </div>
          <Field label="Description" optional error={errors.description}>
            <Textarea name="description" defaultValue={task.description ?? ''} rows={3} maxLength={20000} />
          </Field>
          <DialogFooter>
            <Button variant="outline" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" pending={pending}>
              {pending ? 'Saving…' : 'Save task'}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}

/** Props of {@link QuickAddTask}. */
export interface QuickAddTaskProps {
  subject?: TaskSubject;
  /** Called with the new task. */
  onAdded?: (task: Task) => void;
  className?: string;
}

/** One line to add a task: title, due time, priority, assignee (the signed-in member by default). */
export function QuickAddTask({ subject = {}, onAdded, className }: QuickAddTaskProps) {
  const router = useRouter();
  const [, startTransition] = useTransition();
  const { tenant, userId } = useSession();
  const [assignee, setAssignee] = useState<string | null>(userId);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [message, setMessage] = useState<string | null>(null);
  const [status, setStatus] = useState('');
  const [pending, setPending] = useState(false);
  const [formKey, setFormKey] = useState(0);
  const formRef = useRef<HTMLFormElement>(null);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const text = (key: string) => String(data.get(key) ?? '').trim();
    const due = text('due_at');
    const parsed = TaskCreateSchema.safeParse({
      title: text('title'),
      ...(due ? { due_at: zonedToUtc(due, tenant.time_zone) } : {}),
      priority: text('priority') || 'normal',
      assignee_id: assignee,
      ...subject,
    });
    if (!parsed.success) {
      setErrors(fieldErrorsOfIssues(parsed.error.issues));
      focusFirstInvalid(formRef.current);
      return;
    }
    setPending(true);
    setMessage(null);
    const result = await apiRequest<Task>('/api/crm/tasks', { method: 'POST', body: parsed.data });
    setPending(false);
    if (!result.ok) {
      setErrors(result.fieldErrors);
      setMessage(result.message);
      focusFirstInvalid(formRef.current);
      return;
    }
    setErrors({});
    setFormKey((k) => k + 1);
    setStatus(`Task “${result.data.title}” added.`);
    onAdded?.(result.data);
    startTransition(() => router.refresh());
  }

  return (
    <div className={cn('grid gap-2', className)}>
      <form
        key={formKey}
        ref={formRef}
        onSubmit={submit}
        noValidate
        aria-label="Add a task"
        className="grid gap-3 rounded-lg border bg-muted/30 p-3"
      >
        {message ? <Alert variant="error">{message}</Alert> : null}
        <Field label="New task" error={errors.title}>
          <Input name="title" maxLength={300} autoComplete="off" placeholder="Call back about the quote…" />
        </Field>
        <Field label="Due" optional error={errors.due_at}>
          <Input name="due_at" type="datetime-local" />
        </Field>
        <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-1 xl:grid-cols-2">
          <Field label="Priority" error={errors.priority}>
            <NativeSelect name="priority" defaultValue="normal">
              {TASK_PRIORITIES.map((p) => (
                <option key={p} value={p}>
                  {PRIORITY_LABELS[p]}
                </option>
              ))}
            </NativeSelect>
          </Field>
          <Field label="Assignee" error={errors.assignee_id}>
            <MemberSelect value={assignee} onChange={setAssignee} noneLabel="Unassigned" />
          </Field>
        </div>
        <div>
          <Button type="submit" size="sm" pending={pending}>
            <Plus aria-hidden="true" />
            {pending ? 'Adding…' : 'Add task'}
          </Button>
        </div>
      </form>
      <p role="status" className="text-muted-foreground text-sm empty:hidden">
        {status}
      </p>
    </div>
  );
}
