'use client';
/**
 * @module timeline
 * The activity timeline of a contact, a company or a deal: notes, calls, e-mails and meetings,
 * newest first, older ones on demand (cursor), and a composer adding one (`POST /activities`).
 */
import { type Activity, ActivityCreateSchema, type ActivityType } from '@comptoir/contracts/crm/activities';
import {
  Alert,
  apiRequest,
  Button,
  ConfirmButton,
  EmptyState,
  Field,
  type FieldErrors,
  fieldErrorsOfIssues,
  Input,
  Textarea,
} from '@comptoir/ui';
import { CalendarClock, Mail, MessageSquareText, Phone, Trash2 } from 'lucide-react';
import { type FormEvent, useEffect, useState } from 'react';
import { formatDate, zonedToUtc } from '@/lib/format';
import { useCan, useMemberName, useSession } from '@/lib/session';

/** What the timeline belongs to (one or more of). */
export interface TimelineSubject {
  contact_id?: string;
  company_id?: string;
  deal_id?: string;
}

const TYPES: { value: ActivityType; label: string; icon: typeof Mail }[] = [
  { value: 'note', label: 'Note', icon: MessageSquareText },
  { value: 'call', label: 'Call', icon: Phone },
  { value: 'email', label: 'Email', icon: Mail },
  { value: 'meeting', label: 'Meeting', icon: CalendarClock },
];

/** Props of {@link Timeline}. */
export interface TimelineProps {
  subject: TimelineSubject;
  /** More records new activities are attached to (a deal's contact), beyond `subject`. */
  attach?: TimelineSubject;
  /** The first page, loaded by the page. */
  initial: { data: Activity[]; next_cursor: string | null };
}

/** The composer and the activities. */
export function Timeline({ subject, attach, initial }: TimelineProps) {
  const [items, setItems] = useState(initial.data);
  const [cursor, setCursor] = useState(initial.next_cursor);
  const [loadingMore, setLoadingMore] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const canCreate = useCan('activities:create');
  const canDelete = useCan('activities:delete');
  const { tenant } = useSession();
  const memberName = useMemberName();

  useEffect(() => {
    setItems(initial.data);
    setCursor(initial.next_cursor);
  }, [initial]);

  async function loadMore() {
    if (!cursor) return;
    setLoadingMore(true);
    const params = new URLSearchParams({ ...(subject as Record<string, string>), limit: '20', cursor });
    const result = await apiRequest<{ data: Activity[]; next_cursor: string | null }>(
      `/api/crm/activities?${params}`,
    );
    setLoadingMore(false);
    if (!result.ok) return setError(result.message);
    setItems((current) => [
      ...current,
      ...result.data.data.filter((a) => !current.some((c) => c.id === a.id)),
    ]);
    setCursor(result.data.next_cursor);
  }

  async function remove(activity: Activity) {
    const result = await apiRequest(`/api/crm/activities/${activity.id}`, { method: 'DELETE' });
    if (!result.ok) return result.message;
    setItems((current) => current.filter((a) => a.id !== activity.id));
    return null;
  }

  return (
    <div className="grid gap-4">
      {canCreate ? (
        <Composer
          subject={{ ...attach, ...subject }}
          onAdded={(activity) =>
            setItems((current) =>
              [activity, ...current].sort((a, b) => b.occurred_at.localeCompare(a.occurred_at)),
            )
          }
        />
      ) : null}
      {error ? <Alert variant="error">{error}</Alert> : null}
      {items.length === 0 ? (
        <EmptyState
          title="Nothing on the timeline yet"
          description="Notes, calls, e-mails and meetings will appear here, newest first."
          headingLevel={3}
          className="py-8"
        />
      ) : (
        <ol aria-label="Activities, newest first" className="grid gap-0">
          {items.map((activity) => {
            const type = TYPES.find((t) => t.value === activity.type) ?? TYPES[0]!;
            const Icon = type.icon;
            return (
              <li key={activity.id} className="group relative grid grid-cols-[2rem_1fr] gap-3 pb-5 last:pb-0">
                <span
                  aria-hidden="true"
                  className="absolute top-8 bottom-0 left-4 w-px bg-border group-last:hidden"
                />
                <span className="z-10 flex size-8 items-center justify-center rounded-full border bg-card text-muted-foreground">
                  <Icon aria-hidden="true" className="size-4" />
                </span>
                <article className="grid min-w-0 gap-1">
                  <header className="flex flex-wrap items-baseline gap-x-2 gap-y-0.5">
                    <h3 className="font-medium text-sm">
                      <span className="sr-only">{type.label}: </span>
                      {activity.subject || type.label}
                    </h3>
                    <span className="text-muted-foreground text-xs">
                      <time dateTime={activity.occurred_at}>
                        {formatDate(activity.occurred_at, tenant, true)}
                      </time>
                      {activity.duration_minutes ? ` · ${activity.duration_minutes} min` : ''}
                      {activity.created_by ? ` · ${memberName(activity.created_by)}` : ''}
                    </span>
                    {canDelete ? (
                      <ConfirmButton
                        variant="ghost"
                        size="icon-sm"
                        className="ml-auto size-7 text-muted-foreground"
                        aria-label={`Delete ${type.label.toLowerCase()} ${activity.subject ?? ''}`.trim()}
                        title={`Delete this ${type.label.toLowerCase()}?`}
                        description="It leaves the timeline."
                        confirmLabel="Delete"
                        pendingLabel="Deleting…"
                        onConfirm={() => remove(activity)}
                      >
                        <Trash2 aria-hidden="true" />
                      </ConfirmButton>
                    ) : null}
                  </header>
                  {activity.body ? (
                    <p className="whitespace-pre-wrap break-words text-muted-foreground text-sm">
                      {activity.body}
                    </p>
                  ) : null}
                </article>
              </li>
            );
          })}
        </ol>
      )}
      {cursor ? (
        <div>
          <Button variant="outline" size="sm" pending={loadingMore} onClick={loadMore}>
            {loadingMore ? 'Loading…' : 'Show older activities'}
          </Button>
        </div>
      ) : null}
    </div>
  );
}

function Composer({ subject, onAdded }: { subject: TimelineSubject; onAdded: (activity: Activity) => void }) {
  const { tenant } = useSession();
  const [type, setType] = useState<ActivityType>('note');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [message, setMessage] = useState<string | null>(null);
  const [status, setStatus] = useState('');
  const [pending, setPending] = useState(false);
  const [when, setWhen] = useState('');
  const [formKey, setFormKey] = useState(0);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const text = (key: string) => String(data.get(key) ?? '').trim();
    const duration = text('duration_minutes');
    const occurred = when ? zonedToUtc(when, tenant.time_zone) : null;
    const input = {
      type,
      subject: text('subject') || null,
      body: text('body') || null,
      ...(occurred ? { occurred_at: occurred } : {}),
      ...(duration ? { duration_minutes: Number(duration) } : {}),
      ...subject,
    };
    if (!input.subject && !input.body) {
      setErrors({ body: 'Write what happened' });
      return;
    }
    const parsed = ActivityCreateSchema.safeParse(input);
    if (!parsed.success) {
      setErrors(fieldErrorsOfIssues(parsed.error.issues));
      return;
    }
    setPending(true);
    setMessage(null);
    const result = await apiRequest<Activity>('/api/crm/activities', { method: 'POST', body: parsed.data });
    setPending(false);
    if (!result.ok) {
      setErrors(result.fieldErrors);
      setMessage(result.message);
      return;
    }
    onAdded(result.data);
    setErrors({});
    setWhen('');
    setFormKey((k) => k + 1);
    setStatus(`${TYPES.find((t) => t.value === type)?.label ?? 'Activity'} added to the timeline.`);
  }

  const timed = type === 'call' || type === 'meeting';
  return (
    <div className="grid gap-2">
      <form
        key={formKey}
        onSubmit={submit}
        noValidate
        className="grid gap-3 rounded-lg border bg-muted/30 p-3"
      >
        <fieldset>
          <legend className="sr-only">Kind of activity</legend>
          <div className="flex flex-wrap gap-1">
            {TYPES.map((t) => {
              const Icon = t.icon;
              return (
                <label
                  key={t.value}
                  className="inline-flex cursor-pointer items-center gap-1.5 rounded-md border border-transparent px-2.5 py-1.5 text-sm has-[:checked]:border-border has-[:checked]:bg-background has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-ring"
                >
                  <input
                    type="radio"
                    name="type"
                    value={t.value}
                    checked={type === t.value}
                    onChange={() => setType(t.value)}
                    className="sr-only"
                  />
                  <Icon aria-hidden="true" className="size-4" />
                  {t.label}
                </label>
              );
            })}
          </div>
        </fieldset>
        {message ? <Alert variant="error">{message}</Alert> : null}
        <Field label="Subject" optional error={errors.subject}>
          <Input name="subject" maxLength={300} autoComplete="off" />
        </Field>
        <Field label="What happened" error={errors.body}>
          <Textarea name="body" rows={3} maxLength={50000} />
        </Field>
        <div className="grid gap-3 sm:grid-cols-2">
          <Field label="When" optional hint={`Now if empty · ${tenant.time_zone}`} error={errors.occurred_at}>
            <Input type="datetime-local" value={when} onChange={(e) => setWhen(e.target.value)} />
          </Field>
          {timed ? (
            <Field label="Duration (minutes)" optional error={errors.duration_minutes}>
              <Input name="duration_minutes" type="number" min={0} max={10080} inputMode="numeric" />
            </Field>
          ) : null}
        </div>
        <div>
          <Button type="submit" size="sm" pending={pending}>
            {pending
              ? 'Adding…'
              : `Add ${TYPES.find((t) => t.value === type)?.label.toLowerCase() ?? 'activity'}`}
          </Button>
        </div>
      </form>
      <p role="status" className="text-muted-foreground text-sm empty:hidden">
        {status}
      </p>
    </div>
  );
}
